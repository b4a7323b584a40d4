import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteQueue, MalformedPacketError, nextPacket, packetBytes, wholeBody } from './packet-reader.js';

async function* pieces(data: Buffer, size: number): AsyncGenerator<Buffer> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
}

async function readAll(data: Buffer, size: number): Promise<{ tag: number; body: Buffer }[]> {
  const queue = new ByteQueue(pieces(data, size));
  const packets: { tag: number; body: Buffer }[] = [];
  for (let packet = await nextPacket(queue); packet; packet = await nextPacket(queue))
    packets.push({ tag: packet.tag, body: await wholeBody(packet) });
  return packets;
}

const body = (length: number) => Buffer.from(Array.from({ length }, (_, i) => i % 251));

describe('packet reader', () => {
  // RFC 4880, section 4.2: the same bodies under every kind of header.
  const small = body(100);
  const medium = body(1000);
  const big = body(70_000);
  const encoded = Buffer.concat([
    // New format: one-, two- and five-octet lengths.
    Buffer.from([0xc0 | 11, 100]),
    small,
    Buffer.from([0xc0 | 11, ((1000 - 192) >> 8) + 192, (1000 - 192) & 0xff]),
    medium,
    packetBytes(11, big),
    // Partial lengths: 512, then 64, then the rest under a two-octet length.
    Buffer.from([0xc0 | 18, 0xe0 | 9]),
    big.subarray(0, 512),
    Buffer.from([0xe0 | 6]),
    big.subarray(512, 576),
    Buffer.from([((424 - 192) >> 8) + 192, (424 - 192) & 0xff]),
    big.subarray(576, 1000),
    // Old format: one-, two- and four-octet lengths, and a body that runs to the end.
    Buffer.from([0x80 | (3 << 2) | 0, 100]),
    small,
    Buffer.from([0x80 | (3 << 2) | 1, 1000 >> 8, 1000 & 0xff]),
    medium,
    Buffer.from([0x80 | (3 << 2) | 2, 0, 0, 1000 >> 8, 1000 & 0xff]),
    medium,
    Buffer.from([0x80 | (8 << 2) | 3]),
    big,
  ]);
  const expected = [
    { tag: 11, body: small },
    { tag: 11, body: medium },
    { tag: 11, body: big },
    { tag: 18, body: big.subarray(0, 1000) },
    { tag: 3, body: small },
    { tag: 3, body: medium },
    { tag: 3, body: medium },
    { tag: 8, body: big },
  ];

  it('reads old and new headers and partial lengths, also when headers straddle pieces', async () => {
    for (const size of [1, 7, 4096, encoded.length])
      assert.deepEqual(await readAll(encoded, size), expected, `pieces of ${size}`);
  });

  it('hands out a body piece by piece, never more than a piece at a time', async () => {
    const queue = new ByteQueue(pieces(packetBytes(11, big), 4096));
    const packet = await nextPacket(queue);
    let largest = 0;
    for await (const piece of packet?.body ?? []) largest = Math.max(largest, piece.length);
    assert.ok(largest <= 4096);
  });

  it('refuses a body that breaks off and a byte that is no header', async () => {
    const cut = packetBytes(11, big).subarray(0, 5000);
    await assert.rejects(readAll(cut, 1000), MalformedPacketError);
    await assert.rejects(readAll(Buffer.from([0xc0 | 11, 0xff, 0, 0]), 10), MalformedPacketError);
    await assert.rejects(readAll(Buffer.from([0x42, 1, 2]), 10), MalformedPacketError);
  });
});
