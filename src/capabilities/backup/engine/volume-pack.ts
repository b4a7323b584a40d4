// Packs one volume: the files of a plan as a tar stream, Zstandard-compressed, OpenPGP-encrypted.
// Tar and compression are one synchronous step: file content is read straight into the compressor's
// input, and each file's SHA-256 is taken from the very bytes that go into the tar. Memory stays at
// a few buffers of 128–256 KiB whatever the file sizes; the encryption pulls the next piece when it
// wants one.
import { createHash, type Hash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import type { Readable } from 'node:stream';
import { fsPath } from '../archive/byte-names.js';
import {
  encodeTarHeader,
  tarEntryName,
  tarPadding,
  TAR_END,
  type TarEntryHeader,
} from '../archive/tar-header.js';
import { encryptStream, type VolumeKey } from '../archive/openpgp-stream.js';
import type { ScannedEntry } from './file-scan.js';
import { ZstdFrame } from './zstd-frame.js';

export type PackedFile =
  | {
      path: string;
      sha256: string;
      /** The file changed while it was read: what was stored is what was read (padded or cut to the size). */
      changedWhileReading: boolean;
    }
  /** The file vanished or became unreadable between the scan and packing; it is not in the volume. */
  | { path: string; skipped: string };

export interface VolumeContent {
  entries: ScannedEntry[];
}

export interface PackOptions {
  /** The backup's volume key (one for all its volumes). */
  key: VolumeKey;
  compressionLevel: number;
  /** Called as file content goes into the tar, for progress. */
  onBytes(bytes: number): void;
  onFile(): void;
}

/** Returns the encrypted volume as a stream, and the packed files once the stream has been consumed. */
export async function packVolume(
  content: VolumeContent,
  options: PackOptions,
): Promise<{ stream: Readable; packed: Promise<PackedFile[]> }> {
  let settle!: { resolve(files: PackedFile[]): void; reject(error: Error): void };
  const packed = new Promise<PackedFile[]>((resolve, reject) => (settle = { resolve, reject }));
  packed.catch(() => undefined); // the stream reports the same failure to whoever reads it
  function* pieces(): Generator<Buffer> {
    try {
      const results: PackedFile[] = [];
      yield* tarZstd(content.entries, options, results);
      settle.resolve(results);
    } catch (error) {
      settle.reject(error as Error);
      throw error;
    }
  }
  const stream = await encryptStream(pieces(), options.key);
  return { stream, packed };
}

/** The volume's tar stream, compressed, in pieces; fills `results` with one line per file. */
function* tarZstd(entries: ScannedEntry[], options: PackOptions, results: PackedFile[]): Generator<Buffer> {
  const zstd = new ZstdFrame(options.compressionLevel);
  for (const entry of entries) {
    if (entry.type !== 'file') {
      zstd.append(encodeTarHeader(tarHeader(entry)));
      continue;
    }
    const opened = attempt(() => openSync(fsPath(entry.readFrom ?? entry.path), 'r'));
    if (typeof opened !== 'number') {
      results.push({ path: entry.path, skipped: opened.skipped });
      options.onFile();
      continue;
    }
    try {
      zstd.append(encodeTarHeader(tarHeader(entry)));
      const hash = createHash('sha256');
      let offset = 0;
      let changed = false;
      let grew: boolean | null = null;
      while (offset < entry.size) {
        const room = zstd.room();
        const length = Math.min(room.length, entry.size - offset);
        // The last read asks for one byte more where there is room: a file that grew since the scan
        // shows without a read of its own (most files take one read).
        const probe = offset + length === entry.size && room.length > length ? 1 : 0;
        const bytesRead = readAtLeast(opened, room, length, length + probe, offset);
        if (bytesRead < length) {
          // The file shrank while we read it: the tar entry still needs its announced size.
          room.fill(0, bytesRead, length);
          changed = true;
        }
        if (probe) grew = bytesRead > length;
        hash.update(room.subarray(0, length));
        zstd.added(length);
        offset += length;
        options.onBytes(length);
        yield* zstd.take();
      }
      zstd.append(Buffer.alloc(tarPadding(entry.size)));
      results.push(packedFile(entry, hash, changed || (grew ?? grewBeyond(opened, entry.size))));
    } finally {
      closeSync(opened);
    }
    options.onFile();
    yield* zstd.take();
  }
  zstd.append(TAR_END);
  yield* zstd.end();
}

function packedFile(entry: ScannedEntry, hash: Hash, changedWhileReading: boolean): PackedFile {
  return { path: entry.path, sha256: hash.digest('hex'), changedWhileReading };
}

function tarHeader(entry: ScannedEntry): TarEntryHeader {
  return {
    name: tarEntryName(entry.path, entry.type === 'dir'),
    type: entry.type === 'dir' ? 'directory' : entry.type,
    size: entry.type === 'file' ? entry.size : 0,
    mode: entry.mode,
    uid: entry.uid,
    gid: entry.gid,
    mtimeMs: entry.mtimeMs,
    linkname: entry.linkTarget,
  };
}

/** Files that vanished or lost their permissions since the scan are skipped, anything else is fatal. */
function attempt<T>(read: () => T): T | { skipped: string } {
  try {
    return read();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM' || code === 'EISDIR')
      return { skipped: code };
    throw error;
  }
}

// Reads are synchronous on purpose: this runs on a worker thread of its own, where a read call costs
// half of what a promise-based one does, and the thread has nothing else to do meanwhile.
/** Reads until `min` bytes are there or the file ends, taking at most `max`. */
function readAtLeast(fd: number, buffer: Buffer, min: number, max: number, position: number): number {
  let total = 0;
  while (total < min) {
    const bytesRead = readSync(fd, buffer, total, max - total, position + total);
    if (bytesRead === 0) break;
    total += bytesRead;
  }
  return total;
}

function grewBeyond(fd: number, size: number): boolean {
  return readSync(fd, Buffer.alloc(1), 0, 1, size) > 0;
}
