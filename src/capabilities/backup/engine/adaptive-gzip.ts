// A gzip stream that compresses only what compresses. The data is cut into gzip members (which `gunzip`
// and `tar -z` read back as one stream); each 32 KiB block is judged by the byte entropy of a sample, and
// runs of alike blocks become one member: compressed, or stored when they look random (photos, videos,
// archives, encrypted data), which costs a memory copy instead of a core's time for nothing.
// Deflate's window is 32 KiB, so cutting members at block borders costs next to no compression.
import { Transform, type TransformCallback } from 'node:stream';
import { gzipSync } from 'node:zlib';

const BLOCK = 32 * 1024;
const MEMBER_MAX = 256 * 1024;
const SAMPLE = 512;
/** Bits per byte above which a sample is taken for random: text is ~4–5, compressed data ~7.6+. */
const RANDOM_ENTROPY = 7.2;

export class AdaptiveGzip extends Transform {
  readonly #level: number;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  #pushed = false;

  constructor(level: number) {
    super();
    this.#level = level;
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    if (this.#pendingBytes >= MEMBER_MAX) this.#drain(false);
    callback();
  }

  override _flush(callback: TransformCallback): void {
    this.#drain(true);
    // An empty input is still a gzip stream (one empty member), or gunzip calls it truncated.
    if (!this.#pushed) this.push(gzipSync(Buffer.alloc(0)));
    callback();
  }

  /** Compresses the whole blocks gathered so far (everything when flushing) and keeps the rest. */
  #drain(final: boolean): void {
    const data = this.#pending.length === 1 ? (this.#pending[0] as Buffer) : Buffer.concat(this.#pending);
    const usable = final ? data.length : data.length - (data.length % BLOCK);
    const blocks: { start: number; end: number; random: boolean }[] = [];
    for (let start = 0; start < usable; start += BLOCK) {
      const end = Math.min(start + BLOCK, usable);
      blocks.push({ start, end, random: looksRandom(data, start, end) });
    }
    for (let i = 0; i < blocks.length;) {
      const first = blocks[i] as (typeof blocks)[number];
      let last = first;
      while (
        i + 1 < blocks.length &&
        blocks[i + 1]?.random === first.random &&
        last.end - first.start < MEMBER_MAX
      )
        last = blocks[++i] as (typeof blocks)[number];
      i++;
      this.push(
        gzipSync(data.subarray(first.start, last.end), {
          level: first.random ? 0 : this.#level,
          memLevel: 9,
        }),
      );
      this.#pushed = true;
    }
    const rest = data.subarray(usable);
    this.#pending = rest.length ? [Buffer.from(rest)] : [];
    this.#pendingBytes = rest.length;
  }
}

/** Entropy of two small samples (start and middle of the block), in bits per byte. */
function looksRandom(data: Buffer, start: number, end: number): boolean {
  if (end - start < 2 * SAMPLE) return false;
  const counts = new Uint16Array(256);
  const middle = start + ((end - start) >> 1);
  for (let i = 0; i < SAMPLE; i++) {
    const a = data[start + i] as number;
    const b = data[middle + i] as number;
    counts[a] = (counts[a] as number) + 1;
    counts[b] = (counts[b] as number) + 1;
  }
  let entropy = 0;
  const total = 2 * SAMPLE;
  for (const count of counts) {
    if (count === 0) continue;
    const p = count / total;
    entropy -= p * Math.log2(p);
  }
  return entropy > RANDOM_ENTROPY;
}
