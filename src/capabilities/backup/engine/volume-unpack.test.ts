import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { buffer } from 'node:stream/consumers';
import { after, before, describe, it } from 'node:test';
import { isHausmeisterError } from '../../../errors.js';
import { createVolumeKey, encryptStream, type VolumeKey } from '../archive/openpgp-stream.js';
import { scanSources } from './file-scan.js';
import { packVolume } from './volume-pack.js';
import { unpackStream } from './volume-unpack.js';

const PASSPHRASE = 'unpack test passphrase';

/** Unpacks `volume`, reading every entry's content; resolves with the paths seen. */
async function unpack(volume: Readable, passphrase = PASSPHRASE): Promise<string[]> {
  const seen: string[] = [];
  await unpackStream(volume, 'volume-0001.tar.zst.gpg', passphrase, async (entry, content) => {
    seen.push(entry.path);
    for await (const _ of content) void _;
  });
  return seen;
}

const failsWith = (reason: string) => (error: unknown) =>
  isHausmeisterError(error) && error.reason === reason;

describe('unpackStream', () => {
  let dir: string;
  let key: VolumeKey;
  let volume: Buffer;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hausmeister-unpack-'));
    await writeFile(path.join(dir, 'letter.txt'), 'Sehr geehrte Damen und Herren, '.repeat(10_000));
    // Random, so that it stays big in the volume: what comes after the letter.
    await writeFile(path.join(dir, 'z-video.mp4'), randomBytes(4 * 1024 * 1024));
    key = await createVolumeKey(PASSPHRASE);
    const { entries } = await scanSources({ sources: [dir], excludes: [], skip: [] });
    const { stream } = await packVolume(
      { entries },
      { key, compressionLevel: 1, onBytes: () => undefined, onFile: () => undefined },
    );
    volume = await buffer(stream);
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('hands out every entry of a volume', async () => {
    assert.ok((await unpack(Readable.from([volume]))).includes(path.join(dir, 'letter.txt')));
  });

  it('tells a wrong passphrase, damaged content and a failed read apart', async () => {
    await assert.rejects(
      unpack(Readable.from([volume]), 'not the passphrase'),
      failsWith('WRONG_PASSPHRASE'),
    );
    const notZstd = await buffer(await encryptStream([Buffer.from('no Zstandard in here')], key));
    await assert.rejects(unpack(Readable.from([notZstd])), failsWith('INTEGRITY'));
    // A connection that drops half-way is worth another try; the data is not to blame.
    const dropped = Readable.from(
      (async function* () {
        yield volume.subarray(0, volume.length >> 1);
        throw Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET' });
      })(),
    );
    await assert.rejects(unpack(dropped), failsWith('TARGET_UNAVAILABLE'));
  });

  it('stops reading the volume once the visitor has what it wants', async () => {
    let bytesRead = 0;
    const pieces = (async function* () {
      for (let at = 0; at < volume.length; at += 64 * 1024) {
        const piece = volume.subarray(at, at + 64 * 1024);
        bytesRead += piece.length;
        yield piece;
      }
    })();
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      let letter = '';
      await unpackStream(
        Readable.from(pieces),
        'volume-0001.tar.zst.gpg',
        PASSPHRASE,
        async (entry, content) => {
          if (!entry.path.endsWith('letter.txt')) return;
          for await (const piece of content) letter += piece.toString();
          return 'stop';
        },
      );
      assert.equal(letter, 'Sehr geehrte Damen und Herren, '.repeat(10_000));
      assert.ok(bytesRead < volume.length / 2, `read ${bytesRead} of ${volume.length} bytes`);
      // Whatever openpgp.js and the streams still had in flight settles without an error of its own.
      await new Promise(setImmediate);
      assert.deepEqual(unhandled, []);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
