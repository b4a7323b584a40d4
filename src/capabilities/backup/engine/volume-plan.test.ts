import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { ScannedEntry } from './file-scan.js';
import { planVolumes } from './volume-plan.js';

const entry = (path: string, size: number, type: ScannedEntry['type'] = 'file'): ScannedEntry => ({
  path,
  type,
  size,
  mode: 0o644,
  uid: 0,
  gid: 0,
  mtimeMs: 0,
  ctimeMs: 0,
  ino: 0,
});

describe('volume plan', () => {
  it('fills volumes up to the size, folders first, a big file in a volume of its own', () => {
    const volumes = planVolumes(
      [entry('/a', 40), entry('/b', 0, 'dir'), entry('/c', 40), entry('/d', 500), entry('/e', 10)],
      100,
    );
    assert.deepEqual(
      volumes.map((v) => [v.index, v.entries.map((e) => e.path), v.bytes]),
      [
        [1, ['/b', '/a', '/c'], 80],
        [2, ['/d'], 500],
        [3, ['/e'], 10],
      ],
    );
    assert.deepEqual(planVolumes([], 100), []);
  });
});
