// When scheduled reports are due: from the saved settings to the first report time, then from the
// last report on, once per missed time. And settings saved before a check existed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { readSystem } from '../../drivers/system-readings/proc-readings.js';
import { createSilentLogger } from '../../logger.js';
import { openDatabase } from '../../store/database.js';
import { NotificationStore } from '../../store/notification-store.js';
import { DEFAULT_NOTIFICATIONS, Notifications } from './notifications.js';
import { SYSTEM_CHECKS } from './system-checks.js';

const HOUR = 3_600_000;
const hhmm = (date: Date) =>
  `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;

function notifications(store: NotificationStore) {
  return new Notifications({
    store,
    checks: SYSTEM_CHECKS,
    readSystem,
    services: () => [],
    smtpActive: () => true,
    enqueue: () => 1,
    boxName: 'box',
    bootId: null,
    log: createSilentLogger(),
  });
}

describe('report schedule', () => {
  it('is due once the report time passed after saving, and again only after the next one', () => {
    const store = new NotificationStore(openDatabase(':memory:'));
    const subject = notifications(store);
    const saved = new Date();
    const at = new Date(saved.getTime() + 2 * HOUR);
    subject.saveSettings({
      ...DEFAULT_NOTIFICATIONS,
      frequency: 'daily',
      timeOfDay: hhmm(at),
      recipients: ['a@example.test'],
    });
    assert.equal(subject.reportDue(new Date(saved.getTime() + HOUR)), false);
    assert.equal(subject.reportDue(new Date(saved.getTime() + 3 * HOUR)), true);
    store.reportSent(new Date(saved.getTime() + 3 * HOUR).toISOString());
    assert.equal(subject.reportDue(new Date(saved.getTime() + 4 * HOUR)), false);
    assert.equal(subject.reportDue(new Date(saved.getTime() + 27 * HOUR)), true);
  });

  it('is never due while reports are off; hourly ones come every hour', () => {
    const store = new NotificationStore(openDatabase(':memory:'));
    const subject = notifications(store);
    assert.equal(subject.reportDue(new Date(Date.now() + 48 * HOUR)), false);
    subject.saveSettings({ ...DEFAULT_NOTIFICATIONS, frequency: 'hourly', recipients: ['a@example.test'] });
    assert.equal(subject.reportDue(new Date(Date.now() + HOUR + 60_000)), true);
  });
});

describe('saved settings', () => {
  it('give checks added since they were saved their defaults', () => {
    const store = new NotificationStore(openDatabase(':memory:'));
    const { smart: _added, ...before } = DEFAULT_NOTIFICATIONS.checks;
    store.save({
      ...DEFAULT_NOTIFICATIONS,
      checks: { ...before, memory: { enabled: false, warningPercent: 70 } },
    });
    const settings = notifications(store).settings();
    assert.deepEqual(settings.checks.smart, { enabled: true });
    assert.deepEqual(settings.checks.memory, { enabled: false, warningPercent: 70 });
  });
});
