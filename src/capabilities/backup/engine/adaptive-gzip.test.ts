import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import { describe, it } from 'node:test';
import { gunzipSync } from 'node:zlib';
import { AdaptiveGzip } from './adaptive-gzip.js';

async function gzip(parts: Buffer[]): Promise<Buffer> {
  const out: Buffer[] = [];
  for await (const chunk of Readable.from(parts).pipe(new AdaptiveGzip(1))) out.push(chunk as Buffer);
  return Buffer.concat(out);
}

describe('AdaptiveGzip', () => {
  it('is one gzip stream for gunzip, whatever the mix of text and random data', async () => {
    const text = Buffer.from('the quick brown fox jumps over the lazy dog\n'.repeat(20_000));
    const random = randomBytes(700_000);
    const input = [text.subarray(0, 100_000), random, text, Buffer.alloc(0), randomBytes(10)];
    const packed = await gzip(input);
    assert.deepEqual(gunzipSync(packed), Buffer.concat(input));
  });

  it('compresses text, and stores random data instead of working on it in vain', async () => {
    const text = Buffer.from('Sehr geehrte Damen und Herren, '.repeat(40_000));
    assert.ok((await gzip([text])).length < text.length / 10);
    const random = randomBytes(2_000_000);
    const stored = await gzip([random]);
    assert.ok(stored.length > random.length && stored.length < random.length * 1.01);
  });

  it('handles an empty stream', async () => {
    assert.deepEqual(gunzipSync(await gzip([])), Buffer.alloc(0));
  });
});
