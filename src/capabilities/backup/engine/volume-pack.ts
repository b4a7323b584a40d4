// Packs one volume: the files of a plan as a tar stream, gzip'd where they compress, OpenPGP-encrypted.
// Each file's SHA-256 is taken from the very bytes that go into the tar, with memory bounded by a few
// MiB of read-ahead whatever the file sizes.
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
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

const CHUNK = 1 << 20;
/** Files up to this size are read in one go and read ahead while earlier files are packed. */
const SMALL_FILE = 1 << 20;
const READ_AHEAD_FILES = 8;

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
  const batched = new Rebatch(CHUNK);
  void pipeline(tarStream, new AdaptiveGzip(options.gzipLevel), batched).catch((error: unknown) =>
    batched.destroy(error as Error),
  );
  const stream = await encryptStream(batched, options.passphrase);
  return { stream, packed };
}

async function fillTar(
  pack: tar.Pack,
  entries: ScannedEntry[],
  options: PackOptions,
): Promise<PackedFile[]> {
  const results: PackedFile[] = [];
  const reads = new ReadAhead(entries);
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as ScannedEntry;
    const header = tarHeader(entry);
    if (entry.type !== 'file') {
      await addEntry(pack, header, null);
    } else if (entry.size <= SMALL_FILE) {
      const read = await reads.take(i).catch(unreadable);
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
  const opened = await open(entry.readFrom ?? entry.path, 'r').catch(unreadable);
  if ('skipped' in opened) return { path: entry.path, skipped: opened.skipped };
  const handle = opened;
  try {
    await new Promise<void>((resolve, reject) => {
      const sink = pack.entry(header, (error) => (error ? reject(error) : resolve()));
      void (async () => {
        let offset = 0;
        while (offset < entry.size) {
          const length = Math.min(CHUNK, entry.size - offset);
          const buffer = Buffer.allocUnsafe(length);
          const { bytesRead } = await readFully(handle, buffer, offset);
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
        if (!changed && (await grewBeyond(handle, entry.size))) changed = true;
        (sink as unknown as { end(): void }).end();
      })().catch((error: unknown) => {
        sink.destroy(error as Error);
        reject(error as Error);
      });
    });
  } finally {
    await handle.close();
  }
  return { path: entry.path, sha256: hash.digest('hex'), changedWhileReading: changed };
}

/** Files that vanished or lost their permissions since the scan are skipped, anything else is fatal. */
function unreadable(error: unknown): { skipped: string } {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'EACCES' || code === 'EPERM' || code === 'EISDIR') return { skipped: code };
  throw error;
}

async function readFully(handle: FileHandle, buffer: Buffer, position: number): Promise<{ bytesRead: number }> {
  let total = 0;
  while (total < buffer.length) {
    const { bytesRead } = await handle.read(buffer, total, buffer.length - total, position + total);
    if (bytesRead === 0) break;
    total += bytesRead;
  }
  return { bytesRead: total };
}

async function grewBeyond(handle: FileHandle, size: number): Promise<boolean> {
  const { bytesRead } = await handle.read(Buffer.alloc(1), 0, 1, size);
  return bytesRead > 0;
}

/** Reads the next few small files while the current one is packed, so the disk never waits for the CPU. */
class ReadAhead {
  readonly #entries: ScannedEntry[];
  readonly #pending = new Map<number, Promise<{ data: Buffer; changed: boolean }>>();
  #next = 0;

  constructor(entries: ScannedEntry[]) {
    this.#entries = entries;
  }

  take(index: number): Promise<{ data: Buffer; changed: boolean }> {
    this.#next = Math.max(this.#next, index);
    while (this.#next < this.#entries.length && this.#next < index + READ_AHEAD_FILES) {
      const entry = this.#entries[this.#next] as ScannedEntry;
      if (entry.type === 'file' && entry.size <= SMALL_FILE && !this.#pending.has(this.#next)) {
        const read = readSmallFile(entry);
        read.catch(() => undefined); // surfaced when taken
        this.#pending.set(this.#next, read);
      }
      this.#next++;
    }
    const read = this.#pending.get(index) ?? readSmallFile(this.#entries[index] as ScannedEntry);
    this.#pending.delete(index);
    return read;
  }
}

async function readSmallFile(entry: ScannedEntry): Promise<{ data: Buffer; changed: boolean }> {
  const handle = await open(entry.readFrom ?? entry.path, 'r');
  try {
    const data = Buffer.alloc(entry.size);
    const { bytesRead } = await readFully(handle, data, 0);
    const changed = bytesRead < entry.size || (await grewBeyond(handle, entry.size));
    return { data, changed };
  } finally {
    await handle.close();
  }
}

/** Joins small chunks into ~1 MiB ones: openpgp.js pays per chunk, not per byte. */
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
