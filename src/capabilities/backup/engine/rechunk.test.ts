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

  it('passes a piece that is a chunk in memory of its own as it is, and copies one that is a view', async () => {
    const own = Buffer.alloc(8, 1);
    const view = Buffer.alloc(16, 2).subarray(8);
    const chunks: Buffer[] = [];
    const source = (async function* () {
      yield own;
      yield view;
    })();
    for await (const chunk of rechunk(source, 8)) chunks.push(chunk);
    assert.equal(chunks[0]?.buffer, own.buffer);
    assert.notEqual(chunks[1]?.buffer, view.buffer);
    assert.deepEqual(chunks[1], Buffer.alloc(8, 2));
    assert.equal(chunks[1]?.byteLength, chunks[1]?.buffer.byteLength);
  });

  it('gives nothing for an empty source', async () => {
    assert.deepEqual(await collect([], 8), []);
    assert.deepEqual(await collect([0, 0], 8), []);
  });
});
