// duplicity (Debian's 0.8) as a benchmark peer: GnuPG symmetric encryption, file:// target, defaults.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { folderBytes, requireRepo, type BackupTool, type ToolContext } from './backup-tool.js';

export function createDuplicity(context: ToolContext): BackupTool {
  const { runner, scratchDir } = context;
  let repoDir: string | undefined;
  const gnupgHome = path.join(scratchDir, 'gnupg');
  const env = (): Record<string, string> => ({
    // With PASSPHRASE and no --encrypt-key duplicity encrypts symmetrically.
    PASSPHRASE: context.passphrase,
    GNUPGHOME: gnupgHome,
    HOME: path.join(scratchDir, 'home'),
    TMPDIR: path.join(scratchDir, 'tmp'),
  });
  // The archive dir holds duplicity's local copy of the signatures (normally ~/.cache/duplicity).
  const local = (): string[] => ['--archive-dir', path.join(scratchDir, 'archive'), '--name', 'bench'];
  const url = (): string => `file://${requireRepo(repoDir, 'duplicity')}`;
  return {
    name: 'duplicity',
    settings:
      'duplicity defaults (200 MB volumes, GnuPG symmetric encryption with its default cipher and compression, ' +
      'librsync deltas); --archive-dir, --name, GNUPGHOME and TMPDIR in the temp folder',
    async version() {
      const { stdout } = await runner.run({ argv: ['duplicity', '--version'] });
      return stdout.trim();
    },
    async init(repo) {
      repoDir = repo;
      for (const folder of [repo, gnupgHome, path.join(scratchDir, 'home'), path.join(scratchDir, 'tmp')]) {
        await mkdir(folder, { recursive: true, mode: 0o700 });
      }
    },
    async backup(sourceDir, label) {
      const kind = label === 'full' ? 'full' : 'incremental';
      await runner.run({
        argv: ['duplicity', kind, '--no-print-statistics', ...local(), sourceDir, url()],
        env: env(),
      });
    },
    async restore(destDir) {
      // --force: the destination is the (empty) folder the benchmark made, which duplicity would refuse.
      await runner.run({ argv: ['duplicity', 'restore', '--force', ...local(), url(), destDir], env: env() });
    },
    repoBytes: () => folderBytes(requireRepo(repoDir, 'duplicity')),
    // duplicity restores the content of the source folder directly into the destination.
    restoredRoot: (destDir) => destDir,
    async dispose() {
      // gpg starts a gpg-agent for the temp GnuPG home that outlives duplicity; this ends exactly that one.
      await runner.run({ argv: ['gpgconf', '--kill', 'gpg-agent'], env: env() }).catch(() => undefined);
    },
  };
}
