// The daemon through its real HTTP API: login, services with real Radicale and Samba, restart, shutdown.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import {
  createTestHausmeister,
  eventually,
  freePort,
  type ApiSession,
  type TestHausmeister,
} from '../harness/test-hausmeister.js';

const run = promisify(execFile);
const isRoot = process.getuid?.() === 0;
const OWNER = { username: 'owner', password: 'correct horse battery' };

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe(
  'services through the API',
  { skip: !existsSync('/usr/bin/radicale') && 'radicale is not installed' },
  () => {
    let hm: TestHausmeister;
    let api: ApiSession;
    let radicalePort: number;

    before(async () => {
      hm = await createTestHausmeister();
      api = await hm.setupOwner(OWNER.username, OWNER.password);
      radicalePort = await freePort();
    });
    after(async () => {
      await hm?.close();
    });

    it('refuses every API call without a login, and changes without the CSRF token', async () => {
      assert.equal((await fetch(`${hm.url}/api/v1/services`)).status, 401);
      const noCsrf = await fetch(`${hm.url}/api/v1/services/radicale/start`, {
        method: 'POST',
        headers: { cookie: api.cookie },
      });
      assert.equal(noCsrf.status, 403);
      assert.equal((await noCsrf.json()).error.messageKey, 'auth.error.csrf');
    });

    it('creates the owner only once', async () => {
      const again = await fetch(`${hm.url}/api/v1/setup`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'mallory', password: 'long enough password' }),
      });
      assert.equal(again.status, 409);
    });

    it('lists the catalog with locked built-ins', async () => {
      const { status, body } = await api.request('GET', '/api/v1/services');
      assert.equal(status, 200);
      const byId = Object.fromEntries(body.services.map((s: any) => [s.id, s]));
      assert.equal(byId.cockpit.locked, true);
      assert.equal(byId.cockpit.state, 'running');
      assert.deepEqual(
        byId.cockpit.ports.map((p: any) => p.port),
        [hm.port],
        'the port it really listens on',
      );
      assert.equal(byId.firewall.locked, true);
      assert.equal(byId.radicale.locked, false);
      assert.equal(byId.radicale.state, 'stopped');
      assert.equal(byId.radicale.webEntry.url, '/dav/');
      assert.equal(byId.radicale.expose.available, false);
    });

    it('answers 404 for an unknown service and 409 for a locked one', async () => {
      assert.equal((await api.request('POST', '/api/v1/services/nosuch/start')).status, 404);
      const locked = await api.request('POST', '/api/v1/services/firewall/stop');
      assert.equal(locked.status, 409);
      assert.equal(locked.body.error.messageKey, 'services.error.locked');
    });

    it('refuses bad settings field by field and changes nothing', async () => {
      const bad = await api.request('PUT', '/api/v1/services/radicale/settings', {
        values: { port: 70000, realm: '', logLevel: 'loud' },
      });
      assert.equal(bad.status, 400);
      const fields = Object.fromEntries(bad.body.error.fields.map((f: any) => [f.field, f.messageKey]));
      assert.deepEqual(fields, {
        port: 'settings.error.max',
        realm: 'settings.error.required',
        logLevel: 'settings.error.enum',
      });
      const malformed = await api.request('PUT', '/api/v1/services/radicale/settings', {
        values: { port: { nested: true } },
      });
      assert.equal(malformed.status, 400);
      const view = await api.request('GET', '/api/v1/services/radicale');
      assert.equal(view.body.settings.values.port, 5232);
    });

    it('starts Radicale, serves CalDAV directly and under /dav, and opens its port', async () => {
      assert.equal(
        (await api.request('PUT', '/api/v1/services/radicale/settings', { values: { port: radicalePort } }))
          .status,
        200,
      );
      const started = await api.request('POST', '/api/v1/services/radicale/start?wait=true');
      assert.equal(started.status, 200, JSON.stringify(started.body));
      assert.equal(started.body.state, 'running');
      const auth = `Basic ${Buffer.from(`${OWNER.username}:${OWNER.password}`).toString('base64')}`;
      const direct = await fetch(`http://127.0.0.1:${radicalePort}/${OWNER.username}/`, {
        method: 'PROPFIND',
        headers: { authorization: auth, depth: '0' },
      });
      assert.equal(direct.status, 207);
      const proxied = await fetch(`${hm.url}/dav/${OWNER.username}/`, {
        method: 'PROPFIND',
        headers: { authorization: auth, depth: '0', 'content-type': 'application/xml' },
        body: '<?xml version="1.0"?><propfind xmlns="DAV:"><prop><resourcetype/></prop></propfind>',
      });
      assert.equal(proxied.status, 207);
      assert.match(await proxied.text(), /\/dav\/owner\//, 'Radicale builds links under the /dav prefix');
      const wrong = await fetch(`http://127.0.0.1:${radicalePort}/${OWNER.username}/`, {
        method: 'PROPFIND',
        headers: { authorization: `Basic ${Buffer.from('owner:wrong').toString('base64')}`, depth: '0' },
      });
      assert.equal(wrong.status, 401);
      const firewall = await eventually(
        async () => {
          const fw = await api.request('GET', '/api/v1/firewall');
          return fw.body.rendered.includes(`dport ${radicalePort}`) ? fw.body : null;
        },
        10_000,
        'the firewall to open the Radicale port',
      );
      assert.equal(firewall.driver, 'off');
    });

    it('treats a second start as done, without a second process', async () => {
      const again = await api.request('POST', '/api/v1/services/radicale/start?wait=true');
      assert.equal(again.status, 200);
      const { stdout } = await run('pgrep', ['-f', `${hm.dataDir}/services/radicale/config/config`]);
      assert.equal(stdout.trim().split('\n').length, 1);
    });

    it('keeps the log one call away', async () => {
      const { status, body } = await api.request('GET', '/api/v1/services/radicale/logs?lines=20');
      assert.equal(status, 200);
      assert.ok(Array.isArray(body.lines));
    });

    it('brings Radicale back after a daemon restart, and stops it on SIGTERM', async () => {
      await hm.restart();
      api = await (
        await import('../harness/test-hausmeister.js')
      ).login(hm.url, OWNER.username, OWNER.password);
      await eventually(
        async () => (await api.request('GET', '/api/v1/services/radicale')).body.state === 'running',
        20_000,
        'Radicale to come back',
      );
      const { stdout } = await run('pgrep', ['-f', `${hm.dataDir}/services/radicale/config/config`]);
      const pid = Number(stdout.trim());
      await hm.restart();
      assert.equal(processAlive(pid), false, 'the old Radicale process ended with the daemon');
    });

    it('closes the port again when Radicale stops', async () => {
      api = await (
        await import('../harness/test-hausmeister.js')
      ).login(hm.url, OWNER.username, OWNER.password);
      await eventually(
        async () => (await api.request('GET', '/api/v1/services/radicale')).body.state === 'running',
        20_000,
        'Radicale to come back',
      );
      const stopped = await api.request('POST', '/api/v1/services/radicale/stop?wait=true');
      assert.equal(stopped.body.state, 'stopped');
      const again = await api.request('POST', '/api/v1/services/radicale/stop?wait=true');
      assert.equal(again.status, 200, 'stopping a stopped service is no error');
      assert.equal(again.body.state, 'stopped');
      const fw = await eventually(
        async () => {
          const r = await api.request('GET', '/api/v1/firewall');
          return r.body.rendered.includes(`dport ${radicalePort}`) ? null : r.body;
        },
        10_000,
        'the firewall to close the Radicale port',
      );
      assert.ok(fw);
      const proxied = await fetch(`${hm.url}/dav/`);
      assert.equal(proxied.status, 404);
    });

    it('serves the OpenAPI document', async () => {
      const doc = await (await fetch(`${hm.url}/api/v1/openapi.json`)).json();
      assert.equal(doc.openapi, '3.1.0');
      assert.ok(doc.paths['/api/v1/services/{id}/start']);
    });

    it(
      'starts and stops Samba for real',
      { skip: (!isRoot || !existsSync('/usr/sbin/smbd')) && 'needs root and samba' },
      async () => {
        const port = await freePort();
        assert.equal(
          (
            await api.request('PUT', '/api/v1/services/samba/settings', {
              values: { port, guestAccess: 'write' },
            })
          ).status,
          200,
        );
        const started = await api.request('POST', '/api/v1/services/samba/start?wait=true');
        assert.equal(started.body.state, 'running', JSON.stringify(started.body));
        const { stdout } = await run('smbclient', [
          '-N',
          '-p',
          String(port),
          '//127.0.0.1/Daten',
          '-c',
          'ls',
        ]);
        assert.match(stdout, /blocks of size/);
        const stopped = await api.request('POST', '/api/v1/services/samba/stop?wait=true');
        assert.equal(stopped.body.state, 'stopped');
        await assert.rejects(run('smbclient', ['-N', '-p', String(port), '//127.0.0.1/Daten', '-c', 'ls']));
      },
    );
  },
);
