import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { rechunk } from './rechunk.js';

async function collect(pieces: number[], size: number): Promise<Buffer[]> {
  let next = 0;
  async function* source() {
    for (const length of pieces) {
      const piece = Buffer.alloc(length);
      for (let i = 0; i < length; i++) piece[i] = next++ % 251;
      yield piece;
    }
  }
  const chunks: Buffer[] = [];
  for await (const chunk of rechunk(source(), size)) chunks.push(chunk);
  return chunks;
}

describe('rechunk', () => {
  it('regroups pieces of any size into chunks of one size and keeps every byte in order', async () => {
    const chunks = await collect([3, 10, 1, 0, 25, 7], 8);
    assert.deepEqual(
      chunks.map((c) => c.length),
      [8, 8, 8, 8, 8, 6],
    );
    const all = Buffer.concat(chunks);
    for (let i = 0; i < all.length; i++) assert.equal(all[i], i % 251);
  });

  it('gives every chunk memory of its own, so it can be transferred to another thread', async () => {
    for (const chunk of await collect([20, 5], 8))
      assert.equal(chunk.byteLength, chunk.buffer.byteLength, 'the chunk owns its whole ArrayBuffer');
  });

  it('gives nothing for an empty source', async () => {
    assert.deepEqual(await collect([], 8), []);
    assert.deepEqual(await collect([0, 0], 8), []);
  });
});
