import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseBackupId } from '../archive/archive-names.js';
import { expiredChains } from './retention.js';
import type { StoredBackup } from './stored-backups.js';

const stored = (id: string, complete = true): StoredBackup => ({
  ...(parseBackupId(id) as NonNullable<ReturnType<typeof parseBackupId>>),
  complete,
  objects: [],
  storedBytes: 0,
});

describe('retention', () => {
  const backups = [
    stored('20260101T030000Z-full'),
    stored('20260115T030000Z-incremental-20260101T030000Z'),
    stored('20260201T030000Z-full'),
    stored('20260215T030000Z-incremental-20260201T030000Z'),
    stored('20260301T030000Z-full', false),
  ];

  it('removes a chain only when all of it is older than the maximum age and a newer full exists', () => {
    const ids = (now: string, days: number) => expiredChains(backups, days, new Date(now)).map((c) => c.full);
    assert.deepEqual(ids('2026-02-10T00:00:00Z', 30), [], 'its incremental is younger than 30 days');
    assert.deepEqual(ids('2026-02-20T00:00:00Z', 30), ['20260101T030000Z-full']);
    assert.deepEqual(ids('2027-01-01T00:00:00Z', 30), ['20260101T030000Z-full'], 'the newest chain stays');
    assert.equal(expiredChains(backups, 30, new Date('2027-01-01'))[0]?.backups.length, 2);
  });
});
