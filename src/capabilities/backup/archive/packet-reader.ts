// Reads OpenPGP packets (RFC 4880, section 4.2: old and new headers, partial body lengths) off a byte
// stream, a piece at a time: a body of any size passes through without being held whole.

/** The tags of the packets a volume consists of (RFC 4880, section 4.3). */
export const PACKET_TAG = { symEncryptedSessionKey: 3, literalData: 11, seipd: 18 } as const;

const EMPTY = Buffer.alloc(0);

/** Pulls bytes from a stream of pieces as they are asked for, keeping what was pulled but not yet taken. */
export class ByteQueue {
  readonly #pieces: AsyncIterator<Uint8Array>;
  #held: Buffer = EMPTY;
  #ended = false;

  constructor(source: AsyncIterable<Uint8Array>) {
    this.#pieces = source[Symbol.asyncIterator]();
  }

  /** The next `length` bytes; fewer only where the stream ends. */
  async take(length: number): Promise<Buffer> {
    while (this.#held.length < length && (await this.#pull()));
    return this.#give(length);
  }

  /** Up to `length` of the next bytes, as many as are at hand (it waits only when none are); empty at the end. */
  async takeSome(length: number): Promise<Buffer> {
    if (this.#held.length === 0) await this.#pull();
    return this.#give(length);
  }

  async atEnd(): Promise<boolean> {
    return this.#held.length === 0 && !(await this.#pull());
  }

  #give(length: number): Buffer {
    const given = this.#held.subarray(0, length);
    this.#held = this.#held.subarray(given.length);
    return given;
  }

  async #pull(): Promise<boolean> {
    if (this.#ended) return false;
    const { done, value } = await this.#pieces.next();
    if (done) {
      this.#ended = true;
      return false;
    }
    const piece = Buffer.from(value.buffer, value.byteOffset, value.byteLength);
    // Only a header that straddles two pieces joins them; bodies are handed out piece by piece.
    this.#held = this.#held.length > 0 ? Buffer.concat([this.#held, piece]) : piece;
    return true;
  }
}

/** A packet whose header has been read: its tag, and its body as it arrives. */
export interface Packet {
  tag: number;
  body: AsyncGenerator<Buffer, void, undefined>;
}

/** Where a packet breaks off, or its header makes no sense. */
export class MalformedPacketError extends Error {}

/** The next packet of `queue`; null where the stream ends. Its body must be read before the next packet. */
export async function nextPacket(queue: ByteQueue): Promise<Packet | null> {
  const header = await queue.take(1);
  if (header.length === 0) return null;
  const first = header.readUInt8(0);
  if ((first & 0x80) === 0) throw new MalformedPacketError(`not a packet header: 0x${first.toString(16)}`);
  if (first & 0x40) return { tag: first & 0x3f, body: newFormatBody(queue) };
  const lengthType = first & 0x03;
  const tag = (first >> 2) & 0x0f;
  // Old format: a length of 1, 2 or 4 octets, or (type 3) a body that runs to the end of the stream.
  const length =
    lengthType === 3 ? Infinity : (await exactly(queue, 1 << lengthType)).readUIntBE(0, 1 << lengthType);
  return { tag, body: bodyPart(queue, length, lengthType === 3) };
}

/** The whole body of a packet (for the small ones: key packets, headers). */
export async function wholeBody(packet: Packet): Promise<Buffer> {
  const pieces: Buffer[] = [];
  for await (const piece of packet.body) pieces.push(piece);
  return Buffer.concat(pieces);
}

/** A packet in the new format with `body` as one length: what openpgp.js reads back. */
export function packetBytes(tag: number, body: Buffer): Buffer {
  const length = Buffer.alloc(5);
  length[0] = 0xff;
  length.writeUInt32BE(body.length, 1);
  return Buffer.concat([Buffer.from([0xc0 | tag]), length, body]);
}

async function* newFormatBody(queue: ByteQueue): AsyncGenerator<Buffer, void, undefined> {
  for (;;) {
    const octet = (await exactly(queue, 1)).readUInt8(0);
    let length: number;
    let partial = false;
    if (octet < 192) length = octet;
    else if (octet < 224) length = ((octet - 192) << 8) + (await exactly(queue, 1)).readUInt8(0) + 192;
    else if (octet < 255) {
      length = 1 << (octet & 0x1f);
      partial = true;
    } else length = (await exactly(queue, 4)).readUInt32BE(0);
    yield* bodyPart(queue, length, false);
    if (!partial) return;
  }
}

async function* bodyPart(
  queue: ByteQueue,
  length: number,
  toTheEnd: boolean,
): AsyncGenerator<Buffer, void, undefined> {
  let left = length;
  while (left > 0) {
    const piece = await queue.takeSome(left);
    if (piece.length === 0) {
      if (toTheEnd) return;
      throw new MalformedPacketError(`the data ends ${left} bytes before the packet does`);
    }
    left -= piece.length;
    yield piece;
  }
}

async function exactly(queue: ByteQueue, length: number): Promise<Buffer> {
  const bytes = await queue.take(length);
  if (bytes.length < length) throw new MalformedPacketError('the data ends inside a packet header');
  return bytes;
}
