// Decrypts the data packet of a volume: SEIPD version 1 (RFC 4880, section 5.13) holding one literal
// data packet, the form openpgp.js writes and GnuPG 2.2 reads. openpgp.js opens the key packets before it
// (the passphrase and its S2K); the bulk of the volume is decrypted here with OpenSSL's AES and SHA-1:
// openpgp.js (its web streams, its block-by-block CFB) took 4.3 s of CPU for the 1.1 GiB of volumes of
// the benchmark's backup, this takes 2.2-2.7 s (0.65 s of it the MDC's SHA-1): a restore went from
// 1.2-1.3x restic's time to par.
import { createHash } from 'node:crypto';
import { CfbDecipher, type AesEcb } from './cfb-decipher.js';
import { damaged, damagedIfMalformed, wrongPassphrase } from './decryption-errors.js';
import { ByteQueue, nextPacket, PACKET_TAG } from './packet-reader.js';

/** A block of random bytes and its last two again: the check that the key is the right one. */
const PREFIX_BYTES = 18;
/** The MDC packet that ends the plaintext: its header (0xd3 0x14) and the SHA-1 of all before it. */
const MDC_BYTES = 22;
const MDC_HEADER = [0xd3, 0x14];

const AES: Record<string, AesEcb> = { aes128: 'aes-128-ecb', aes192: 'aes-192-ecb', aes256: 'aes-256-ecb' };

export interface SessionKey {
  data: Uint8Array;
  algorithm: string;
}

export interface DecryptOptions {
  /**
   * Whether the MDC's SHA-1 is worked out and compared (~0.6 s of CPU per GB). A restore leaves it out:
   * each file it takes is checked against its SHA-256 from the manifest, whose own MDC openpgp.js checks.
   */
  checkMdc: boolean;
}

/**
 * The content of the literal data packet in a SEIPD packet's `body`, decrypted with whichever of `keys`
 * passes the quick check (none: WRONG_PASSPHRASE, before any data is handed out). The content ends only
 * after the MDC packet came and, with `checkMdc`, matched; what fails fails with INTEGRITY.
 */
export async function openSeipd(
  body: AsyncIterable<Buffer>,
  keys: SessionKey[],
  options: DecryptOptions,
): Promise<AsyncGenerator<Buffer>> {
  try {
    return await opened(body, keys, options);
  } catch (error) {
    throw damagedIfMalformed(error);
  }
}

async function opened(
  body: AsyncIterable<Buffer>,
  keys: SessionKey[],
  { checkMdc }: DecryptOptions,
): Promise<AsyncGenerator<Buffer>> {
  const ciphertext = new ByteQueue(body);
  const version = await ciphertext.take(1);
  if (version[0] !== 1) throw damaged(`not a SEIPD packet of version 1 (${version[0]})`);
  const prefix = await ciphertext.take(PREFIX_BYTES);
  if (prefix.length < PREFIX_BYTES) throw damaged('the encrypted data ends inside its prefix');
  for (const key of keys) {
    // A key of another cipher, or one that fails the check, is what another passphrase opens the key
    // packet to (openpgp.js cannot tell for 2 in 256 passphrases).
    const algorithm = AES[key.algorithm];
    if (!algorithm || !passesQuickCheck(new CfbDecipher(algorithm, key.data), prefix)) continue;
    const decipher = new CfbDecipher(algorithm, key.data);
    return damageTold(literalData(checkedByMdc(deciphered(decipher, prefix, ciphertext), checkMdc)));
  }
  // GnuPG says the same ("bad session key"): a damaged first block cannot be told from another passphrase.
  throw wrongPassphrase(
    'no session key passes the check of the encrypted data (or its first bytes are damaged)',
  );
}

function passesQuickCheck(decipher: CfbDecipher, prefix: Buffer): boolean {
  const plain = Buffer.concat([decipher.update(prefix), decipher.final()]);
  return plain[14] === plain[16] && plain[15] === plain[17];
}

async function* deciphered(
  decipher: CfbDecipher,
  prefix: Buffer,
  ciphertext: ByteQueue,
): AsyncGenerator<Buffer> {
  yield decipher.update(prefix);
  for (;;) {
    const piece = await ciphertext.takeSome(Infinity);
    if (piece.length === 0) break;
    const plain = decipher.update(piece);
    if (plain.length > 0) yield plain;
  }
  yield decipher.final();
}

/**
 * The packets between the prefix and the MDC packet. Everything before the MDC's hash is hashed as it
 * passes (with `check`); the last 22 bytes are held back until the stream ends, since only then are they
 * known to be the MDC packet.
 */
async function* checkedByMdc(plain: AsyncIterable<Buffer>, check: boolean): AsyncGenerator<Buffer> {
  const sha1 = check ? createHash('sha1') : null;
  let prefixLeft = PREFIX_BYTES;
  let held = Buffer.alloc(0);
  function* pass(bytes: Buffer): Generator<Buffer> {
    sha1?.update(bytes);
    const skipped = Math.min(prefixLeft, bytes.length);
    prefixLeft -= skipped;
    if (bytes.length > skipped) yield bytes.subarray(skipped);
  }
  for await (const piece of plain) {
    const passing = held.length + piece.length - MDC_BYTES;
    if (passing <= 0) held = Buffer.concat([held, piece]);
    else if (passing < held.length) {
      yield* pass(held.subarray(0, passing));
      held = Buffer.concat([held.subarray(passing), piece]);
    } else {
      if (held.length > 0) yield* pass(held);
      yield* pass(piece.subarray(0, passing - held.length));
      held = Buffer.from(piece.subarray(passing - held.length));
    }
  }
  if (prefixLeft > 0 || held.length < MDC_BYTES || held[0] !== MDC_HEADER[0] || held[1] !== MDC_HEADER[1])
    throw damaged('the encrypted data does not end with its modification detection code');
  if (sha1 && !sha1.update(held.subarray(0, 2)).digest().equals(held.subarray(2)))
    throw damaged('Modification detected: the MDC does not match');
}

/** The content of the one literal data packet (RFC 4880, section 5.9) that `packets` must consist of. */
async function* literalData(packets: AsyncIterable<Buffer>): AsyncGenerator<Buffer> {
  const queue = new ByteQueue(packets);
  const packet = await nextPacket(queue);
  if (packet?.tag !== PACKET_TAG.literalData)
    throw damaged(`no literal data packet but ${packet?.tag ?? 'nothing'}`);
  const fields = new ByteQueue(packet.body);
  // Its format octet, a file name (of one octet's length) and a date come before the content.
  const [, nameLength] = await fields.take(2);
  if (nameLength === undefined || (await fields.take(nameLength + 4)).length < nameLength + 4)
    throw damaged('the literal data packet ends inside its header');
  for (;;) {
    const piece = await fields.takeSome(Infinity);
    if (piece.length === 0) break;
    yield piece;
  }
  if (!(await queue.atEnd())) throw damaged('more packets than the literal data in the encrypted data');
}

async function* damageTold(content: AsyncGenerator<Buffer>): AsyncGenerator<Buffer> {
  try {
    yield* content;
  } catch (error) {
    throw damagedIfMalformed(error);
  }
}
