// What the reports read of the machine below HAUSMEISTER_HOST_ROOT, so a test can set it: unexpected
// restarts (a new boot after the daemon was killed is one; a new boot after a clean stop and a killed
// daemon within one boot are not) and the temperatures of the thermal zones.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTestHausmeister, type ApiSession, type TestHausmeister } from '../harness/test-hausmeister.js';
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
  const reportText = async () => {
    const before = server.received.length;
    const report = await api.request('POST', '/api/v1/notifications/report');
    assert.equal(report.status, 200, JSON.stringify(report.body));
    for (let i = 0; i < 200 && server.received.length === before; i++)
      await new Promise((resolve) => setTimeout(resolve, 50));
    return (server.received[before]?.raw ?? '').replace(/=\r?\n/g, '');
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
      env: { HAUSMEISTER_HOST_ROOT: hostRoot, NODE_EXTRA_CA_CERTS: ca.caFile },
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
});
