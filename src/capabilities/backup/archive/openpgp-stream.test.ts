import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { describe, it } from 'node:test';
import { isHausmeisterError } from '../../../errors.js';
import {
  createVolumeKey,
  decryptStream,
  encryptStream,
  reopenVolumeKey,
  volumeKeyCheck,
} from './openpgp-stream.js';

const decrypt = async (message: Buffer, passphrase: string) =>
  buffer(await decryptStream(Readable.from([message]), passphrase));

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
