import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { backupId, parseBackupId, volumeObject } from './archive-names.js';

describe('backup names', () => {
  const at = new Date(Date.UTC(2026, 11, 1, 3, 0, 5));

  it('name full and incremental backups after their time and their chain', () => {
    const full = backupId('full', at);
    assert.equal(full, '20261201T030005Z-full');
    const incremental = backupId('incremental', new Date(Date.UTC(2026, 11, 2, 3)), full);
    assert.equal(incremental, '20261202T030000Z-incremental-20261201T030005Z');
    assert.deepEqual(parseBackupId(incremental), {
      id: incremental,
      kind: 'incremental',
      createdAt: new Date(Date.UTC(2026, 11, 2, 3)),
      chain: full,
    });
    assert.equal(parseBackupId(full)?.chain, full);
  });

  it('refuse what is not a backup name, and an incremental without its full backup', () => {
    for (const name of ['', 'HOW-TO-RESTORE.txt', '20261301T000000Z-full', '20261201T030005Z-weekly'])
      assert.equal(parseBackupId(name), null, name);
    assert.throws(() => backupId('incremental', at));
    assert.equal(volumeObject(7), 'volume-0007.tar.zst.gpg');
  });
});
