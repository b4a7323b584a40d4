// restic (Debian's 0.14) as a benchmark peer: default settings, repository in a temp folder.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  belowWithFullPath,
  folderBytes,
  requireRepo,
  type BackupTool,
  type ToolContext,
} from './backup-tool.js';

export function createRestic(context: ToolContext): BackupTool {
  const { runner, scratchDir } = context;
  let repoDir: string | undefined;
  const env = (): Record<string, string> => ({
    RESTIC_REPOSITORY: requireRepo(repoDir, 'restic'),
    RESTIC_PASSWORD: context.passphrase,
    // Its cache (like ~/.cache/restic) belongs to the run, not to the machine.
    RESTIC_CACHE_DIR: path.join(scratchDir, 'cache'),
    HOME: path.join(scratchDir, 'home'),
  });
  return {
    name: 'restic',
    settings:
      'restic defaults: repository format 2 (what `restic init` creates), compression auto (zstd), ' +
      'content-defined chunks of 0.5–8 MiB, 16 MiB packs; cache in the temp folder',
    async version() {
      const { stdout } = await runner.run({ argv: ['restic', 'version'] });
      return stdout.split(' ').slice(0, 2).join(' ');
    },
    async init(repo) {
      repoDir = repo;
      await mkdir(path.join(scratchDir, 'home'), { recursive: true });
      await runner.run({ argv: ['restic', 'init'], env: env() });
    },
    async backup(sourceDir) {
      // restic has no full/incremental: every snapshot stores only chunks the repository lacks.
      await runner.run({ argv: ['restic', 'backup', sourceDir], env: env() });
    },
    async restore(destDir) {
      await runner.run({ argv: ['restic', 'restore', 'latest', '--target', destDir], env: env() });
    },
    async restoreVerified(destDir) {
      await runner.run({
        argv: ['restic', 'restore', 'latest', '--target', destDir, '--verify'],
        env: env(),
      });
    },
    repoBytes: () => folderBytes(requireRepo(repoDir, 'restic')),
    restoredRoot: belowWithFullPath,
    async dispose() {},
  };
}
