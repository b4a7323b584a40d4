import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { DamagedDataError, SyncDecompress } from './sync-decompress.js';
import { ZstdFrame } from './zstd-frame.js';

/** Feeds the parts the two ways a volume does: read into the compressor's room, and appended. */
function compress(parts: Buffer[], how: 'read' | 'append' = 'read'): Buffer {
  const frame = new ZstdFrame(1);
  const out: Buffer[] = [];
  for (const part of parts) {
    if (how === 'append') frame.append(part);
    else
      for (let offset = 0; offset < part.length;) {
        const room = frame.room();
        const length = Math.min(room.length, part.length - offset, 100_000);
        part.copy(room, 0, offset, offset + length);
        frame.added(length);
        offset += length;
      }
    out.push(...frame.take());
  }
  out.push(...frame.end());
  return Buffer.concat(out);
}

/**
 * Decompresses the way a restore does: in pieces as the decryption hands them out, the first `first`
 * bytes long, the others 10,000.
 */
async function decompress(bytes: Buffer, first = 10_000): Promise<Buffer> {
  const pieces: Uint8Array[] = [];
  for (let offset = 0, size = first; offset < bytes.length; offset += size, size = 10_000)
    pieces.push(new Uint8Array(bytes.subarray(offset, offset + size)));
  const chunks: Buffer[] = [];
  for await (const chunk of Readable.from(pieces).pipe(new SyncDecompress())) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

const zstdCli = (bytes: Buffer) =>
  execFileSync('zstd', ['-d', '-q', '-c'], { input: bytes, maxBuffer: 1 << 28 });
const hasZstd = (() => {
  try {
    execFileSync('zstd', ['--version']);
    return true;
  } catch {
    return false;
  }
})();

describe('ZstdFrame', () => {
  const text = Buffer.from('the quick brown fox jumps over the lazy dog\n'.repeat(20_000));
  const mixed = [text.subarray(0, 100_000), randomBytes(700_000), text, Buffer.alloc(0), randomBytes(10)];

  it('is one Zstandard frame, whichever way the bytes come in', async () => {
    for (const how of ['read', 'append'] as const) {
      const frame = compress(mixed, how);
      assert.deepEqual(await decompress(frame), Buffer.concat(mixed));
      assert.deepEqual(
        await decompress(frame, 3),
        Buffer.concat(mixed),
        'a first piece shorter than the magic',
      );
    }
  });

  it(
    'is read by the zstd command, as `tar --zstd` does',
    { skip: !hasZstd && 'zstd is not installed' },
    () => {
      assert.deepEqual(zstdCli(compress(mixed)), Buffer.concat(mixed));
      assert.deepEqual(zstdCli(compress([])), Buffer.alloc(0));
    },
  );

  it('compresses text, and random data costs next to nothing in size', () => {
    const german = Buffer.from('Sehr geehrte Damen und Herren, '.repeat(40_000));
    assert.ok(compress([german]).length < german.length / 10);
    const random = randomBytes(2_000_000);
    const stored = compress([random]);
    assert.ok(stored.length > random.length && stored.length < random.length * 1.01);
  });

  it('gives a valid empty frame for no input', async () => {
    assert.deepEqual(await decompress(compress([])), Buffer.alloc(0));
  });
});

describe('SyncDecompress', () => {
  it('refuses what is not Zstandard, a frame cut short and a damaged one, as damaged data', async () => {
    const damaged = (text: RegExp) => (error: unknown) =>
      error instanceof DamagedDataError && text.test(error.message);
    await assert.rejects(decompress(Buffer.from('plain text, not compressed')), damaged(/not Zstandard/));
    const frame = compress([randomBytes(300_000)]);
    await assert.rejects(decompress(frame.subarray(0, frame.length - 1000)), damaged(/ends inside/));
    await assert.rejects(decompress(Buffer.alloc(0)), damaged(/ends before/));
    const text = compress([Buffer.from('Sehr geehrte Damen und Herren, '.repeat(40_000))]);
    text[4] = 0xff; // the frame header's reserved bit set: refused by libzstd itself
    await assert.rejects(decompress(text), damaged(/./));
  });
});
