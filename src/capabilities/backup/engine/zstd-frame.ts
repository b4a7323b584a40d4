// A volume's tar stream as one Zstandard frame (`tar --zstd -x` reads it). Zstandard at level 1
// compresses text about twice as fast as gzip's level 1 and to a smaller size, and it notices random data
// (photos, videos, archives) by itself: such blocks are stored at memory speed.
//
// File content is read straight into the input being gathered (`room` / `added`), so the only copies
// are Zstandard's own and the one into the output.
import { zstd, type EndDirective } from './zstd-binding.js';

const INPUT = 256 * 1024;
/**
 * Output is handed on in pieces of about this size. The encryption after us pays per piece, but each of
 * its stages holds a piece or two: 128 KiB costs no measurable time and ~50 MB less memory than 512 KiB.
 */
const BATCH = 128 * 1024;

export class ZstdFrame {
  readonly #cctx = new zstd.CCtx();
  readonly #input = Buffer.allocUnsafe(INPUT);
  #length = 0;
  #batch = Buffer.allocUnsafe(BATCH);
  #batchLength = 0;
  #ready: Buffer[] = [];

  constructor(level: number) {
    this.#cctx.setParameter(zstd.CParameter.compressionLevel, level);
  }

  /** Free room in the input being gathered, to read content into; then call `added`. */
  room(): Buffer {
    if (this.#length === INPUT) this.#compress(zstd.EndDirective.continue);
    return this.#input.subarray(this.#length);
  }

  /** `bytes` were written at the start of `room()`. */
  added(bytes: number): void {
    this.#length += bytes;
  }

  /** Copies bytes in (tar headers, padding). */
  append(bytes: Buffer): void {
    let offset = 0;
    while (offset < bytes.length) {
      const room = this.room();
      const length = Math.min(room.length, bytes.length - offset);
      bytes.copy(room, 0, offset, offset + length);
      this.#length += length;
      offset += length;
    }
  }

  /** Output finished so far, in pieces of about 128 KiB. */
  take(): Buffer[] {
    const ready = this.#ready;
    this.#ready = [];
    return ready;
  }

  /** Everything that is left, up to the end of the frame. */
  end(): Buffer[] {
    this.#compress(zstd.EndDirective.end);
    this.#flushBatch();
    return this.take();
  }

  /** Feeds the gathered input to Zstandard; `end` also drains everything it still holds. */
  #compress(directive: EndDirective): void {
    let input = this.#input.subarray(0, this.#length);
    for (;;) {
      if (this.#batchLength === BATCH) this.#flushBatch();
      const [remaining, produced, consumed] = this.#cctx.compressStream2(
        this.#batch.subarray(this.#batchLength),
        input,
        directive,
      );
      this.#batchLength += produced;
      input = input.subarray(consumed);
      const drained = directive === zstd.EndDirective.end ? remaining === 0 : input.length === 0;
      if (drained) break;
    }
    this.#length = 0;
    if (this.#batchLength >= BATCH / 2) this.#flushBatch();
  }

  #flushBatch(): void {
    if (this.#batchLength === 0) return;
    this.#ready.push(this.#batch.subarray(0, this.#batchLength));
    // The piece is handed on and may be held downstream: the next one gets memory of its own.
    this.#batch = Buffer.allocUnsafe(BATCH);
    this.#batchLength = 0;
  }
}
