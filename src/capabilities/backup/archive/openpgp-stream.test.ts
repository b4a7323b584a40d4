import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { before, describe, it } from 'node:test';
import { isHausmeisterError } from '../../../errors.js';
import {
  createVolumeKey,
  decryptStream,
  encryptStream,
  reopenVolumeKey,
  volumeKeyCheck,
  type VolumeKey,
} from './openpgp-stream.js';

const decrypt = async (message: Buffer, passphrase: string, pieceBytes = message.length) =>
  buffer(await decryptStream(Readable.from(piecesOf(message, pieceBytes)), passphrase));

function* piecesOf(data: Buffer, size: number): Generator<Buffer> {
  for (let at = 0; at < data.length; at += size) yield data.subarray(at, at + size);
}

const failsWith = (reason: string) => (error: unknown) =>
  isHausmeisterError(error) && error.reason === reason;

const gpgMissing = (() => {
  try {
    execFileSync('gpg', ['--version'], { stdio: 'ignore' });
    return false;
  } catch {
    return 'gpg is not installed';
  }
})();

describe('volume encryption', () => {
  it('gives every volume of a backup the same key packet, and decrypts each of them', async () => {
    const key = await createVolumeKey('right passphrase');
    const first = await buffer(await encryptStream([Buffer.from('volume one')], key));
    const second = await buffer(await encryptStream([Buffer.from('volume two')], key));
    assert.deepEqual(first.subarray(0, key.header.length), Buffer.from(key.header));
    assert.deepEqual(second.subarray(0, key.header.length), Buffer.from(key.header));
    // The same key, but each message opens with its own random prefix.
    assert.notDeepEqual(first.subarray(key.header.length), second.subarray(key.header.length));
    assert.equal((await decrypt(first, 'right passphrase')).toString(), 'volume one');
    assert.equal((await decrypt(second, 'right passphrase')).toString(), 'volume two');
  });

  it('refuses a wrong passphrase even after the same key packet was opened with the right one', async () => {
    const key = await createVolumeKey('right passphrase');
    const volume = await buffer(await encryptStream([Buffer.from('secret')], key));
    assert.equal((await decrypt(volume, 'right passphrase')).toString(), 'secret');
    await assert.rejects(
      decrypt(volume, 'wrong passphrase'),
      (error) => isHausmeisterError(error) && error.reason === 'WRONG_PASSPHRASE',
    );
  });

  it('decrypts volumes of another backup under the same passphrase (another key packet)', async () => {
    const [one, other] = [await createVolumeKey('same'), await createVolumeKey('same')];
    assert.notDeepEqual(Buffer.from(one.header), Buffer.from(other.header));
    for (const [key, text] of [
      [one, 'first backup'],
      [other, 'second backup'],
    ] as const) {
      const volume = await buffer(await encryptStream([Buffer.from(text)], key));
      assert.equal((await decrypt(volume, 'same')).toString(), text);
    }
  });

  it('gets a volume key back from its packet and check value, with the passphrase only', async () => {
    const key = await createVolumeKey('the passphrase');
    const check = volumeKeyCheck(key);
    const back = await reopenVolumeKey(key.header, check, 'the passphrase');
    assert.ok(back);
    assert.deepEqual(Buffer.from(back.sessionKey.data), Buffer.from(key.sessionKey.data));
    // A volume written with the key it got back opens like the others.
    const volume = await buffer(await encryptStream([Buffer.from('Inhalt')], back));
    assert.equal(
      (await buffer(await decryptStream(Readable.from([volume]), 'the passphrase'))).toString(),
      'Inhalt',
    );
    assert.equal(await reopenVolumeKey(key.header, check, 'another passphrase'), null);
    assert.equal(await reopenVolumeKey(key.header, 'ab'.repeat(32), 'the passphrase'), null);
  });
});

describe('volume decryption', () => {
  // Half text, half random: the volumes hold Zstandard frames, but the decryption does not care.
  const content = Buffer.concat([Buffer.from('Kontoauszug 2026\n'.repeat(10_000)), randomBytes(200_000)]);
  let key: VolumeKey;
  let volume: Buffer;
  before(async () => {
    key = await createVolumeKey('pass phrase');
    volume = await buffer(await encryptStream(piecesOf(content, 64 * 1024), key));
  });

  it('decrypts a volume whatever pieces it arrives in', async () => {
    for (const size of [7, 4096, 100_000, volume.length])
      assert.deepEqual(await decrypt(volume, 'pass phrase', size), content, `pieces of ${size}`);
    const small = await buffer(await encryptStream([content.subarray(0, 3000)], key));
    assert.deepEqual(await decrypt(small, 'pass phrase', 1), content.subarray(0, 3000), 'pieces of 1 byte');
  });

  it('refuses a volume changed anywhere after its key packet', async () => {
    const start = key.header.length;
    // The encrypted data's header and first bytes, a partial length's header, the middle, the MDC.
    for (const at of [
      start,
      start + 1,
      start + 2 + 8192,
      start + 10,
      volume.length >> 1,
      volume.length - 1,
    ]) {
      const changed = Buffer.from(volume);
      changed[at] = (changed[at] as number) ^ 0x01;
      await assert.rejects(
        decrypt(changed, 'pass phrase'),
        // A changed first block cannot be told from a key of another passphrase (GnuPG cannot either).
        (error) => failsWith('INTEGRITY')(error) || (at < start + 21 && failsWith('WRONG_PASSPHRASE')(error)),
        `byte ${at} changed`,
      );
    }
  });

  it('refuses a volume cut short anywhere, and one with bytes after its end', async () => {
    for (const length of [
      3,
      key.header.length,
      key.header.length + 10,
      volume.length >> 1,
      volume.length - 1,
    ])
      await assert.rejects(
        decrypt(volume.subarray(0, length), 'pass phrase'),
        failsWith('INTEGRITY'),
        `cut at ${length}`,
      );
    await assert.rejects(
      decrypt(Buffer.concat([volume, Buffer.from([0])]), 'pass phrase'),
      failsWith('INTEGRITY'),
    );
    await assert.rejects(decrypt(Buffer.from('not OpenPGP at all'), 'pass phrase'), failsWith('INTEGRITY'));
  });

  it('leaves the MDC out when asked (a restore checks its files), but not its presence', async () => {
    const unchecked = async (message: Buffer) =>
      buffer(await decryptStream(Readable.from([message]), 'pass phrase', { checkMdc: false }));
    assert.deepEqual(await unchecked(volume), content);
    // CFB garbles the changed block and the next one; the caller's own hashes tell that.
    const changed = Buffer.from(volume);
    changed[volume.length >> 1] = (changed[volume.length >> 1] as number) ^ 0x01;
    const garbled = await unchecked(changed);
    assert.equal(garbled.length, content.length);
    assert.notDeepEqual(garbled, content);
    await assert.rejects(decrypt(changed, 'pass phrase'), failsWith('INTEGRITY'));
    // A volume cut short still fails: the MDC packet never comes.
    await assert.rejects(unchecked(volume.subarray(0, volume.length - 10)), failsWith('INTEGRITY'));
  });

  it('passes a failed read through as it is, not as damage', async () => {
    const dropped = Readable.from(
      (async function* () {
        yield volume.subarray(0, volume.length >> 1);
        throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
      })(),
    );
    await assert.rejects(buffer(await decryptStream(dropped, 'pass phrase')), { code: 'ECONNRESET' });
  });

  it('reads what GnuPG 2.2 writes with the same settings', { skip: gpgMissing }, async () => {
    const home = await mkdtemp(path.join(tmpdir(), 'hm-gpg-'));
    try {
      // Old-format headers for the key packet, and GnuPG's own partial lengths.
      const written = execFileSync(
        'gpg',
        [
          '--homedir',
          home,
          '--batch',
          '--pinentry-mode',
          'loopback',
          '--passphrase',
          'von gpg',
          '--symmetric',
        ].concat(['--cipher-algo', 'AES256', '--compress-algo', 'none', '--output', '-']),
        { input: content },
      );
      assert.deepEqual(await decrypt(written, 'von gpg', 5000), content);
      await assert.rejects(decrypt(written, 'nicht von gpg'), failsWith('WRONG_PASSPHRASE'));
    } finally {
      await rm(home, { recursive: true, force: true });
    }
  });
});
