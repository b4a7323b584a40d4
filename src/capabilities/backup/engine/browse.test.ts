import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Manifest, ManifestEntry } from '../archive/manifest.js';
import { browseAhead, browseFolder } from './browse.js';

const entry = (path: string, type: ManifestEntry['type'], size = 0): ManifestEntry => ({
  path,
  type,
  size,
  mode: 0o644,
  uid: 0,
  gid: 0,
  mtimeMs: 1,
  ctimeMs: 1,
  ino: 1,
});
const manifest = {
  entries: [
    entry('/srv/data', 'dir'),
    entry('/srv/data/a.txt', 'file', 5),
    entry('/srv/data/photos', 'dir'),
    entry('/srv/data/photos/x.jpg', 'file', 100),
    entry('/srv/data/zlink', 'symlink'),
  ],
} as unknown as Manifest;

describe('browsing a backup', () => {
  it('walks down from / through the folders above the sources', () => {
    assert.deepEqual(
      browseFolder(manifest, '/').map((e) => [e.name, e.type]),
      [['srv', 'dir']],
    );
    assert.deepEqual(
      browseFolder(manifest, '/srv/data').map((e) => [e.name, e.type, e.size]),
      [
        ['photos', 'dir', 100],
        ['a.txt', 'file', 5],
        ['zlink', 'symlink', 0],
      ],
    );
    assert.deepEqual(browseFolder(manifest, '/nowhere'), []);
  });

  it('lists the subfolders along, within a budget of entries', () => {
    assert.deepEqual(Object.keys(browseAhead(manifest, '/srv/data/')), ['/srv/data', '/srv/data/photos']);
    const many = {
      entries: [
        entry('/big', 'dir'),
        ...Array.from({ length: 3 }, (_, i) => entry(`/big/d${i}`, 'dir')),
        ...Array.from({ length: 6000 }, (_, i) => entry(`/big/d1/f${i}`, 'file', 1)),
        entry('/big/d2/g', 'file', 1),
      ],
    } as unknown as Manifest;
    // d1 alone would go beyond the budget: it waits for its own click, the others come along.
    assert.deepEqual(Object.keys(browseAhead(many, '/big')), ['/big', '/big/d0', '/big/d2']);
  });
});
