// Wires the backup capability: its store, sealed secrets and job process, and where things are on this
// box (what is always backed up, what never is, what a restore must not overwrite while we run).
import path from 'node:path';
import { Backups, type BackupsDeps } from '../capabilities/backup/index.js';
import type { CatalogEntry } from '../capabilities/services/index.js';
import { createJobLauncher } from '../drivers/backup-job/job-process.js';
import type { CommandRunner } from '../drivers/command-runner/command-runner.js';
import type { Logger } from '../logger.js';
import { BackupStore } from '../store/backup-store.js';
import type { StateDatabase } from '../store/database.js';
import type { SecretSealer } from '../store/secret-box.js';
import type { Paths } from './paths.js';

export async function createBackups(deps: {
  db: StateDatabase;
  paths: Paths;
  catalog: CatalogEntry[];
  runner: CommandRunner;
  secrets: SecretSealer;
  log: Logger;
  onChange: BackupsDeps['onChange'];
}): Promise<Backups> {
  const { paths, catalog } = deps;
  return new Backups({
    store: new BackupStore(deps.db),
    secrets: deps.secrets,
    launcher: createJobLauncher(deps.runner),
    layout: {
      cockpitSources: [paths.dataDir],
      databases: [paths.database],
      skip: [
        paths.logsDir,
        paths.supervisorDir,
        paths.firewallDir,
        paths.backupDir,
        ...catalog.map((e) => paths.serviceRunDir(e.manifest.id)),
      ],
      protect: [
        paths.database,
        `${paths.database}-wal`,
        `${paths.database}-shm`,
        paths.secretKey,
        paths.cliToken,
      ],
      jobStateDir: paths.backupJobDir,
    },
    services: () =>
      catalog
        .filter((e) => e.manifest.dataDirs.length > 0)
        .map(({ manifest }) => ({
          id: manifest.id,
          name: manifest.name,
          paths: manifest.dataDirs.map((d) => path.join(paths.serviceDataDir(manifest.id), d)),
        })),
    log: deps.log,
    onChange: deps.onChange,
  });
}
