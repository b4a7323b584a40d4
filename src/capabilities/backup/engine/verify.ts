// Verifies backups as a restore would read them: download every volume, decrypt it, and check each file
// in it against the manifest's SHA-256; and that every volume the manifest points to is on the target.
import { createHash } from 'node:crypto';
import { isHausmeisterError } from '../../../errors.js';
import { displayName } from '../archive/byte-names.js';
import type { BackupTarget } from '../backup-target.js';
import type { Progress } from './progress.js';
import { waitingFor, withReadRetries } from './read-retry.js';
import { listStoredBackups, ManifestCache } from './stored-backups.js';
import { unpackVolume } from './volume-unpack.js';

export interface VerifiedBackup {
  id: string;
  target: string;
  ok: boolean;
  files: number;
  /** The bytes of the files checked. */
  bytes: number;
  problems: { messageKey: string; params: Record<string, string | number> }[];
}

export async function verifyBackups(options: {
  targets: BackupTarget[];
  /** The current passphrase first, then older ones. */
  passphrases: string[];
  /** One backup, or every complete backup on every target. */
  backupId?: string;
  progress: Progress;
  cacheDir: string | null;
}): Promise<VerifiedBackup[]> {
  const results: VerifiedBackup[] = [];
  const cache = new ManifestCache(options.cacheDir);
  for (const target of options.targets) {
    await target.check();
    const stored = await listStoredBackups(target);
    const names = new Set(stored.flatMap((b) => b.objects.map((o) => o.name)));
    const chosen = stored.filter((b) => b.complete && (!options.backupId || b.id === options.backupId));
    for (const backup of chosen) {
      const problems: VerifiedBackup['problems'] = [];
      let files = 0;
      let bytes = 0;
      try {
        const { manifest, passphrase } = await cache.load(target, backup.id, options.passphrases);
        const own = manifest.entries.filter(
          (e) => e.type === 'file' && e.object?.startsWith(`${backup.id}/`),
        );
        options.progress.start(
          'verifying',
          own.length,
          own.reduce((sum, e) => sum + e.size, 0),
        );
        for (const entry of manifest.entries)
          if (entry.object && !names.has(entry.object))
            problems.push({ messageKey: 'backup.verify.volumeMissing', params: { object: entry.object } });
        const expected = new Map(own.map((e) => [e.path, e]));
        for (const volume of manifest.volumes) {
          // A file checked before a read broke off is not checked again on the next try.
          let partial = 0;
          const checkFiles = () =>
            unpackVolume(target, volume.object, passphrase, async (found, content) => {
              const entry = expected.get(found.path);
              if (!entry || entry.object !== volume.object) return;
              const hash = createHash('sha256');
              for await (const chunk of content) {
                hash.update(chunk);
                partial += chunk.length;
                options.progress.addBytes(chunk.length);
              }
              if (hash.digest('hex') !== entry.sha256)
                problems.push({
                  messageKey: 'backup.verify.checksumMismatch',
                  params: { path: displayName(entry.path) },
                });
              expected.delete(found.path);
              bytes += partial;
              partial = 0;
              files++;
              options.progress.addFile();
            });
          await withReadRetries(
            async () => {
              try {
                await checkFiles();
              } catch (error) {
                options.progress.takeBack(partial, 0);
                partial = 0;
                throw error;
              }
            },
            waitingFor(options.progress, 'verifying'),
          );
        }
        for (const path of expected.keys())
          problems.push({ messageKey: 'backup.verify.fileMissing', params: { path: displayName(path) } });
      } catch (error) {
        problems.push(
          isHausmeisterError(error)
            ? { messageKey: error.messageKey, params: error.params }
            : { messageKey: 'backup.error.damaged', params: {} },
        );
      }
      results.push({
        id: backup.id,
        target: target.describe(),
        ok: problems.length === 0,
        files,
        bytes,
        problems,
      });
    }
  }
  return results;
}
