// BorgBackup (Debian's 1.2) as a benchmark peer: repokey-blake2 encryption, lz4, otherwise defaults.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import {
  belowWithFullPath,
  folderBytes,
  requireRepo,
  type BackupLabel,
  type BackupTool,
  type ToolContext,
} from './backup-tool.js';

export function createBorg(context: ToolContext): BackupTool {
  const { runner, scratchDir } = context;
  let repoDir: string | undefined;
  const archives = new Set<string>();
  const env = (): Record<string, string> => ({
    BORG_PASSPHRASE: context.passphrase,
    // Cache, config and security folders (normally ~/.cache/borg, ~/.config/borg) below the run's temp folder.
    BORG_BASE_DIR: scratchDir,
    HOME: path.join(scratchDir, 'home'),
  });
  const archiveName = (label: BackupLabel): string => {
    let name: string = label;
    for (let n = 2; archives.has(name); n++) name = `${label}-${n}`;
    archives.add(name);
    return name;
  };
  return {
    name: 'borg',
    settings:
      'borg init --encryption=repokey-blake2; borg create --compression lz4 (the default chunker, ~2 MiB chunks); ' +
      'cache and config in the temp folder',
    async version() {
      const { stdout } = await runner.run({ argv: ['borg', '--version'] });
      return stdout.trim();
    },
    async init(repo) {
      repoDir = repo;
      await mkdir(path.join(scratchDir, 'home'), { recursive: true });
      await runner.run({ argv: ['borg', 'init', '--encryption=repokey-blake2', repo], env: env() });
    },
    async backup(sourceDir, label) {
      const repo = requireRepo(repoDir, 'borg');
      await runner.run({
        argv: ['borg', 'create', '--compression', 'lz4', `${repo}::${archiveName(label)}`, sourceDir],
        env: env(),
      });
    },
    async restore(destDir) {
      // Looking up the newest archive is part of "restore the latest", as it is for the other tools.
      const repo = requireRepo(repoDir, 'borg');
      const { stdout } = await runner.run({
        argv: ['borg', 'list', '--last', '1', '--short', repo],
        env: env(),
      });
      const latest = stdout.trim().split('\n').pop();
      if (!latest) throw new Error('borg list shows no archive');
      await runner.run({ argv: ['borg', 'extract', `${repo}::${latest}`], cwd: destDir, env: env() });
    },
    repoBytes: () => folderBytes(requireRepo(repoDir, 'borg')),
    // borg stores paths without the leading slash and extracts them below the current folder.
    restoredRoot: belowWithFullPath,
    async dispose() {},
  };
}
