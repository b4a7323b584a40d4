// Streams data through OpenPGP symmetric encryption (openpgp.js) in a form that plain GnuPG 2.2 reads:
// AES-256, iterated-and-salted S2K, SEIPD v1 with MDC, no OpenPGP compression (the volumes are
// Zstandard-compressed already). A volume is read back with openpgp.js opening its key packets and
// seipd-decrypt.ts decrypting the data.
import * as openpgp from 'openpgp';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { damaged, damagedIfMalformed, decryptionError } from './decryption-errors.js';
import { ByteQueue, nextPacket, PACKET_TAG, packetBytes, wholeBody, type Packet } from './packet-reader.js';
import { openSeipd, type DecryptOptions } from './seipd-decrypt.js';

const ENCRYPT_CONFIG = {
  preferredSymmetricAlgorithm: openpgp.enums.symmetric.aes256,
  preferredCompressionAlgorithm: openpgp.enums.compression.uncompressed,
  // GnuPG 2.2 knows neither AEAD (SEIPD v2) nor Argon2 S2K: these keep the archives readable by it.
  aeadProtect: false,
  s2kType: openpgp.enums.s2k.iterated as const,
};

type ByteSource = AsyncIterable<Uint8Array> | Iterable<Uint8Array>;

/**
 * The key of one backup's volumes: a random session key, and the packet that holds it encrypted under the
 * passphrase (SKESK: S2K with a salt of its own). Every volume of the backup starts with that same packet,
 * so the costly passphrase derivation runs once per backup instead of once per volume, when writing and
 * when reading. Each volume still opens with its own random prefix, so no two share a keystream.
 */
export interface VolumeKey {
  sessionKey: openpgp.SessionKey;
  header: Uint8Array;
}

export async function createVolumeKey(passphrase: string): Promise<VolumeKey> {
  const sessionKey = await openpgp.generateSessionKey({ encryptionKeys: [], config: ENCRYPT_CONFIG });
  const header = await openpgp.encryptSessionKey({
    ...sessionKey,
    passwords: [passphrase],
    format: 'binary',
    config: ENCRYPT_CONFIG,
  });
  return { sessionKey, header };
}

/**
 * What identifies a volume key without giving it away: the SHA-256 of its session key. An interrupted
 * backup's note keeps it beside the key's packet, so that the run completing the backup knows it got
 * back the very key (a wrong passphrase can decrypt the packet to some other key without an error).
 */
export function volumeKeyCheck(key: VolumeKey): string {
  return createHash('sha256').update(key.sessionKey.data).digest('hex');
}

/** The volume key behind `header`, if `passphrase` opens it to the key `check` names; otherwise null. */
export async function reopenVolumeKey(
  header: Uint8Array,
  check: string,
  passphrase: string,
): Promise<VolumeKey | null> {
  try {
    const message = await openpgp.readMessage({ binaryMessage: header });
    for (const sessionKey of await openpgp.decryptSessionKeys({ message, passwords: [passphrase] })) {
      if (sessionKey.algorithm === null) continue;
      const key = { sessionKey: { data: sessionKey.data, algorithm: sessionKey.algorithm }, header };
      if (volumeKeyCheck(key) === check) return key;
    }
  } catch {
    // Another passphrase, or a damaged note: the backup starts anew.
  }
  return null;
}

/** Encrypts bytes (a stream, or a generator of pieces) with a volume key; the result is a binary OpenPGP message. */
export async function encryptStream(input: ByteSource, key: VolumeKey): Promise<Readable> {
  const message = await openpgp.createMessage({ binary: pulledStream(input), format: 'binary' });
  // Without passwords openpgp.js writes the encrypted data alone; the key's packet goes before it.
  const body = await openpgp.encrypt({
    message,
    sessionKey: key.sessionKey,
    format: 'binary',
    config: ENCRYPT_CONFIG,
  });
  async function* whole(): AsyncGenerator<Uint8Array> {
    yield key.header;
    yield* Readable.fromWeb(body as unknown as WebReadableStream<Uint8Array>);
  }
  return Readable.from(whole(), { objectMode: false });
}

export async function encryptBuffer(data: Uint8Array, passphrase: string): Promise<Uint8Array> {
  const message = await openpgp.createMessage({ binary: data, format: 'binary' });
  return openpgp.encrypt({ message, passwords: [passphrase], format: 'binary', config: ENCRYPT_CONFIG });
}

/**
 * Decrypts a volume: its key packets, then one SEIPD packet (what encryptStream writes). A wrong
 * passphrase rejects with WRONG_PASSPHRASE before any data is released; damaged data rejects with
 * INTEGRITY, also later, from the stream (the MDC is checked at its end, unless `checkMdc` is false). A
 * failed read of `input` comes through as it is.
 */
export async function decryptStream(
  input: Readable,
  passphrase: string,
  options: DecryptOptions = { checkMdc: true },
): Promise<Readable> {
  const packets = new ByteQueue(input);
  let keyPackets: Buffer;
  let data: Packet;
  try {
    ({ keyPackets, data } = await volumePackets(packets));
  } catch (error) {
    throw damagedIfMalformed(error);
  }
  const content = await openSeipd(data.body, await sessionKeysOf(keyPackets, passphrase), options);
  async function* thenNothing(): AsyncGenerator<Buffer> {
    yield* content;
    if (!(await packets.atEnd())) throw damaged('there are bytes after the encrypted data');
  }
  return Readable.from(thenNothing(), { objectMode: false });
}

/** The key packets of a volume (as one buffer, for openpgp.js) and the encrypted data packet after them. */
async function volumePackets(packets: ByteQueue): Promise<{ keyPackets: Buffer; data: Packet }> {
  const keyPackets: Buffer[] = [];
  for (;;) {
    const packet = await nextPacket(packets);
    if (packet?.tag === PACKET_TAG.symEncryptedSessionKey)
      keyPackets.push(packetBytes(packet.tag, await wholeBody(packet)));
    else if (packet?.tag === PACKET_TAG.seipd && keyPackets.length > 0)
      return { keyPackets: Buffer.concat(keyPackets), data: packet };
    else
      throw damaged(
        `not a volume: key packets and encrypted data expected, found ${packet?.tag ?? 'nothing'}`,
      );
  }
}

/**
 * Session keys already derived in this thread, by passphrase and encrypted-session-key packets: the
 * volumes of one backup share those packets (VolumeKey), so only the first volume pays for the S2K.
 * Held in memory only, for as long as the job runs.
 */
const derivedSessionKeys = new Map<string, openpgp.SessionKey[]>();
const DERIVED_KEPT = 64;

async function sessionKeysOf(keyPackets: Buffer, passphrase: string): Promise<openpgp.SessionKey[]> {
  const id = createHash('sha256').update(passphrase).update('\0').update(keyPackets).digest('hex');
  const known = derivedSessionKeys.get(id);
  if (known) return known;
  let derived: openpgp.SessionKey[];
  try {
    const message = await openpgp.readMessage({ binaryMessage: keyPackets });
    // (An algorithm is missing only for SEIPD v2, which no volume uses.)
    derived = (await openpgp.decryptSessionKeys({ message, passwords: [passphrase] })).filter(
      (key): key is openpgp.SessionKey => key.algorithm !== null,
    );
  } catch (error) {
    throw decryptionError(error);
  }
  if (derivedSessionKeys.size >= DERIVED_KEPT) derivedSessionKeys.clear();
  derivedSessionKeys.set(id, derived);
  return derived;
}

/**
 * A web stream that takes the next piece from its source only when openpgp.js asks for one.
 * (Readable.toWeb would read ahead without bound: its queue counts pieces, up to 16,384 of them.)
 */
function pulledStream(source: ByteSource): ReadableStream<Uint8Array> {
  const pieces = Symbol.asyncIterator in source ? source[Symbol.asyncIterator]() : source[Symbol.iterator]();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const { done, value } = await pieces.next();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      async cancel(reason) {
        await pieces.return?.(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

export async function decryptBuffer(data: Uint8Array, passphrase: string): Promise<Uint8Array> {
  try {
    const message = await openpgp.readMessage({ binaryMessage: data });
    const { data: plain } = await openpgp.decrypt({ message, passwords: [passphrase], format: 'binary' });
    return plain;
  } catch (error) {
    throw decryptionError(error);
  }
}
