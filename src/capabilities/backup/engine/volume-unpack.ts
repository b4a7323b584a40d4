// Reads one volume back: decrypt, gunzip when it is compressed, and hand each tar entry to a visitor
// that either consumes its content or lets it pass.
import { Transform, type Readable, type TransformCallback } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Gunzip } from 'minizlib';
import tar from 'tar-stream';
import { HausmeisterError, isHausmeisterError } from '../../../errors.js';
import { decryptionError, decryptStream } from '../archive/openpgp-stream.js';
import type { BackupTarget } from '../backup-target.js';

export interface UnpackedEntry {
  /** Absolute path, as in the manifest. */
  path: string;
  type: string;
  size: number;
}

/** The visitor may consume `content`; what it leaves is skipped before the next entry comes. */
export type EntryVisitor = (entry: UnpackedEntry, content: AsyncIterable<Buffer>) => Promise<void>;

export async function unpackVolume(
  target: BackupTarget,
  object: string,
  passphrase: string,
  visit: EntryVisitor,
): Promise<void> {
  await unpackStream(await target.read(object), object, passphrase, visit);
}

/** The same for a volume's bytes that arrive as a stream (on a worker thread, from the main thread). */
export async function unpackStream(
  encrypted: Readable,
  object: string,
  passphrase: string,
  visit: EntryVisitor,
): Promise<void> {
  const plain = await decryptStream(encrypted, passphrase);
  const extract = tar.extract();
  const consumed = (async () => {
    for await (const entry of extract) {
      const header = entry.header;
      const name = header.name.replace(/\/+$/, '');
      await visit(
        { path: `/${name}`, type: header.type, size: header.size },
        entry as unknown as AsyncIterable<Buffer>,
      );
      entry.resume();
    }
  })();
  const tarWritable = extract as unknown as NodeJS.WritableStream;
  const unpacked = pipeline(plain, new SyncGunzip(), tarWritable);
  try {
    await Promise.all([unpacked, consumed]);
  } catch (error) {
    encrypted.destroy();
    throw readError(object, error);
  }
}

/**
 * Gunzip on the calling thread. node:zlib's streams inflate on the thread pool, and a restore worker
 * would sit idle waiting for each chunk; minizlib (node-tar's) drives the same zlib synchronously.
 */
class SyncGunzip extends Transform {
  readonly #gunzip = new Gunzip({ chunkSize: 256 * 1024 } as ConstructorParameters<typeof Gunzip>[0]);
  #error: Error | null = null;

  constructor() {
    super();
    this.#gunzip.on('data', (chunk: Buffer) => this.push(chunk));
    this.#gunzip.on('error', (error: unknown) => (this.#error ??= error as Error));
  }

  override _transform(chunk: Uint8Array, _encoding: BufferEncoding, callback: TransformCallback): void {
    // The decryption hands out Uint8Arrays, which minizlib would copy byte by byte into a Buffer.
    const bytes = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    this.#run(() => this.#gunzip.write(bytes), callback);
  }

  override _flush(callback: TransformCallback): void {
    this.#run(() => this.#gunzip.end(), callback);
  }

  #run(step: () => unknown, callback: TransformCallback): void {
    try {
      step();
    } catch (error) {
      this.#error ??= error as Error;
    }
    callback(this.#error);
  }
}

/** Tells a wrong passphrase and damaged data (both final) from a read that failed (worth retrying). */
function readError(object: string, error: unknown): HausmeisterError {
  if (isHausmeisterError(error)) return error;
  const text = String(error);
  if (/decrypt|modification detected|openpgp|packet|parsing|session key/i.test(text))
    return decryptionError(error);
  if (
    /gzip|header|tar|zlib|unexpected end|incorrect/i.test(text) ||
    (error as { code?: string }).code?.startsWith('Z_')
  )
    return new HausmeisterError('INTEGRITY', {
      messageKey: 'backup.error.damaged',
      detail: `${object}: ${text}`,
      cause: error,
    });
  return new HausmeisterError('TARGET_UNAVAILABLE', {
    messageKey: 'backup.error.readFailed',
    params: { object },
    detail: text,
    cause: error,
  });
}
