// Reports against a real TLS SMTP server: only with an active SMTP account, thresholds crossed on a
// real filesystem become findings with advice, and a report made while the server is down waits in the
// outbox and goes out once it is back.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import {
  createTestHausmeister,
  runCli,
  type ApiSession,
  type TestHausmeister,
} from '../harness/test-hausmeister.js';
import {
  activateSmtpAccount,
  createTestCa,
  startSmtpServer,
  type TestCa,
  type TestSmtpServer,
} from '../peers/smtp-server.js';

const run = promisify(execFile);
const PASSWORD = 'mailbox-secret-4711';
const users = { 'box@example.test': PASSWORD };

const settings = (overrides: Record<string, unknown> = {}) => ({
  frequency: 'daily',
  timeOfDay: '07:00',
  recipients: ['owner@example.test'],
  language: 'en',
  checks: {
    disk: { enabled: true, warningPercent: 80, criticalPercent: 90 },
    memory: { enabled: true, warningPercent: 99 },
    load: { enabled: true, warningPerCpu: 50 },
    uptime: { enabled: true },
    updates: { enabled: true },
    reboots: { enabled: true },
    temperature: { enabled: true, warningCelsius: 80, criticalCelsius: 90 },
    // No `smart`, no `backup`: a client may leave checks out.
  },
  services: ['cockpit'],
  extraFolders: [],
  // Off but in the test of alerts, so the reports' mails stay the only ones.
  alerts: { enabled: false, repeatHours: 24 },
  ...overrides,
});

describe('notifications', () => {
  let ca: TestCa;
  let tls: { key: Buffer; cert: Buffer };
  let server: TestSmtpServer;
  let hm: TestHausmeister;
  let api: ApiSession;
  let smallDisk: string | null = null;

  const outbox = async () => (await api.request('GET', '/api/v1/smtp/outbox')).body.mails as any[];
  const until = async <T>(probe: () => Promise<T | undefined>): Promise<T> => {
    for (let i = 0; i < 200; i++) {
      const value = await probe();
      if (value !== undefined) return value;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('condition not reached');
  };
  const lastMail = () => until(async () => server.received.at(-1));

  before(async () => {
    ca = await createTestCa();
    tls = await ca.issue('smtp', 'IP:127.0.0.1');
    server = await startSmtpServer({ tls, users });
    hm = await createTestHausmeister({ env: { NODE_EXTRA_CA_CERTS: ca.caFile } });
    api = await hm.setupOwner();
    if (process.getuid?.() === 0) {
      // A small real filesystem, filled to 95 %: the disk check has to find it.
      smallDisk = await mkdtemp(path.join(tmpdir(), 'hausmeister-small-disk-'));
      await run('mount', ['-t', 'tmpfs', '-o', 'size=4m', 'tmpfs', smallDisk]);
      await writeFile(path.join(smallDisk, 'fill'), Buffer.alloc(Math.floor(4 * 1024 * 1024 * 0.95)));
    }
  });
  after(async () => {
    await hm?.close();
    await server?.close();
    await ca?.remove();
    if (smallDisk) {
      await run('umount', [smallDisk]).catch(() => undefined);
      await rm(smallDisk, { recursive: true, force: true });
    }
  });

  it('can be switched on only once the SMTP account is active', async () => {
    const refused = await api.request('PUT', '/api/v1/notifications/settings', settings());
    assert.equal(refused.status, 400);
    assert.equal(refused.body.error.fields[0].messageKey, 'notifications.error.smtpInactive');
    const off = await api.request('PUT', '/api/v1/notifications/settings', settings({ frequency: 'off' }));
    assert.equal(off.status, 200);
    const report = await api.request('POST', '/api/v1/notifications/report');
    assert.equal(report.body.error.reason, 'SMTP_NOT_ACTIVE');

    const test = await activateSmtpAccount(api, server, PASSWORD);
    assert.equal(test.status, 200);
    const on = await api.request('PUT', '/api/v1/notifications/settings', settings());
    assert.equal(on.status, 200, JSON.stringify(on.body));
    assert.equal(on.body.settings.frequency, 'daily');
    // Checks this client does not know of (it was written before disk health existed) keep theirs.
    assert.deepEqual(on.body.settings.checks.smart, { enabled: true });
  });

  it('refuses bad settings field by field', async () => {
    const bad = await api.request(
      'PUT',
      '/api/v1/notifications/settings',
      settings({
        recipients: [],
        services: ['no-such-service'],
        checks: { ...settings().checks, disk: { enabled: true, warningPercent: 95, criticalPercent: 90 } },
      }),
    );
    assert.equal(bad.status, 400);
    const fields = (bad.body.error.fields as { field: string }[]).map((f) => f.field).sort();
    assert.deepEqual(fields, ['checks.disk.warningPercent', 'recipients', 'services.0']);
  });

  it('reports a filesystem above its threshold as a problem, with what to do, in a text and an HTML part', async () => {
    // Thresholds of 1 and 2 % make every real filesystem of the box a problem.
    const strict = settings({
      language: 'de',
      checks: { ...settings().checks, disk: { enabled: true, warningPercent: 1, criticalPercent: 2 } },
    });
    assert.equal((await api.request('PUT', '/api/v1/notifications/settings', strict)).status, 200);
    const before = server.received.length;
    const report = await api.request('POST', '/api/v1/notifications/report');
    assert.equal(report.status, 200, JSON.stringify(report.body));
    assert.match(report.body.subject, /: \d+ Probleme?$/);
    const mail = await until(async () => server.received[before]);
    assert.match(mail.raw, /Content-Type: text\/plain/);
    assert.match(mail.raw, /Content-Type: text\/html/);
    assert.match(mail.raw, /ist fast voll/);
    assert.match(mail.raw, /=C3=9Cberwachte Dienste|Überwachte Dienste/);
  });

  it('finds a real small filesystem filling up, named in the settings', async (t) => {
    if (!smallDisk) return t.skip('needs root to mount a tmpfs');
    assert.equal(
      (await api.request('PUT', '/api/v1/notifications/settings', settings({ extraFolders: [smallDisk] })))
        .status,
      200,
    );
    const before = server.received.length;
    const report = await api.request('POST', '/api/v1/notifications/report');
    assert.match(report.body.subject, /problem/);
    const mail = await until(async () => server.received[before]);
    assert.ok(
      mail.raw.replace(/=\r?\n/g, '').includes(`Disk ${smallDisk} is almost full`),
      'the small disk is named',
    );
    assert.match(mail.raw, /Delete what is no longer needed/);
  });

  it('mails a critical problem at once, once per period, and says when it cleared', async () => {
    const strict = settings({
      alerts: { enabled: true, repeatHours: 24 },
      checks: { ...settings().checks, disk: { enabled: true, warningPercent: 1, criticalPercent: 2 } },
    });
    const alerts = async (kind: string) =>
      (await outbox()).filter((m) => m.kind === 'alert' && m.subject.includes(kind));
    assert.equal((await api.request('PUT', '/api/v1/notifications/settings', strict)).status, 200);
    const raised = await until(async () => {
      const found = await alerts(': problem – ');
      return found.length > 0 ? found : undefined;
    });
    assert.match(raised[0].subject, /: problem – Disk .+ is almost full/);
    // Saved again while the problem lasts: no second mail within the period.
    assert.equal((await api.request('PUT', '/api/v1/notifications/settings', strict)).status, 200);
    const relaxed = settings({ alerts: { enabled: true, repeatHours: 24 } });
    assert.equal((await api.request('PUT', '/api/v1/notifications/settings', relaxed)).status, 200);
    // Tests running beside this one mount and unmount filesystems, so more problems may come and go
    // meanwhile: each raised problem must clear, and none may be mailed twice within the period.
    const what = (mail: { subject: string }) => mail.subject.replace(/^.*?: (problem|resolved) – /, '');
    await until(async () => {
      const cleared = (await alerts(': resolved – ')).map(what);
      return raised.every((mail) => cleared.includes(what(mail))) || undefined;
    });
    const problems = (await alerts(': problem – ')).map(what);
    assert.equal(new Set(problems).size, problems.length, 'one alert per problem');
    const mail = await until(async () => server.received.find((m) => m.raw.includes('resolved')));
    assert.match(mail.raw, /This problem has cleared/);
  });

  it('keeps a report while the SMTP server is down and sends it once it is back', async () => {
    assert.equal((await api.request('PUT', '/api/v1/notifications/settings', settings())).status, 200);
    const port = server.port;
    await server.close();
    const report = await api.request('POST', '/api/v1/notifications/report');
    assert.equal(report.status, 200);
    const waiting = await until(async () =>
      (await outbox()).find((m) => m.id === report.body.id && m.attempts > 0),
    );
    assert.equal(waiting.state, 'queued');
    assert.equal(waiting.lastError.messageKey, 'smtp.error.connectionRefused');
    assert.ok(Date.parse(waiting.nextAttemptAt) > Date.parse(waiting.createdAt), 'the next attempt is later');

    // The daemon restarts while the mail waits: it is still there after.
    await hm.restart();
    assert.equal((await outbox()).find((m) => m.id === report.body.id)?.state, 'queued');

    server = await startSmtpServer({ tls, users, port });
    const sent = await api.request('POST', '/api/v1/smtp/outbox/send');
    assert.equal(sent.body.mails.find((m: any) => m.id === report.body.id).state, 'sent');
    assert.match((await lastMail()).raw, /^Subject: .*: (All good|\d+ warnings?)$/m);
  });

  it('`hausmeister notify send-report-now` and `smtp outbox` work with --json', async () => {
    const cli = async (...args: string[]) => (await runCli(hm, ...args)).stdout;
    const queued = JSON.parse(await cli('notify', 'send-report-now', '--json'));
    assert.equal(typeof queued.id, 'number');
    const listed = JSON.parse(await cli('smtp', 'outbox', '--json'));
    assert.ok(listed.mails.some((m: any) => m.id === queued.id));
  });
});
