// A daemon killed with SIGKILL: its state survives, and the services it orphaned are taken over cleanly.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import {
  createTestHausmeister,
  eventually,
  freePort,
  login,
  type TestHausmeister,
} from '../harness/test-hausmeister.js';

const run = promisify(execFile);

async function radicalePids(hm: TestHausmeister): Promise<number[]> {
  const { stdout } = await run('pgrep', ['-f', `${hm.dataDir}/services/radicale/config/config`]).catch(
    () => ({ stdout: '' }),
  );
  return stdout.split('\n').filter(Boolean).map(Number);
}

describe(
  'after the daemon is killed',
  { skip: !existsSync('/usr/bin/radicale') && 'radicale is not installed' },
  () => {
    let hm: TestHausmeister;
    let port: number;

    before(async () => {
      hm = await createTestHausmeister();
      const api = await hm.setupOwner('owner', 'correct horse battery');
      port = await freePort();
      await api.request('PUT', '/api/v1/services/radicale/settings', {
        values: { port, realm: 'After the crash' },
      });
      assert.equal(
        (await api.request('POST', '/api/v1/services/radicale/start?wait=true')).body.state,
        'running',
      );
    });
    after(async () => {
      await hm?.close();
    });

    it('keeps the owner, the settings and the desired state, and brings the service back once', async () => {
      const orphan = await radicalePids(hm);
      assert.equal(orphan.length, 1);
      await hm.crash();
      assert.deepEqual(await radicalePids(hm), orphan, 'the orphan still runs while no daemon does');

      await hm.restart();
      const api = await login(hm.url, 'owner', 'correct horse battery');
      const view = await eventually(
        async () => {
          const r = await api.request('GET', '/api/v1/services/radicale');
          return r.body.state === 'running' ? r.body : null;
        },
        30_000,
        'Radicale to run again',
      );
      assert.equal(view.settings.values.realm, 'After the crash');
      assert.equal(view.reason, null, 'no "port in use" from its own orphan');
      const now = await radicalePids(hm);
      assert.equal(now.length, 1, 'exactly one Radicale');
      assert.notEqual(now[0], orphan[0], 'the orphan was ended and a supervised one started');
      const auth = `Basic ${Buffer.from('owner:correct horse battery').toString('base64')}`;
      const dav = await fetch(`http://127.0.0.1:${port}/owner/`, {
        method: 'PROPFIND',
        headers: { authorization: auth, depth: '0' },
      });
      assert.equal(dav.status, 207);
    });
  },
);
