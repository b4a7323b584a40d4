// A gzip stream that compresses only what compresses. The output is a row of gzip members (which
// `gunzip` and `tar -z` read back as one stream); each run of alike bytes becomes one member: deflated,
// or stored when it looks random (photos, videos, archives, encrypted data), which costs a memory copy
// instead of a core's time for nothing. Bytes are judged in blocks of 32 KiB (deflate's window, so
// cutting members at block borders costs next to no compression) by the byte entropy of a sample.
//
// File content is read straight into the member being gathered (`room` / `added`), so the only copies
// are the one into the output and deflate's own.
import { crc32, gzipSync } from 'node:zlib';

const BLOCK = 32 * 1024;
const MEMBER_MAX = 256 * 1024;
/**
 * Output is handed on in pieces of about this size. The encryption after us pays per piece, but each of
 * its stages holds a piece or two: 128 KiB costs no measurable time and ~50 MB less memory than 512 KiB.
 */
const BATCH = 128 * 1024;
const SAMPLE = 512;
/** Bits per byte above which a sample is taken for random: text is ~4–5, compressed data ~7.6+. */
const RANDOM_ENTROPY = 7.2;
/** Deflate's stored blocks hold at most this many bytes each. */
const STORED_BLOCK = 65_535;
const GZIP_HEADER = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff]);

export class GzipMembers {
  readonly #level: number;
  readonly #member = Buffer.allocUnsafe(MEMBER_MAX);
  #length = 0;
  #random = false;
  #batch = Buffer.allocUnsafe(BATCH);
  #batchLength = 0;
  #ready: Buffer[] = [];
  #wroteMember = false;

  constructor(level: number) {
    this.#level = level;
  }

  /** Free room in the member being gathered, to read content into; then call `added`. */
  room(): Buffer {
    if (this.#length === MEMBER_MAX) this.#emit(MEMBER_MAX);
    return this.#member.subarray(this.#length);
  }

  /** `bytes` were written at the start of `room()` (and, where needed, read there: they may move). */
  added(bytes: number): void {
    let end = this.#length + bytes;
    for (let block = this.#length; block < end; block += BLOCK) {
      const random = looksRandom(this.#member, block, Math.min(block + BLOCK, end));
      if (random === null || random === this.#random) continue;
      if (block > 0) {
        // What came before goes out as a member of its own kind; the rest moves to the front.
        this.#length = end;
        this.#emit(block);
        end -= block;
        block = 0;
      }
      this.#random = random;
    }
    this.#length = end;
  }

  /** Copies bytes in (tar headers, padding): they join the member being gathered, whatever its kind. */
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

  /** Everything that is left. An empty input still gives one empty member: gunzip calls nothing truncated. */
  end(): Buffer[] {
    if (this.#length > 0 || !this.#wroteMember) this.#emit(this.#length);
    this.#flushBatch();
    return this.take();
  }

  /** Writes the first `length` bytes of the member as one gzip member and keeps the rest. */
  #emit(length: number): void {
    const data = this.#member.subarray(0, length);
    if (this.#random) {
      this.#reserve(storedMemberSize(length));
      this.#batchLength = writeStoredMember(data, this.#batch, this.#batchLength);
    } else {
      const deflated = gzipSync(data, { level: this.#level, memLevel: 9 });
      this.#reserve(deflated.length);
      deflated.copy(this.#batch, this.#batchLength);
      this.#batchLength += deflated.length;
    }
    this.#wroteMember = true;
    this.#member.copyWithin(0, length, this.#length);
    this.#length -= length;
    if (this.#batchLength >= BATCH) this.#flushBatch();
  }

  #reserve(bytes: number): void {
    if (this.#batchLength + bytes > this.#batch.length) this.#flushBatch();
    if (bytes > this.#batch.length) this.#batch = Buffer.allocUnsafe(bytes);
  }

  #flushBatch(): void {
    if (this.#batchLength === 0) return;
    this.#ready.push(this.#batch.subarray(0, this.#batchLength));
    // The piece is handed on and may be held downstream: the next one gets memory of its own.
    this.#batch = Buffer.allocUnsafe(BATCH);
    this.#batchLength = 0;
  }
}

function storedMemberSize(length: number): number {
  return GZIP_HEADER.length + length + 5 * Math.max(1, Math.ceil(length / STORED_BLOCK)) + 8;
}

/** A gzip member of deflate's stored blocks (RFC 1951 §3.2.4): header, blocks, CRC-32, length. */
function writeStoredMember(data: Buffer, out: Buffer, offset: number): number {
  let at = offset + GZIP_HEADER.copy(out, offset);
  const blocks = Math.max(1, Math.ceil(data.length / STORED_BLOCK));
  for (let i = 0; i < blocks; i++) {
    const start = i * STORED_BLOCK;
    const length = Math.min(STORED_BLOCK, data.length - start);
    out[at] = i === blocks - 1 ? 1 : 0; // BFINAL on the last block, BTYPE 00 (stored)
    out.writeUInt16LE(length, at + 1);
    out.writeUInt16LE(length ^ 0xffff, at + 3);
    at += 5 + data.copy(out, at + 5, start, start + length);
  }
  out.writeUInt32LE(crc32(data), at);
  out.writeUInt32LE(data.length % 2 ** 32, at + 4);
  return at + 8;
}

// The entropy of 2 × SAMPLE bytes is log2(n) − Σ c·log2(c) / n over the byte counts c: the c·log2(c)
// are looked up, so judging a block costs one pass over its samples.
const SAMPLED = 2 * SAMPLE;
const C_LOG2_C = Float64Array.from({ length: SAMPLED + 1 }, (_, c) => (c === 0 ? 0 : c * Math.log2(c)));
const counts = new Uint16Array(256);

/** Entropy of two small samples (start and middle of the block); null when the block is too small to judge. */
function looksRandom(data: Buffer, start: number, end: number): boolean | null {
  if (end - start < SAMPLED) return null;
  counts.fill(0);
  const middle = start + ((end - start) >> 1);
  for (let i = 0; i < SAMPLE; i++) {
    const a = data[start + i] as number;
    const b = data[middle + i] as number;
    counts[a] = (counts[a] as number) + 1;
    counts[b] = (counts[b] as number) + 1;
  }
  let sum = 0;
  for (let byte = 0; byte < 256; byte++) sum += C_LOG2_C[counts[byte] as number] as number;
  return Math.log2(SAMPLED) - sum / SAMPLED > RANDOM_ENTROPY;
}
