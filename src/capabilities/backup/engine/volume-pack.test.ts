import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { appendFile, mkdtemp, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createVolumeKey } from '../archive/openpgp-stream.js';
import { scanSources } from './file-scan.js';
import { packVolume } from './volume-pack.js';

describe('packVolume', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hausmeister-pack-'));
  });
  after(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('tells files that grew or shrank after the scan from the ones that did not, big or small', async () => {
    const big = Buffer.alloc(600 * 1024, 'x');
    await writeFile(path.join(dir, 'same.txt'), 'unchanged');
    await writeFile(path.join(dir, 'same-big.bin'), big);
    await writeFile(path.join(dir, 'grows.txt'), 'a log line\n');
    await writeFile(path.join(dir, 'grows-big.bin'), big);
    await writeFile(path.join(dir, 'shrinks.txt'), 'soon shorter');
    await writeFile(path.join(dir, 'empty-then-not.txt'), '');
    const { entries } = await scanSources({ sources: [dir], excludes: [], skip: [] });
    await appendFile(path.join(dir, 'grows.txt'), 'another line\n');
    await appendFile(path.join(dir, 'grows-big.bin'), 'y');
    await truncate(path.join(dir, 'shrinks.txt'), 4);
    await writeFile(path.join(dir, 'empty-then-not.txt'), 'now with content');

    const { stream, packed } = await packVolume(
      { entries },
      {
        key: await createVolumeKey('test passphrase'),
        compressionLevel: 1,
        onBytes: () => undefined,
        onFile: () => undefined,
      },
    );
    for await (const _ of stream) void _;
    const byName = new Map((await packed).map((file) => [path.basename(file.path), file]));
    const changed = (name: string) => {
      const file = byName.get(name);
      assert.ok(file && !('skipped' in file), name);
      return file.changedWhileReading;
    };
    assert.equal(changed('same.txt'), false);
    assert.equal(changed('same-big.bin'), false);
    assert.equal(changed('grows.txt'), true);
    assert.equal(changed('grows-big.bin'), true);
    assert.equal(changed('shrinks.txt'), true);
    assert.equal(changed('empty-then-not.txt'), true);
    // What is stored is what the scan announced: the first bytes of a file that grew.
    const grown = byName.get('grows.txt');
    assert.ok(grown && 'sha256' in grown);
    assert.equal(grown.sha256, createHash('sha256').update('a log line\n').digest('hex'));
  });
});
