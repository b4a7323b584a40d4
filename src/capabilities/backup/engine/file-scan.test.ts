// What the scan finds: names that are not UTF-8 included, with their exact bytes.
import assert from 'node:assert/strict';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { nameFromBytes, nameToBytes } from '../archive/byte-names.js';
import { scanSources } from './file-scan.js';

describe('scanSources', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hm-scan-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('finds files, folders and links whose names are not UTF-8, and names those too long to keep', async () => {
    const latin1 = (name: string) => Buffer.concat([Buffer.from(`${dir}/`), Buffer.from(name, 'latin1')]);
    writeFileSync(path.join(dir, 'café.txt'), 'UTF-8 name');
    writeFileSync(latin1('résumé.txt'), 'Latin-1 name');
    mkdirSync(latin1('Fotos März'));
    writeFileSync(Buffer.concat([latin1('Fotos März'), Buffer.from('/inside.jpg')]), 'in a Latin-1 folder');
    symlinkSync(Buffer.from('résumé.txt', 'latin1'), latin1('link'));
    writeFileSync(latin1(`${'é'.repeat(120)}.txt`), 'a name of 124 bytes without a slash');

    const scan = await scanSources({ sources: [dir], excludes: [], skip: [] });
    const named = (name: string) => nameFromBytes(latin1(name));
    assert.deepEqual(
      scan.entries.map((e) => e.path),
      [
        dir,
        named('Fotos März'),
        `${named('Fotos März')}/inside.jpg`,
        path.join(dir, 'café.txt'),
        named('link'),
        named('résumé.txt'),
      ].sort(),
    );
    assert.deepEqual(
      nameToBytes(scan.entries.find((e) => e.type === 'symlink')?.linkTarget ?? ''),
      Buffer.from('résumé.txt', 'latin1'),
    );
    assert.deepEqual(scan.namesTooLong, [path.join(dir, `${'\\xe9'.repeat(120)}.txt`)]);
    assert.deepEqual(scan.unreadable, []);
  });
});
