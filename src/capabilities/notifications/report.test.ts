// Thresholds crossed become the right findings, and the report says the overall state in its subject.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alertMail, alertsToSend, criticalProblems } from './alerts.js';
import { backupCheck, type BackupState } from './backup-check.js';
import { reportMail } from './report-mail.js';
import {
  DEFAULT_CHECKS,
  runChecks,
  SYSTEM_CHECKS,
  type DiskHealth,
  type SystemReadings,
} from './system-checks.js';

const GiB = 1024 ** 3;
const readings = (usedPercent: number[]): SystemReadings => ({
  filesystems: usedPercent.map((used, i) => ({
    mount: `/disk${i}`,
    totalBytes: 100 * GiB,
    freeBytes: (100 - used) * GiB,
  })),
  memory: { totalBytes: 8 * GiB, availableBytes: 4 * GiB },
  load: { one: 0.5, five: 0.4, fifteen: 0.3, cpus: 2 },
  uptimeSeconds: 3 * 86_400 + 5 * 3600,
});

describe('system checks', () => {
  it('grade each filesystem against the warning and the critical threshold', () => {
    const findings = runChecks(SYSTEM_CHECKS, readings([50, 80, 89, 90, 99]), DEFAULT_CHECKS);
    const disks = findings.filter((f) => f.check === 'disk').map((f) => f.level);
    assert.deepEqual(disks, ['ok', 'warning', 'warning', 'problem', 'problem']);
    assert.equal(findings.find((f) => f.level === 'problem')?.adviceKey, 'report.disk.advice');
  });

  it('leave out what is switched off, and warn on memory and load above their levels', () => {
    const busy = { ...readings([10]), load: { one: 9, five: 9, fifteen: 9, cpus: 2 } };
    const settings = {
      ...DEFAULT_CHECKS,
      disk: { ...DEFAULT_CHECKS.disk, enabled: false },
      memory: { enabled: true, warningPercent: 40 },
    };
    const findings = runChecks(SYSTEM_CHECKS, busy, settings);
    assert.deepEqual(
      findings.map((f) => `${f.check}:${f.level}`),
      ['memory:warning', 'load:warning', 'uptime:ok'],
    );
  });
});

describe('report mail', () => {
  const mail = (used: number[], failed = false, language: 'de' | 'en' = 'en') =>
    reportMail({
      language,
      box: 'box',
      recipients: ['owner@example.test'],
      findings: runChecks(SYSTEM_CHECKS, readings(used), DEFAULT_CHECKS),
      services: [
        {
          id: 'radicale',
          name: { de: 'Kalender', en: 'Calendars' },
          state: failed ? 'failed' : 'running',
          ok: !failed,
        },
      ],
      at: new Date('2026-12-02T07:00:00Z'),
    });

  it('says the overall state in the subject: all good, warnings, problems (a failed service is one)', () => {
    assert.equal(mail([10]).subject, 'box: All good');
    assert.equal(mail([85]).subject, 'box: 1 warning');
    assert.equal(mail([85, 85]).subject, 'box: 2 warnings');
    assert.equal(mail([95, 85]).subject, 'box: 1 problem');
    assert.equal(mail([95], true).subject, 'box: 2 problems');
    assert.equal(mail([10], false, 'de').subject, 'box: Alles in Ordnung');
  });

  it('lists problems first, each with what to do, in text and in HTML, numbers written the German way', () => {
    const report = mail([10, 95], false, 'de');
    const lines = report.text.split('\n');
    const first = lines.findIndex((l) => l.startsWith('✖'));
    assert.match(lines[first] ?? '', /Datenträger \/disk1 ist fast voll: 95 % belegt, nur noch 5 GiB frei/);
    assert.match(lines[first + 1] ?? '', /→ Löschen Sie/);
    assert.match(report.text, /Arbeitsspeicher: 50 % von 8 GiB/);
    assert.match(report.html ?? '', /<h1[^>]*>box: 1 Problem<\/h1>/);
    assert.match(report.html ?? '', /Kalender: Läuft/);
  });

  it('escapes what it puts into HTML', () => {
    const report = reportMail({
      language: 'en',
      box: '<b>box</b>',
      recipients: [],
      findings: [],
      services: [],
      at: new Date(),
    });
    assert.ok(!(report.html ?? '').includes('<b>box</b>'));
    assert.ok((report.html ?? '').includes('&#60;b&#62;box'));
  });
});

describe('alerts', () => {
  const disk = {
    key: 'disk:/srv',
    messageKey: 'report.disk.critical',
    params: { mount: '/srv', percent: 95, free: 1 },
  };
  const service = {
    key: 'service:radicale',
    messageKey: 'alert.service.failed',
    adviceKey: 'alert.service.advice',
    params: { service: 'Calendars' },
  };
  const now = new Date('2026-12-02T12:00:00Z');
  const hoursAgo = (hours: number) => new Date(now.getTime() - hours * 3_600_000).toISOString();

  it('mail a new problem at once, again only after the period, and say when it cleared', () => {
    assert.deepEqual(
      alertsToSend([disk], [], now, 24 * 3_600_000).map((a) => a.kind),
      ['alert'],
    );
    assert.deepEqual(
      alertsToSend([disk], [{ key: disk.key, problem: disk, lastMailAt: hoursAgo(2) }], now, 24 * 3_600_000),
      [],
    );
    assert.deepEqual(
      alertsToSend(
        [disk],
        [{ key: disk.key, problem: disk, lastMailAt: hoursAgo(25) }],
        now,
        24 * 3_600_000,
      ).map((a) => a.kind),
      ['reminder'],
    );
    assert.deepEqual(
      alertsToSend(
        [service],
        [{ key: disk.key, problem: disk, lastMailAt: hoursAgo(1) }],
        now,
        24 * 3_600_000,
      ).map((a) => `${a.kind}:${a.problem.key}`),
      ['alert:service:radicale', 'resolved:disk:/srv'],
    );
  });

  it('count a failed monitored service and a critical disk, not a warning', () => {
    const findings = runChecks(SYSTEM_CHECKS, readings([85, 95]), DEFAULT_CHECKS);
    const failed = [
      { id: 'radicale', name: { de: 'Kalender', en: 'Calendars' }, state: 'failed', ok: false },
    ];
    assert.deepEqual(
      criticalProblems(findings, failed, 'en').map((p) => p.key),
      ['disk:/disk1', 'service:radicale'],
    );
    const mail = alertMail({
      language: 'en',
      box: 'box',
      recipients: [],
      alert: { kind: 'alert', problem: service },
    });
    assert.equal(mail.subject, 'box: problem – The service Calendars has failed.');
    assert.match(mail.text, /→ Open Services in the cockpit/);
  });
});

describe('backup check', () => {
  const now = new Date('2026-12-10T12:00:00Z');
  const run = (state: 'succeeded' | 'partial' | 'failed', daysAgo: number) => ({
    state,
    finishedAt: new Date(now.getTime() - daysAgo * 86_400_000).toISOString(),
    files: 20_000,
  });
  const levels = (state: BackupState) =>
    backupCheck(
      () => state,
      () => now,
    )
      .run(readings([]), DEFAULT_CHECKS)
      .map((f) => `${f.level}:${f.messageKey}`);
  const soon = new Date(now.getTime() + 3_600_000).toISOString();

  it('says nothing while backups are off, and grades the last backup when they are on', () => {
    assert.deepEqual(levels({ enabled: false, nextRunAt: null, last: null }), []);
    assert.deepEqual(levels({ enabled: true, nextRunAt: soon, last: null }), ['warning:report.backup.none']);
    assert.deepEqual(levels({ enabled: true, nextRunAt: soon, last: run('succeeded', 1) }), [
      'ok:report.backup.ok',
    ]);
    assert.deepEqual(levels({ enabled: true, nextRunAt: soon, last: run('partial', 1) }), [
      'warning:report.backup.partial',
    ]);
    assert.deepEqual(levels({ enabled: true, nextRunAt: soon, last: run('failed', 1) }), [
      'problem:report.backup.failed',
    ]);
    const overdue = new Date(now.getTime() - 3 * 86_400_000).toISOString();
    assert.deepEqual(levels({ enabled: true, nextRunAt: overdue, last: run('succeeded', 4) }), [
      'warning:report.backup.overdue',
    ]);
  });

  it('says nothing when the owner switched the check off', () => {
    const failed = { enabled: true, nextRunAt: soon, last: run('failed', 1) };
    const off = { ...DEFAULT_CHECKS, backup: { enabled: false } };
    assert.deepEqual(
      backupCheck(
        () => failed,
        () => now,
      ).run(readings([]), off),
      [],
    );
  });
});

describe('temperature check', () => {
  const at = (...celsius: number[]) =>
    runChecks(
      SYSTEM_CHECKS,
      { ...readings([]), temperatures: celsius.map((c, i) => ({ sensor: `zone${i}`, celsius: c })) },
      DEFAULT_CHECKS,
    )
      .filter((f) => f.check === 'temperature')
      .map((f) => `${f.level}:${f.params.sensor}`);

  it('grades the hottest sensor, and says nothing where there are none', () => {
    assert.deepEqual(at(), []);
    assert.deepEqual(at(45, 60), ['ok:zone1']);
    assert.deepEqual(at(82, 60), ['warning:zone0']);
    assert.deepEqual(at(60, 93), ['problem:zone1']);
  });
});

describe('disk health check', () => {
  const healthy: DiskHealth = {
    device: '/dev/sda',
    model: 'WDC WD40EFRX',
    asleep: false,
    passed: true,
    badSectors: 0,
    wearPercent: 3,
    selfTestErrors: false,
    celsius: 34,
    powerOnHours: 21_873,
  };
  const findings = (disks: DiskHealth[] | null) =>
    runChecks(SYSTEM_CHECKS, { ...readings([]), disks }, DEFAULT_CHECKS).filter((f) => f.check === 'smart');
  const grade = (change: Partial<DiskHealth>) =>
    findings([{ ...healthy, ...change }]).map((f) => `${f.level}:${f.messageKey}`);

  it('grades what each disk says of itself: failing is a problem, signs of wear are warnings', () => {
    assert.deepEqual(grade({}), ['ok:report.smart.healthy']);
    assert.deepEqual(grade({ passed: false, badSectors: 1944 }), ['problem:report.smart.failing']);
    assert.deepEqual(grade({ badSectors: 8 }), ['warning:report.smart.badSectors']);
    assert.deepEqual(grade({ wearPercent: 93 }), ['warning:report.smart.wornOut']);
    assert.deepEqual(grade({ selfTestErrors: true }), ['warning:report.smart.selfTest']);
    assert.deepEqual(grade({ asleep: true, passed: null }), ['ok:report.smart.asleep']);
  });

  it('says nothing where smartctl cannot ask, and raises one alert per failing disk', () => {
    assert.deepEqual(findings(null), []);
    const failing = findings([
      { ...healthy, passed: false },
      { ...healthy, device: '/dev/sdb', passed: false },
    ]);
    assert.deepEqual(
      criticalProblems(failing, [], 'en').map((p) => p.key),
      ['smart:/dev/sda', 'smart:/dev/sdb'],
    );
  });
});
