import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ManifestEntry } from '../archive/manifest.js';
import { compare } from './change-detection.js';
import type { ScannedEntry } from './file-scan.js';

const file: ScannedEntry = {
  path: '/a',
  type: 'file',
  size: 10,
  mode: 0o644,
  uid: 0,
  gid: 0,
  mtimeMs: 1000,
  ctimeMs: 1000,
  ino: 5,
};
const before: ManifestEntry = { ...file, sha256: 'x', object: 'b/volume-0001.tar.zst.gpg' };

describe('change detection', () => {
  it('tells new, changed and unchanged files apart without reading them', () => {
    assert.equal(compare(file, undefined), 'new');
    assert.equal(compare(file, before), 'unchanged');
    assert.equal(compare({ ...file, size: 11 }, before), 'changed');
    assert.equal(compare({ ...file, mtimeMs: 2000 }, before), 'changed');
    assert.equal(compare({ ...file, type: 'dir' }, before), 'new');
  });

  it('is in doubt (and hashes) when only the inode or ctime moved', () => {
    assert.equal(compare({ ...file, ino: 6 }, before), 'doubt');
    assert.equal(compare({ ...file, ctimeMs: 3000 }, before), 'doubt');
  });

  it('compares links by target and folders by permissions; database copies always change', () => {
    const link = { ...file, type: 'symlink' as const, linkTarget: 'x' };
    assert.equal(compare(link, { ...before, type: 'symlink', linkTarget: 'x' }), 'unchanged');
    assert.equal(compare(link, { ...before, type: 'symlink', linkTarget: 'y' }), 'changed');
    const dir = { ...file, type: 'dir' as const, mtimeMs: 9 };
    assert.equal(compare(dir, { ...before, type: 'dir' }), 'unchanged');
    assert.equal(compare({ ...dir, mode: 0o700 }, { ...before, type: 'dir' }), 'changed');
    assert.equal(compare({ ...file, readFrom: '/snapshot' }, before), 'changed');
  });
});
