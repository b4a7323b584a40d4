// The decompression of a volume's tar stream.
import { Transform, type TransformCallback } from 'node:stream';
import { zstd } from './zstd-binding.js';

const OUTPUT = 256 * 1024;
const ZSTD_MAGIC = Buffer.from([0x28, 0xb5, 0x2f, 0xfd]);

/** The compressed data is damaged, or no Zstandard at all: a second read of it would not help. */
export class DamagedDataError extends Error {}

/**
 * Zstandard decompression on the calling thread. Streams that work on the thread pool (as node:zlib's
 * do) would leave a restore worker idle waiting for each chunk; zstd-napi's calls are synchronous.
 * The magic number is checked first, so that a file that is no volume is named as such.
 */
export class SyncDecompress extends Transform {
  readonly #dctx = new zstd.DCtx();
  #head: Buffer | null = Buffer.alloc(0);
  #inFrame = false;
  #output = Buffer.allocUnsafe(OUTPUT);

  override _transform(chunk: Uint8Array, _encoding: BufferEncoding, callback: TransformCallback): void {
    // The decryption hands out Uint8Arrays; a Buffer over the same memory spares a copy.
    let input = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    try {
      if (this.#head) {
        input = Buffer.concat([this.#head, input]);
        if (input.length < ZSTD_MAGIC.length) {
          this.#head = input;
          callback();
          return;
        }
        if (!input.subarray(0, ZSTD_MAGIC.length).equals(ZSTD_MAGIC))
          throw new DamagedDataError('not Zstandard-compressed');
        this.#head = null;
      }
      this.#decompress(input);
      callback();
    } catch (error) {
      // zstd-napi's errors carry only libzstd's text: whatever it refuses is damaged input.
      callback(
        error instanceof DamagedDataError ? error : new DamagedDataError(String(error), { cause: error }),
      );
    }
  }

  override _flush(callback: TransformCallback): void {
    if (this.#head) callback(new DamagedDataError('the volume ends before any compressed data'));
    else if (this.#inFrame) callback(new DamagedDataError('the volume ends inside a Zstandard frame'));
    else callback();
  }

  #decompress(input: Buffer): void {
    for (;;) {
      const [hint, produced, consumed] = this.#dctx.decompressStream(this.#output, input);
      if (produced > 0) {
        this.push(this.#output.subarray(0, produced));
        // What was pushed may be held downstream: the next output gets memory of its own.
        this.#output = Buffer.allocUnsafe(OUTPUT);
      }
      input = input.subarray(consumed);
      this.#inFrame = hint !== 0;
      // A full output buffer may leave more to flush even when the input is used up.
      if (input.length === 0 && produced < OUTPUT) return;
    }
  }
}
