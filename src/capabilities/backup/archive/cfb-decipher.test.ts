import assert from 'node:assert/strict';
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { CfbDecipher } from './cfb-decipher.js';

/** Splits `data` into pieces of the given lengths, the last one taking what is left. */
function split(data: Buffer, lengths: number[]): Buffer[] {
  const pieces: Buffer[] = [];
  let at = 0;
  for (const length of lengths) {
    pieces.push(data.subarray(at, at + length));
    at += length;
  }
  pieces.push(data.subarray(at));
  return pieces;
}

describe('CfbDecipher', () => {
  for (const [algorithm, keyBytes] of [
    ['aes-256', 32],
    ['aes-128', 16],
  ] as const) {
    it(`decrypts ${algorithm}-cfb as OpenSSL does, whatever the pieces`, () => {
      const key = randomBytes(keyBytes);
      const iv = randomBytes(16);
      const plain = randomBytes(5000 + 7);
      const cipher = createCipheriv(`${algorithm}-cfb`, key, iv);
      const ciphertext = Buffer.concat([cipher.update(plain), cipher.final()]);
      for (const lengths of [[], [1, 1, 1, 13, 16, 17, 0, 15], [4096], [3, 4093, 5], Array(400).fill(11)]) {
        const decipher = new CfbDecipher(`${algorithm}-ecb`, key, iv);
        // Pieces that start at odd offsets take the XOR's path for bytes that are not aligned.
        const pieces = split(ciphertext, lengths).map((piece) =>
          Buffer.concat([Buffer.alloc(1), piece]).subarray(1),
        );
        const out = Buffer.concat([...pieces.map((piece) => decipher.update(piece)), decipher.final()]);
        assert.deepEqual(out, plain, `pieces ${lengths.join(',')}`);
      }
    });
  }

  it('starts from a zero IV by default, as OpenPGP does, and matches OpenSSL on a short message', () => {
    const key = randomBytes(32);
    const ciphertext = randomBytes(5);
    const reference = createDecipheriv('aes-256-cfb', key, Buffer.alloc(16)).update(ciphertext);
    const decipher = new CfbDecipher('aes-256-ecb', key);
    assert.deepEqual(Buffer.concat([decipher.update(ciphertext), decipher.final()]), reference);
  });
});
