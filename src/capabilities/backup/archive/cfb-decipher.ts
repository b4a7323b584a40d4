// AES-CFB decryption (as OpenPGP's SEIPD packets use it: RFC 4880, section 13.9, without the resync)
// made of OpenSSL's AES in ECB mode and an XOR. OpenSSL's own CFB works a block after the other, since
// encrypting needs the previous block's output (~0.5 GB/s here); decrypting does not: each block's
// keystream is the cipher of the ciphertext block before it, which is all known. One ECB call per piece
// lets AES-NI work on many blocks at once (~3 GB/s here).
import { createCipheriv, type Cipher } from 'node:crypto';

const BLOCK = 16;

export type AesEcb = 'aes-128-ecb' | 'aes-192-ecb' | 'aes-256-ecb';

export class CfbDecipher {
  readonly #ecb: Cipher;
  /** The last whole block of ciphertext (at first the IV): its cipher is the next block's keystream. */
  readonly #feedback = Buffer.alloc(BLOCK);
  /** Ciphertext after the last whole block, waiting for the rest of its block. */
  readonly #pending = Buffer.alloc(BLOCK);
  #pendingLength = 0;
  /** Feedback, pending and the new piece laid out one after the other, reused from piece to piece. */
  #scratch = Buffer.alloc(0);

  constructor(algorithm: AesEcb, key: Uint8Array, iv: Uint8Array = Buffer.alloc(BLOCK)) {
    this.#ecb = createCipheriv(algorithm, key, null).setAutoPadding(false);
    this.#feedback.set(iv);
  }

  /** The plaintext of the whole blocks so far; up to 15 bytes wait for the next piece or for final(). */
  update(ciphertext: Uint8Array): Buffer {
    const total = this.#pendingLength + ciphertext.length;
    const whole = total - (total % BLOCK);
    if (whole === 0) {
      this.#pending.set(ciphertext, this.#pendingLength);
      this.#pendingLength = total;
      return Buffer.alloc(0);
    }
    const laid = this.#scratchOf(BLOCK + total);
    laid.set(this.#feedback, 0);
    laid.set(this.#pending.subarray(0, this.#pendingLength), BLOCK);
    laid.set(ciphertext, BLOCK + this.#pendingLength);
    // laid[0, whole) are the blocks before each ciphertext block laid[16, 16 + whole).
    const plain = this.#ecb.update(laid.subarray(0, whole));
    xorInto(plain, laid.subarray(BLOCK, BLOCK + whole));
    this.#feedback.set(laid.subarray(whole, whole + BLOCK));
    this.#pendingLength = total - whole;
    this.#pending.set(laid.subarray(BLOCK + whole, BLOCK + total));
    return plain;
  }

  /** The plaintext of a last, short block. */
  final(): Buffer {
    const plain = Buffer.from(this.#pending.subarray(0, this.#pendingLength));
    this.#pendingLength = 0;
    if (plain.length > 0) xorInto(plain, this.#ecb.update(this.#feedback));
    return plain;
  }

  #scratchOf(length: number): Buffer {
    if (this.#scratch.length < length)
      this.#scratch = Buffer.allocUnsafeSlow(Math.max(length, 2 * this.#scratch.length));
    return this.#scratch;
  }
}

/** target ^= source over target's length, four bytes at a time where both are aligned for it. */
function xorInto(target: Buffer, source: Uint8Array): void {
  let done = 0;
  if (target.byteOffset % 4 === 0 && source.byteOffset % 4 === 0) {
    const words = target.length >> 2;
    const t = new Int32Array(target.buffer, target.byteOffset, words);
    const s = new Int32Array(source.buffer, source.byteOffset, words);
    for (let i = 0; i < words; i++) t[i] = (t[i] as number) ^ (s[i] as number);
    done = words << 2;
  }
  for (let i = done; i < target.length; i++) target[i] = (target[i] as number) ^ (source[i] as number);
}
