// Reads one volume back: decrypt, decompress, and hand each tar entry to a visitor that either consumes
// its content or lets it pass.
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import tar from 'tar-stream';
import { HausmeisterError, isHausmeisterError } from '../../../errors.js';
import { nameFromBytes } from '../archive/byte-names.js';
import { damaged } from '../archive/decryption-errors.js';
import { decryptStream } from '../archive/openpgp-stream.js';
import type { DecryptOptions } from '../archive/seipd-decrypt.js';
import type { BackupTarget } from '../backup-target.js';
import { DamagedDataError, SyncDecompress } from './sync-decompress.js';

export interface UnpackedEntry {
  /** Absolute path, as in the manifest. */
  path: string;
  type: string;
  size: number;
}

/**
 * The visitor may consume `content`; what it leaves is skipped before the next entry comes. It answers
 * 'stop' once it wants nothing more of the volume: the rest is neither read nor decrypted (one file out
 * of a volume on S3 downloads only as far as that file).
 */
export type EntryVisitor = (entry: UnpackedEntry, content: AsyncIterable<Buffer>) => Promise<void | 'stop'>;

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
  options: DecryptOptions = { checkMdc: true },
): Promise<void> {
  const plain = await decryptStream(encrypted, passphrase, options);
  // ustar's own fields are read as bytes (latin1 maps each byte to one character): a name that is not
  // UTF-8 is stored there raw (archive/tar-header.ts); other names are ASCII there or come from pax.
  // (tar-stream's bundled types know neither this option nor the fields of `pax`.)
  const extract = tar.extract({ filenameEncoding: 'latin1' } as Parameters<typeof tar.extract>[0]);
  const stopped = new AbortController();
  const consumed = (async () => {
    for await (const entry of extract) {
      const header = entry.header;
      const pax = header.pax as { path?: string } | null | undefined;
      const stored = pax?.path ?? nameFromBytes(Buffer.from(header.name, 'latin1'));
      const name = stored.replace(/\/+$/, '');
      const next = await visit(
        { path: `/${name}`, type: header.type, size: header.size },
        entry as unknown as AsyncIterable<Buffer>,
      );
      if (next === 'stop') {
        stopped.abort();
        return;
      }
      entry.resume();
    }
  })();
  const tarWritable = extract as unknown as NodeJS.WritableStream;
  const unpacked = pipeline(plain, new SyncDecompress(), tarWritable, { signal: stopped.signal });
  try {
    await Promise.all([unpacked, consumed]);
  } catch (error) {
    encrypted.destroy();
    // What the visitor took was whole: each file is checked against the manifest's SHA-256, which the
    // manifest's own MDC vouches for, so the volume's MDC at its end is not needed for it.
    if (stopped.signal.aborted) return;
    throw readError(object, error);
  }
}

/** What tar-stream says of a damaged archive (its errors carry no code). */
const DAMAGED_TAR = /invalid (tar )?header|header exceeds|unexpected end of data/i;

/** Tells damaged data (final; decryption tells its own) from a read that failed (worth retrying). */
function readError(object: string, error: unknown): HausmeisterError {
  if (isHausmeisterError(error)) return error;
  const text = String(error);
  if (error instanceof DamagedDataError || DAMAGED_TAR.test(text))
    return damaged(`${object}: ${text}`, error);
  return new HausmeisterError('TARGET_UNAVAILABLE', {
    messageKey: 'backup.error.readFailed',
    params: { object },
    detail: text,
    cause: error,
  });
}
