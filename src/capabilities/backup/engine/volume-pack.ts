// Packs one volume: the files of a plan as a tar stream, gzip'd where they compress, OpenPGP-encrypted.
// Each file's SHA-256 is taken from the very bytes that go into the tar, with memory bounded by a few
// MiB of read-ahead whatever the file sizes.
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import { Readable, Transform, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { encryptStream } from '../archive/openpgp-stream.js';
import { AdaptiveGzip } from './adaptive-gzip.js';
import type { ScannedEntry } from './file-scan.js';

type TarHeader = Partial<tar.Header> & { name: string };

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
  passphrase: string;
  gzipLevel: number;
  /** Called as file content goes into the tar, for progress. */
  onBytes(bytes: number): void;
  onFile(): void;
}

/** Large files are read in pieces of this size. */
const CHUNK = 256 * 1024;
/** What openpgp.js gets at a time: it pays per chunk, and memory per worker grows with the size. */
const ENCRYPT_BATCH = 512 * 1024;
/** Files up to this size are read in one go. */
const SMALL_FILE = 1 << 20;

/** Returns the encrypted volume as a stream, and the packed files once the stream has been consumed. */
export async function packVolume(
  content: VolumeContent,
  options: PackOptions,
): Promise<{ stream: Readable; packed: Promise<PackedFile[]> }> {
  const pack = tar.pack();
  const packed = fillTar(pack, content.entries, options);
  // A failure while reading files must fail the stream that the targets consume.
  packed.catch((error: unknown) => pack.destroy(error as Error));
  const tarStream = Readable.from(pack as AsyncIterable<Buffer>, { objectMode: false });
  const batched = new Rebatch(ENCRYPT_BATCH);
  void pipeline(tarStream, new AdaptiveGzip(options.gzipLevel), batched).catch((error: unknown) =>
    batched.destroy(error as Error),
  );
  const stream = await encryptStream(batched, options.passphrase);
  return { stream, packed };
}

async function fillTar(pack: tar.Pack, entries: ScannedEntry[], options: PackOptions): Promise<PackedFile[]> {
  const results: PackedFile[] = [];
  for (const entry of entries) {
    const header = tarHeader(entry);
    if (entry.type !== 'file') {
      await addEntry(pack, header, null);
    } else if (entry.size <= SMALL_FILE) {
      const read = attempt(() => readSmallFile(entry));
      if ('skipped' in read) {
        results.push({ path: entry.path, skipped: read.skipped });
        options.onFile();
        continue;
      }
      const { data, changed } = read;
      await addEntry(pack, header, data);
      options.onBytes(data.length);
      results.push({
        path: entry.path,
        sha256: createHash('sha256').update(data).digest('hex'),
        changedWhileReading: changed,
      });
    } else {
      results.push(await streamLargeFile(pack, header, entry, options));
    }
    options.onFile();
  }
  pack.finalize();
  return results;
}

function tarHeader(entry: ScannedEntry): TarHeader {
  return {
    name: entry.path.replace(/^\/+/, '') + (entry.type === 'dir' ? '/' : ''),
    type: entry.type === 'dir' ? 'directory' : entry.type,
    size: entry.type === 'file' ? entry.size : 0,
    mode: entry.mode,
    uid: entry.uid,
    gid: entry.gid,
    mtime: new Date(entry.mtimeMs),
    linkname: entry.linkTarget,
  };
}

function addEntry(pack: tar.Pack, header: TarHeader, data: Buffer | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (error?: Error | null) => (error ? reject(error) : resolve());
    if (data) pack.entry(header, data, done);
    else pack.entry(header, done);
  });
}

async function streamLargeFile(
  pack: tar.Pack,
  header: TarHeader,
  entry: ScannedEntry,
  options: PackOptions,
): Promise<PackedFile> {
  const hash = createHash('sha256');
  let changed = false;
  const opened = attempt(() => openSync(entry.readFrom ?? entry.path, 'r'));
  if (typeof opened !== 'number') return { path: entry.path, skipped: opened.skipped };
  const fd = opened;
  try {
    await new Promise<void>((resolve, reject) => {
      const sink = pack.entry(header, (error) => (error ? reject(error) : resolve()));
      void (async () => {
        let offset = 0;
        while (offset < entry.size) {
          const length = Math.min(CHUNK, entry.size - offset);
          const buffer = Buffer.allocUnsafe(length);
          const bytesRead = readFully(fd, buffer, offset);
          if (bytesRead < length) {
            // The file shrank while we read it: the tar entry still needs its announced size.
            buffer.fill(0, bytesRead);
            changed = true;
          }
          hash.update(buffer);
          offset += length;
          options.onBytes(length);
          if (!sink.write(buffer)) await new Promise<void>((drained) => sink.once('drain', () => drained()));
        }
        if (!changed && grewBeyond(fd, entry.size)) changed = true;
        (sink as unknown as { end(): void }).end();
      })().catch((error: unknown) => {
        sink.destroy(error as Error);
        reject(error as Error);
      });
    });
  } finally {
    closeSync(fd);
  }
  return { path: entry.path, sha256: hash.digest('hex'), changedWhileReading: changed };
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
function readFully(fd: number, buffer: Buffer, position: number): number {
  let total = 0;
  while (total < buffer.length) {
    const bytesRead = readSync(fd, buffer, total, buffer.length - total, position + total);
    if (bytesRead === 0) break;
    total += bytesRead;
  }
  return total;
}

function grewBeyond(fd: number, size: number): boolean {
  return readSync(fd, Buffer.alloc(1), 0, 1, size) > 0;
}

function readSmallFile(entry: ScannedEntry): { data: Buffer; changed: boolean } {
  const fd = openSync(entry.readFrom ?? entry.path, 'r');
  try {
    const data = Buffer.alloc(entry.size);
    const bytesRead = readFully(fd, data, 0);
    return { data, changed: bytesRead < entry.size || grewBeyond(fd, entry.size) };
  } finally {
    closeSync(fd);
  }
}

/** Joins small chunks into bigger ones: openpgp.js pays per chunk, not per byte. */
class Rebatch extends Transform {
  readonly #size: number;
  #parts: Buffer[] = [];
  #length = 0;

  constructor(size: number) {
    super();
    this.#size = size;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#parts.push(chunk);
    this.#length += chunk.length;
    if (this.#length >= this.#size) this.#emit();
    callback();
  }

  override _flush(callback: TransformCallback): void {
    if (this.#length > 0) this.#emit();
    callback();
  }

  #emit(): void {
    this.push(this.#parts.length === 1 ? this.#parts[0] : Buffer.concat(this.#parts, this.#length));
    this.#parts = [];
    this.#length = 0;
  }
}
