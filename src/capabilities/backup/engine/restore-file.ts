// Restores the files of one volume, each checked against its SHA-256 and size before it counts as
// restored: an existing file is replaced only by content that checked out. Runs on a volume worker.
// A file whose name the disk refuses is left out and named; owners and permissions it cannot store
// (a FAT or exFAT USB stick) are left off.
import { createHash } from 'node:crypto';
import {
  closeSync,
  fchmodSync,
  fchownSync,
  futimesSync,
  openSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { threadId } from 'node:worker_threads';
import { HausmeisterError } from '../../../errors.js';
import { isNameRefused } from '../../../files/refused-name.js';
import { displayName, fsPath } from '../archive/byte-names.js';
import type { ManifestEntry } from '../archive/manifest.js';
import {
  destinationError,
  keepIfPossible,
  makeDestinationFolders,
  onDestination,
  type SkippedEntry,
} from './restore-destination.js';
import { unpackStream } from './volume-unpack.js';

export interface FileToRestore {
  entry: ManifestEntry;
  destination: string;
}

export interface RestoreVolumeOptions {
  object: string;
  passphrase: string;
  /** By path as backed up. */
  files: FileToRestore[];
  asRoot: boolean;
  onBytes(bytes: number): void;
  onFile(): void;
}

export interface RestoredVolume {
  /** Files put in place, and their bytes. */
  files: number;
  bytes: number;
  skipped: SkippedEntry[];
  /** Files restored without their owner or permissions, which the disk cannot store. */
  ownersNotKept: number;
}

/** Restores the wanted files of one volume (read from `encrypted`); fails if one is missing from it. */
export async function restoreVolumeFiles(
  encrypted: Readable,
  options: RestoreVolumeOptions,
): Promise<RestoredVolume> {
  const wanted = new Map(options.files.map((f) => [f.entry.path, f]));
  const folders = new FolderMaker();
  const restored: RestoredVolume = { files: 0, bytes: 0, skipped: [], ownersNotKept: 0 };
  await unpackStream(
    encrypted,
    options.object,
    options.passphrase,
    async (found, content) => {
      const file = wanted.get(found.path);
      if (!file || found.type !== 'file') return;
      wanted.delete(found.path);
      const outcome = await restoreFile(file, content, options, folders);
      if (outcome === 'nameNotPossible') {
        restored.skipped.push({ path: displayName(found.path), reason: outcome });
        options.onBytes(file.entry.size);
      } else {
        if (outcome === 'ownerNotKept') restored.ownersNotKept++;
        restored.files++;
        restored.bytes += file.entry.size;
        options.onFile();
      }
      // Nothing after this in the volume is wanted: the rest is not downloaded.
      return wanted.size === 0 ? 'stop' : undefined;
    },
    // Each file counts only once its SHA-256 matched the manifest's, whose own MDC openpgp.js checked:
    // that vouches for every restored byte, so the volume's MDC is not worked out (verify does).
    { checkMdc: false },
  );
  const [missing] = wanted.keys();
  if (missing)
    throw new HausmeisterError('INTEGRITY', {
      messageKey: 'backup.error.fileMissingFromVolume',
      params: { path: displayName(missing), object: options.object },
    });
  return restored;
}

let tempCounter = 0;

// The file work is synchronous on purpose: this runs on a worker thread of its own, where one write
// call costs half of what a promise-based one does, and restoring is nothing but writing.
async function restoreFile(
  { entry, destination }: FileToRestore,
  content: AsyncIterable<Buffer>,
  options: RestoreVolumeOptions,
  folders: FolderMaker,
): Promise<'restored' | 'ownerNotKept' | 'nameNotPossible'> {
  const onDisk = <T>(operation: () => T): T => onDestination(destination, operation);
  let opened: { fd: number; temp: string };
  try {
    folders.ensure(path.dirname(destination));
    opened = openForRestore(destination);
  } catch (error) {
    if (isNameRefused(error)) return 'nameNotPossible';
    throw destinationError(error, destination);
  }
  const { fd, temp } = opened;
  let ownerKept = true;
  const hash = createHash('sha256');
  let size = 0;
  try {
    try {
      for await (const chunk of content) {
        hash.update(chunk);
        size += chunk.length;
        onDisk(() => writeFully(fd, chunk));
        options.onBytes(chunk.length);
      }
      if (size !== entry.size || hash.digest('hex') !== entry.sha256)
        throw new HausmeisterError('INTEGRITY', {
          messageKey: 'backup.error.checksumMismatch',
          params: { path: displayName(entry.path) },
        });
      if (options.asRoot) ownerKept = keepIfPossible(destination, () => fchownSync(fd, entry.uid, entry.gid));
      ownerKept = keepIfPossible(destination, () => fchmodSync(fd, entry.mode)) && ownerKept;
      onDisk(() => futimesSync(fd, entry.mtimeMs / 1000, entry.mtimeMs / 1000));
    } finally {
      closeSync(fd);
    }
    if (temp !== destination) onDisk(() => renameSync(fsPath(temp), fsPath(destination)));
  } catch (error) {
    rmSync(fsPath(temp), { force: true });
    throw error;
  }
  return ownerKept ? 'restored' : 'ownerNotKept';
}

/**
 * A file that is not there yet is written under its own name (one file system operation less per
 * file, which counts with many small ones) and removed again if its check fails; an existing one is
 * replaced only once the new content checked out, so a failed restore never leaves it half-written.
 */
function openForRestore(destination: string): { fd: number; temp: string } {
  try {
    return { fd: openSync(fsPath(destination), 'wx', 0o600), temp: destination };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const temp = path.join(
      path.dirname(destination),
      `.${path.basename(destination)}.${process.pid}-${threadId}-${++tempCounter}.restoring`,
    );
    return { fd: openSync(fsPath(temp), 'w', 0o600), temp };
  }
}

function writeFully(fd: number, chunk: Buffer): void {
  let written = 0;
  while (written < chunk.length) written += writeSync(fd, chunk, written, chunk.length - written);
}

/** Creates each destination folder once, however many files go into it. */
class FolderMaker {
  readonly #made = new Set<string>();

  ensure(folder: string): void {
    if (this.#made.has(folder)) return;
    makeDestinationFolders(folder);
    this.#made.add(folder);
  }
}
