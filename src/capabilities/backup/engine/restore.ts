// Restores files of one point in time: the manifest says which volume holds each file's content (in
// this backup or an older one of its chain), so each needed volume is read once (restore-file.ts
// writes and checks the files); then links, and the folders' permissions and times.
import {
  chmodSync,
  lchownSync,
  lstatSync,
  lutimesSync,
  rmSync,
  symlinkSync,
  utimesSync,
  type Stats,
} from 'node:fs';
import path from 'node:path';
import { HausmeisterError } from '../../../errors.js';
import { isNameRefused } from '../../../files/refused-name.js';
import { displayName, fsPath } from '../archive/byte-names.js';
import type { Manifest, ManifestEntry } from '../archive/manifest.js';
import type { BackupTarget } from '../backup-target.js';
import { mapConcurrent } from './concurrency.js';
import { failpointAfterFirstChunk } from './failpoint.js';
import {
  checkDestination,
  destinationError,
  isUnsupported,
  keepIfPossible,
  makeDestinationFolders,
  onDestination,
  type SkippedEntry,
  type SkipReason,
} from './restore-destination.js';
import type { Progress } from './progress.js';
import { waitingFor, withReadRetries } from './read-retry.js';
import { listStoredBackups, ManifestCache } from './stored-backups.js';
import { VolumeWorkers } from './volume-workers.js';

export interface RestoreOptions {
  /** Where the backup may be, in order of preference (the fast USB disk before the cloud). */
  targets: BackupTarget[];
  /** The current passphrase first, then older ones. */
  passphrases: string[];
  backupId: string;
  /** Absolute paths of files or folders as backed up; empty = everything. */
  paths: string[];
  /** Restore below this folder (keeping the original paths); null = to the original place. */
  destination: string | null;
  progress: Progress;
  cacheDir: string | null;
  /** Never overwritten in place (the cockpit's live database); reported as skipped. */
  protect?: string[];
}

export interface RestoreResult {
  backupId: string;
  target: string;
  files: number;
  bytes: number;
  folders: number;
  links: number;
  skipped: SkippedEntry[];
  /** Files restored without their owner or permissions, which the disk restored onto cannot store. */
  ownersNotKept: number;
}

export async function restoreBackup(options: RestoreOptions): Promise<RestoreResult> {
  if (options.destination !== null) await checkDestination(options.destination);
  const { target, manifest, passphrase } = await openBackup(
    options.targets,
    options.backupId,
    options.passphrases,
    options.cacheDir,
  );
  const selected = selectEntries(manifest, options.paths);
  const skipped: RestoreResult['skipped'] = [];
  const protect = new Set(options.destination === null ? (options.protect ?? []) : []);
  const wanted = selected.filter((entry) => {
    if (!protect.has(entry.path)) return true;
    skipped.push({ path: displayName(entry.path), reason: 'inUse' });
    return false;
  });
  const destinationOf = (p: string) => (options.destination ? path.join(options.destination, p) : p);
  const files = wanted.filter((e) => e.type === 'file');
  const folders = wanted.filter((e) => e.type === 'dir');
  const links = wanted.filter((e) => e.type === 'symlink');
  const asRoot = process.getuid?.() === 0;

  options.progress.start(
    'restoring',
    files.length,
    files.reduce((sum, e) => sum + e.size, 0),
  );
  const leftOut = (entry: ManifestEntry, reason: SkipReason) =>
    skipped.push({ path: displayName(entry.path), reason });
  const madeFolders = folders.filter((folder) => {
    const destination = destinationOf(folder.path);
    try {
      makeDestinationFolders(destination, 0o700);
      return true;
    } catch (error) {
      if (!isNameRefused(error)) throw destinationError(error, destination);
      leftOut(folder, 'nameNotPossible');
      return false;
    }
  });

  const byObject = new Map<string, Map<string, ManifestEntry>>();
  for (const file of files) {
    const object = file.object ?? '';
    if (!byObject.has(object)) byObject.set(object, new Map());
    byObject.get(object)?.set(file.path, file);
  }
  // Volumes are independent: each goes to a worker thread (decrypt, decompress, write, check), one per core.
  // Biggest first (a volume holding one large file takes longest), so no core idles at the end.
  const workers = new VolumeWorkers();
  const restored = { files: 0, bytes: 0, ownersNotKept: 0 };
  try {
    const bytesIn = (entries: Map<string, ManifestEntry>) =>
      [...entries.values()].reduce((sum, entry) => sum + entry.size, 0);
    const volumes = [...byObject].sort(([, a], [, b]) => bytesIn(b) - bytesIn(a));
    let firstRead = true;
    await mapConcurrent(volumes, workers.size, async ([object, entries]) => {
      const files = [...entries.values()].map((entry) => ({ entry, destination: destinationOf(entry.path) }));
      const readVolume = async () => {
        const stream = await target.read(object);
        if (!firstRead) return stream;
        firstRead = false;
        return failpointAfterFirstChunk(stream, 'restore:mid-volume');
      };
      const volume = await withReadRetries(
        async () => {
          const counted = { bytes: 0, files: 0 };
          try {
            return await workers.restore(await readVolume(), {
              object,
              passphrase,
              files,
              asRoot,
              onBytes: (bytes) => {
                counted.bytes += bytes;
                options.progress.addBytes(bytes);
              },
              onFile: () => {
                counted.files++;
                options.progress.addFile();
              },
            });
          } catch (error) {
            // The next try restores this volume's files once more, from its start.
            options.progress.takeBack(counted.bytes, counted.files);
            throw error;
          }
        },
        waitingFor(options.progress, 'restoring'),
      );
      skipped.push(...volume.skipped);
      restored.files += volume.files;
      restored.bytes += volume.bytes;
      restored.ownersNotKept += volume.ownersNotKept;
    });
  } finally {
    await workers.close();
  }

  // The work left is a few calls per link and folder, after the workers: synchronous is simplest.
  const restoredLinks = links.filter((link) => {
    const outcome = restoreLink(link, destinationOf(link.path), asRoot);
    if (outcome !== 'restored') leftOut(link, outcome);
    return outcome === 'restored';
  });
  // Deepest folders first, so setting a parent's time is not undone by work in a child.
  for (const folder of [...madeFolders].reverse()) {
    const destination = destinationOf(folder.path);
    keepIfPossible(destination, () => chmodSync(fsPath(destination), folder.mode));
    if (asRoot) keepIfPossible(destination, () => lchownSync(fsPath(destination), folder.uid, folder.gid));
    onDestination(destination, () =>
      utimesSync(fsPath(destination), folder.mtimeMs / 1000, folder.mtimeMs / 1000),
    );
  }
  options.progress.report(true);
  return {
    backupId: manifest.id,
    target: target.describe(),
    files: restored.files,
    bytes: restored.bytes,
    folders: madeFolders.length,
    links: restoredLinks.length,
    skipped,
    ownersNotKept: restored.ownersNotKept,
  };
}

/** One symbolic link, in place of what is there unless that is a folder; left out where the disk has none. */
function restoreLink(
  link: ManifestEntry,
  destination: string,
  asRoot: boolean,
): 'restored' | 'nameNotPossible' | 'linkNotPossible' {
  const at = fsPath(destination);
  try {
    makeDestinationFolders(path.dirname(destination));
    const existing = lstatIfThere(at);
    if (existing && !existing.isDirectory()) rmSync(at, { force: true });
    if (!existing || !existing.isDirectory()) symlinkSync(fsPath(link.linkTarget ?? ''), at);
  } catch (error) {
    if (isUnsupported(error)) return 'linkNotPossible';
    if (isNameRefused(error)) return 'nameNotPossible';
    throw destinationError(error, destination);
  }
  if (asRoot) keepIfPossible(destination, () => lchownSync(at, link.uid, link.gid));
  try {
    lutimesSync(at, link.mtimeMs / 1000, link.mtimeMs / 1000);
  } catch {
    // Some file systems cannot set a link's own times; the link itself is what matters.
  }
  return 'restored';
}

function lstatIfThere(at: string | Buffer): Stats | null {
  try {
    return lstatSync(at);
  } catch {
    return null;
  }
}

/** The first target that holds the complete backup, and its manifest. */
export async function openBackup(
  targets: BackupTarget[],
  backupId: string,
  passphrases: string[],
  cacheDir: string | null,
): Promise<{ target: BackupTarget; manifest: Manifest; passphrase: string }> {
  let lastError: unknown = null;
  for (const target of targets) {
    try {
      await target.check();
      const backups = await listStoredBackups(target);
      if (!backups.some((b) => b.id === backupId && b.complete)) continue;
      const opened = await new ManifestCache(cacheDir).load(target, backupId, passphrases);
      return { target, ...opened };
    } catch (error) {
      if (error instanceof HausmeisterError && error.reason === 'WRONG_PASSPHRASE') throw error;
      lastError = error;
    }
  }
  if (lastError) throw lastError;
  throw new HausmeisterError('NOT_FOUND', {
    messageKey: 'backup.error.backupMissing',
    params: { id: backupId },
  });
}

/** The entries at or below the given paths (all when none is given). */
export function selectEntries(manifest: Manifest, paths: string[]): ManifestEntry[] {
  if (paths.length === 0) return manifest.entries;
  const roots = paths.map((p) => path.resolve('/', p));
  const selected = manifest.entries.filter((entry) =>
    roots.some((root) => entry.path === root || entry.path.startsWith(root === '/' ? '/' : `${root}/`)),
  );
  const [first] = roots;
  if (selected.length === 0 && first)
    throw new HausmeisterError('NOT_FOUND', {
      messageKey: 'backup.error.pathMissing',
      params: { path: displayName(first) },
    });
  return selected;
}
