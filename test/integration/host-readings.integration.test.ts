// What the reports read of the machine below HAUSMEISTER_HOST_ROOT, so a test can set it: unexpected
// restarts (a new boot after the daemon was killed is one; a new boot after a clean stop and a killed
// daemon within one boot are not) and the temperatures of the thermal zones. And what the disks say
// of their health: this machine has no disk that speaks SMART, so a fake smartctl replays answers.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  createTestHausmeister,
  eventually,
  projectRoot,
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

const PASSWORD = 'mailbox-secret-4711';

describe('readings of the machine', () => {
  let hostRoot: string;
  let ca: TestCa;
  let server: TestSmtpServer;
  let hm: TestHausmeister;
  let api: ApiSession;
  const boot = (id: string) => writeFile(path.join(hostRoot, 'proc/sys/kernel/random/boot_id'), `${id}\n`);
  const outbox = async () =>
    (await api.request('GET', '/api/v1/smtp/outbox')).body.mails as { id: number; state: string }[];
  const reportText = async () => {
    // A mail the server took just before a kill goes out again after the restart (at least once):
    // it goes first, so the last mail received is this report.
    await eventually(async () => (await outbox()).every((mail) => mail.state !== 'queued'));
    const report = await api.request('POST', '/api/v1/notifications/report');
    assert.equal(report.status, 200, JSON.stringify(report.body));
    await eventually(
      async () => (await outbox()).find((mail) => mail.id === report.body.id)?.state === 'sent',
    );
    return (server.received.at(-1)?.raw ?? '').replace(/=\r?\n/g, '');
  };

  before(async () => {
    hostRoot = await mkdtemp(path.join(tmpdir(), 'hausmeister-host-'));
    await mkdir(path.join(hostRoot, 'proc/sys/kernel/random'), { recursive: true });
    await boot('boot-a');
    ca = await createTestCa();
    server = await startSmtpServer({
      tls: await ca.issue('smtp', 'IP:127.0.0.1'),
      users: { 'box@example.test': PASSWORD },
    });
    hm = await createTestHausmeister({
      env: {
        HAUSMEISTER_HOST_ROOT: hostRoot,
        NODE_EXTRA_CA_CERTS: ca.caFile,
        FAKE_SMARTCTL_ANSWERS: path.join(projectRoot, 'test/fixtures/smartctl/failing'),
      },
    });
    api = await hm.setupOwner();
    assert.equal((await activateSmtpAccount(api, server, PASSWORD)).status, 200);
    const view = (await api.request('GET', '/api/v1/notifications')).body;
    const saved = await api.request('PUT', '/api/v1/notifications/settings', {
      ...view.settings,
      language: 'en',
      recipients: ['owner@example.test'],
      alerts: { enabled: false, repeatHours: 24 },
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
  });
  after(async () => {
    await hm?.close();
    await server?.close();
    await ca?.remove();
    await rm(hostRoot, { recursive: true, force: true });
  });

  it('reports none while the daemon was only stopped cleanly or killed within one boot', async () => {
    await hm.restart();
    await hm.crash();
    await hm.restart();
    assert.doesNotMatch(await reportText(), /restarted unexpectedly/);
  });

  it('reports a new boot after the daemon had no chance to stop', async () => {
    await hm.crash();
    await boot('boot-b');
    await hm.restart();
    assert.match(await reportText(), /restarted unexpectedly .*\(last week: 1, the last on /);
  });

  it('does not count a new boot after a clean stop', async () => {
    await hm.restart(); // SIGTERM: the daemon marks its boot as cleanly stopped
    await boot('boot-c');
    await hm.restart();
    assert.match(await reportText(), /\(last week: 1, /);
  });

  it('reports the hottest thermal zone against its thresholds', async () => {
    const zone = path.join(hostRoot, 'sys/class/thermal/thermal_zone0');
    await mkdir(zone, { recursive: true });
    await writeFile(path.join(zone, 'type'), 'x86_pkg_temp\n');
    await writeFile(path.join(zone, 'temp'), '85000\n');
    assert.match(
      await reportText(),
      /The box runs hot: 85 =C2=B0C at x86_pkg_temp|The box runs hot: 85 °C at x86_pkg_temp/,
    );
    await writeFile(path.join(zone, 'temp'), '47500\n');
    assert.match(await reportText(), /Temperature: 47[.,]5 (=C2=B0|°)C at the hottest sensor/);
  });

  it('reports what the disks say of their health, and alerts on the one that fails', async () => {
    const text = await reportText();
    assert.match(text, /Disk \/dev\/sda \(WDC WD40EFRX-68N32N0\) reports that it is failing\./);
    assert.match(text, /The SSD \/dev\/nvme0 \(Samsung SSD 970 EVO Plus 1TB\) has used up 93 % of its/);
    const view = (await api.request('GET', '/api/v1/notifications')).body;
    const saved = await api.request('PUT', '/api/v1/notifications/settings', {
      ...view.settings,
      alerts: { enabled: true, repeatHours: 24 },
    });
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    const alerts = await eventually(async () => {
      const sent = (await api.request('GET', '/api/v1/smtp/outbox')).body.mails.filter(
        (mail: { kind: string; state: string }) => mail.kind === 'alert' && mail.state === 'sent',
      );
      return sent.length > 0 && sent;
    });
    assert.deepEqual(
      alerts.map((mail: { subject: string }) => mail.subject),
      [`${hostname()}: problem – Disk /dev/sda (WDC WD40EFRX-68N32N0) reports that it is failing.`],
    );
    assert.match(server.received.at(-1)?.raw.replace(/=\r?\n/g, '') ?? '', /replace the disk soon/);
  });
});
