import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { dueJob, isDue, kindOfNextBackup, nextRunAfter } from './backup-schedule.js';

// Local times, as the owner sets them.
const at = (y: number, m: number, d: number, h = 0, min = 0) => new Date(y, m - 1, d, h, min);

describe('backup schedule', () => {
  it('finds the next daily, weekly and monthly time', () => {
    assert.deepEqual(
      nextRunAfter({ frequency: 'daily', timeOfDay: '03:00' }, at(2026, 11, 23, 2, 59)),
      at(2026, 11, 23, 3),
    );
    assert.deepEqual(
      nextRunAfter({ frequency: 'daily', timeOfDay: '03:00' }, at(2026, 11, 23, 3)),
      at(2026, 11, 24, 3),
    );
    // 23 Nov 2026 is a Monday; the next Sunday is the 29th.
    assert.deepEqual(
      nextRunAfter({ frequency: 'weekly', timeOfDay: '22:30', weekday: 0 }, at(2026, 11, 23, 12)),
      at(2026, 11, 29, 22, 30),
    );
    assert.deepEqual(
      nextRunAfter({ frequency: 'monthly', timeOfDay: '01:15', dayOfMonth: 1 }, at(2026, 11, 23)),
      at(2026, 12, 1, 1, 15),
    );
    assert.deepEqual(
      nextRunAfter({ frequency: 'monthly', timeOfDay: '01:15', dayOfMonth: 28 }, at(2027, 1, 29)),
      at(2027, 2, 28, 1, 15),
    );
  });

  it('runs a missed backup once after the box was off', () => {
    const schedule = { frequency: 'daily' as const, timeOfDay: '03:00' };
    const lastRun = at(2026, 11, 20, 3);
    assert.equal(isDue(schedule, lastRun, at(2026, 11, 23, 9), at(2026, 1, 1)), true);
    assert.equal(isDue(schedule, at(2026, 11, 23, 9, 1), at(2026, 11, 23, 12), at(2026, 1, 1)), false);
    assert.equal(isDue(schedule, null, at(2026, 11, 23, 2), at(2026, 11, 23, 1)), false);
  });

  it('makes a full backup once a month, incrementals in between', () => {
    assert.equal(kindOfNextBackup(null, at(2026, 11, 23)), 'full');
    assert.equal(kindOfNextBackup(at(2026, 11, 1, 3), at(2026, 11, 30, 3)), 'incremental');
    assert.equal(kindOfNextBackup(at(2026, 11, 1, 3), at(2026, 12, 1, 3)), 'full');
    assert.equal(kindOfNextBackup(at(2027, 1, 31, 3), at(2027, 2, 28, 2)), 'incremental');
    assert.equal(kindOfNextBackup(at(2027, 1, 31, 3), at(2027, 2, 28, 3)), 'full');
  });

  it('checks integrity on its own schedule, once there is a backup to check', () => {
    const settings = {
      schedule: { frequency: 'daily' as const, timeOfDay: '03:00' },
      verify: 'weekly' as const,
      setUpAt: at(2026, 11, 1).toISOString(),
    };
    const now = at(2026, 11, 23, 12);
    const lastBackup = at(2026, 11, 23, 3);
    assert.equal(dueJob(settings, now, { lastBackup, lastGoodBackup: null, lastVerify: null }), null);
    assert.equal(
      dueJob(settings, now, { lastBackup, lastGoodBackup: lastBackup, lastVerify: at(2026, 11, 10) }),
      'verify',
    );
    assert.equal(
      dueJob(settings, now, { lastBackup, lastGoodBackup: lastBackup, lastVerify: at(2026, 11, 20) }),
      null,
    );
    assert.equal(
      dueJob({ ...settings, verify: 'off' }, now, {
        lastBackup,
        lastGoodBackup: lastBackup,
        lastVerify: null,
      }),
      null,
    );
    assert.equal(
      dueJob(settings, now, { lastBackup: at(2026, 11, 21, 3), lastGoodBackup: null, lastVerify: null }),
      'backup',
    );
  });
});
