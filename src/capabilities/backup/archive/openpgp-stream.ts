// Streams data through OpenPGP symmetric encryption (openpgp.js) in a form that plain GnuPG 2.2 reads:
// AES-256, iterated-and-salted S2K, SEIPD v1 with MDC, no OpenPGP compression (the volumes are
// Zstandard-compressed already).
import * as openpgp from 'openpgp';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { HausmeisterError } from '../../../errors.js';

const ENCRYPT_CONFIG = {
  preferredSymmetricAlgorithm: openpgp.enums.symmetric.aes256,
  preferredCompressionAlgorithm: openpgp.enums.compression.uncompressed,
  // GnuPG 2.2 knows neither AEAD (SEIPD v2) nor Argon2 S2K: these keep the archives readable by it.
  aeadProtect: false,
  s2kType: openpgp.enums.s2k.iterated as const,
};

// Integrity is checked at the end of the stream (MDC) and, per file, against the manifest's SHA-256;
// without this openpgp.js would buffer a whole volume before releasing a byte.
const DECRYPT_CONFIG = { allowUnauthenticatedStream: true };

type ByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/** Encrypts bytes (a stream, or a generator of pieces) under `passphrase`; the result is a binary OpenPGP message. */
export async function encryptStream(input: ByteSource, passphrase: string): Promise<Readable> {
  const message = await openpgp.createMessage({ binary: pulledStream(input), format: 'binary' });
  const encrypted = await openpgp.encrypt({
    message,
    passwords: [passphrase],
    format: 'binary',
    config: ENCRYPT_CONFIG,
  });
  return Readable.fromWeb(encrypted as unknown as WebReadableStream<Uint8Array>);
}

export async function encryptBuffer(data: Uint8Array, passphrase: string): Promise<Uint8Array> {
  const message = await openpgp.createMessage({ binary: data, format: 'binary' });
  return openpgp.encrypt({ message, passwords: [passphrase], format: 'binary', config: ENCRYPT_CONFIG });
}

/**
 * Decrypts a binary OpenPGP message. A wrong passphrase rejects with WRONG_PASSPHRASE before any data is
 * released; damaged data rejects with INTEGRITY (also later, from the stream, when the MDC fails).
 */
export async function decryptStream(input: Readable, passphrase: string): Promise<Readable> {
  try {
    const message = await openpgp.readMessage({ binaryMessage: pulledStream(input) });
    const { data } = await openpgp.decrypt({
      message,
      passwords: [passphrase],
      format: 'binary',
      config: DECRYPT_CONFIG,
    });
    // A failure found later (the MDC at the end) arrives as a stream error: map it with decryptionError.
    return Readable.fromWeb(data as unknown as WebReadableStream<Uint8Array>);
  } catch (error) {
    throw decryptionError(error);
  }
}

/**
 * A web stream that takes the next piece from its source only when openpgp.js asks for one.
 * (Readable.toWeb would read ahead without bound: its queue counts pieces, up to 16,384 of them.)
 */
function pulledStream(source: ByteSource): ReadableStream<Uint8Array> {
  const pieces = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await pieces.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel(reason) {
        await pieces.return?.(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

export async function decryptBuffer(data: Uint8Array, passphrase: string): Promise<Uint8Array> {
  try {
    const message = await openpgp.readMessage({ binaryMessage: data });
    const { data: plain } = await openpgp.decrypt({ message, passwords: [passphrase], format: 'binary' });
    return plain;
  } catch (error) {
    throw decryptionError(error);
  }
}

export function decryptionError(error: unknown): HausmeisterError {
  const text = error instanceof Error ? error.message : String(error);
  if (/session key decryption failed|password|passphrase/i.test(text))
    return new HausmeisterError('WRONG_PASSPHRASE', {
      messageKey: 'backup.error.wrongPassphrase',
      detail: text,
      cause: error,
    });
  return new HausmeisterError('INTEGRITY', {
    messageKey: 'backup.error.damaged',
    detail: text,
    cause: error,
  });
}
