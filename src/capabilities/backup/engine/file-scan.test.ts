// What the scan finds, and what it cannot back up but names: files whose name is not UTF-8.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { escapeNonUtf8, scanSources } from './file-scan.js';

describe('scanSources', () => {
  let dir: string;
  before(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'hm-scan-'));
  });
  after(async () => rm(dir, { recursive: true, force: true }));

  it('names the files and folders whose name is not UTF-8 instead of losing them silently', async () => {
    const latin1 = (name: string) => Buffer.concat([Buffer.from(`${dir}/`), Buffer.from(name, 'latin1')]);
    writeFileSync(path.join(dir, 'café.txt'), 'UTF-8 name');
    writeFileSync(latin1('résumé.txt'), 'Latin-1 name');
    mkdirSync(latin1('Fotos März'));
    writeFileSync(Buffer.concat([latin1('Fotos März'), Buffer.from('/inside.jpg')]), 'in a Latin-1 folder');

    const scan = await scanSources({ sources: [dir], excludes: [], skip: [] });
    assert.deepEqual(
      scan.entries.map((e) => e.path),
      [dir, path.join(dir, 'café.txt')],
    );
    assert.deepEqual(scan.badNames.sort(), [
      path.join(dir, 'Fotos M\\xe4rz'),
      path.join(dir, 'r\\xe9sum\\xe9.txt'),
    ]);
    assert.deepEqual(scan.unreadable, []);
  });

  it('shows odd bytes as ls -b does, and keeps what is UTF-8 around them', () => {
    assert.equal(escapeNonUtf8(Buffer.from([0x63, 0x61, 0x66, 0xe9])), 'caf\\xe9');
    assert.equal(
      escapeNonUtf8(Buffer.concat([Buffer.from('€ '), Buffer.from([0xff, 0xc3])])),
      '€ \\xff\\xc3',
    );
  });
});
