// The bytes of the benchmark files: AES-256-CTR keystreams (fast and reproducible) as random data, and
// the same keystream drawing words of the fixed vocabulary as text-like, compressible data.
import { createCipheriv, createHash, type Cipher } from 'node:crypto';
import { VOCABULARY, type ContentKind } from './data-plan.js';

export const BLOCK_BYTES = 1024 * 1024;
const ZEROS = Buffer.alloc(BLOCK_BYTES);
const INDEX_BATCH_BYTES = 64 * 1024;

/** A reproducible stream of bytes per (seed, file, variant): the key is a hash of the three. */
export class ContentSource {
  private readonly cipher: Cipher;
  private indexBytes = Buffer.alloc(0);
  private nextIndex = 0;

  constructor(seed: number, filePath: string, variant = '') {
    const key = createHash('sha256').update(`${seed}\0${filePath}\0${variant}`).digest();
    this.cipher = createCipheriv('aes-256-ctr', key, Buffer.alloc(16));
  }

  random(bytes: number): Buffer {
    if (bytes <= BLOCK_BYTES) return this.cipher.update(ZEROS.subarray(0, bytes));
    return Buffer.concat([this.random(BLOCK_BYTES), this.random(bytes - BLOCK_BYTES)]);
  }

  /** Words (Zipf-distributed, like natural language), separators and line breaks. */
  text(bytes: number): Buffer {
    const out = Buffer.allocUnsafe(bytes);
    const { table, offsets, tokenBytes } = TOKENS;
    let position = 0;
    while (position < bytes) {
      if (this.nextIndex >= this.indexBytes.length) {
        this.indexBytes = this.cipher.update(ZEROS.subarray(0, INDEX_BATCH_BYTES));
        this.nextIndex = 0;
      }
      // Two keystream bytes, little-endian by hand, so the data is the same on every CPU.
      const value = this.indexBytes[this.nextIndex]! | (this.indexBytes[this.nextIndex + 1]! << 8);
      this.nextIndex += 2;
      const token = table[value]!;
      const end = offsets[token + 1]!;
      for (let i = offsets[token]!; i < end && position < bytes; i++) out[position++] = tokenBytes[i]!;
    }
    return out;
  }

  block(kind: 'text' | 'random', bytes: number): Buffer {
    return kind === 'text' ? this.text(bytes) : this.random(bytes);
  }
}

/** The content of a whole file, block by block (at most 1 MiB each), so large files need little memory. */
export function* fileBlocks(
  seed: number,
  filePath: string,
  kind: ContentKind,
  size: number,
  variant = '',
): Generator<Buffer> {
  const source = new ContentSource(seed, filePath, variant);
  for (let offset = 0, index = 0; offset < size; offset += BLOCK_BYTES, index++) {
    const bytes = Math.min(BLOCK_BYTES, size - offset);
    const blockKind = kind === 'mixed' ? (index % 2 === 0 ? 'random' : 'text') : kind;
    yield source.block(blockKind, bytes);
  }
}

/** The whole content of a file in one buffer (for small files). */
export function fileContent(
  seed: number,
  filePath: string,
  kind: ContentKind,
  size: number,
  variant = '',
): Buffer {
  return Buffer.concat([...fileBlocks(seed, filePath, kind, size, variant)]);
}

interface TokenTable {
  /** 16-bit random value → token number, so one table lookup draws a token with its frequency. */
  table: Uint16Array;
  /** Token n is tokenBytes[offsets[n] .. offsets[n + 1]). */
  offsets: Uint32Array;
  tokenBytes: Buffer;
}

const TOKENS: TokenTable = buildTokens();

function buildTokens(): TokenTable {
  const tokens = VOCABULARY.map((word) => `${word} `);
  // Zipf weights (1 / (rank + 2.7), Mandelbrot's form) plus punctuation at rates typical of prose.
  const weights = tokens.map((_, rank) => 1 / (rank + 2.7));
  const wordWeight = weights.reduce((sum, weight) => sum + weight, 0);
  const punctuation: [string, number][] = [
    ['.\n', 0.05],
    [', ', 0.04],
    ['\n\n', 0.005],
  ];
  for (const [token, share] of punctuation) {
    tokens.push(token);
    weights.push(wordWeight * share);
  }
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const table = new Uint16Array(65_536);
  let token = 0;
  let cumulative = weights[0]! / total;
  for (let value = 0; value < table.length; value++) {
    while ((value + 0.5) / table.length > cumulative && token < tokens.length - 1) {
      token++;
      cumulative += weights[token]! / total;
    }
    table[value] = token;
  }
  const encoded = tokens.map((text) => Buffer.from(text, 'utf8'));
  const offsets = new Uint32Array(encoded.length + 1);
  encoded.forEach((bytes, index) => (offsets[index + 1] = offsets[index]! + bytes.length));
  return { table, offsets, tokenBytes: Buffer.concat(encoded) };
}
