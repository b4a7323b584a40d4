// The `hausmeister` command line against a real daemon, through the same API as the web UI.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import {
  createTestHausmeister,
  freePort,
  runCli,
  type TestHausmeister,
} from '../harness/test-hausmeister.js';

describe(
  'hausmeister services',
  { skip: !existsSync('/usr/bin/radicale') && 'radicale is not installed' },
  () => {
    let hm: TestHausmeister;
    const cli = (...args: string[]) => runCli(hm, ...args);

    before(async () => {
      hm = await createTestHausmeister();
      const api = await hm.setupOwner();
      await api.request('PUT', '/api/v1/services/radicale/settings', { values: { port: await freePort() } });
    });
    after(async () => {
      await hm?.close();
    });

    it('lists services, as text and as JSON', async () => {
      const text = await cli('services', 'list');
      assert.equal(text.code, 0);
      assert.match(text.stdout, /radicale\s+stopped/);
      const json = JSON.parse((await cli('services', 'list', '--json')).stdout);
      assert.ok(json.some((s: any) => s.id === 'cockpit' && s.state === 'running'));
    });

    it('starts, reports and stops a service', async () => {
      const start = await cli('services', 'start', 'radicale', '--json');
      assert.equal(start.code, 0, start.stdout);
      assert.equal(JSON.parse(start.stdout).state, 'running');
      const status = await cli('services', 'status', 'radicale');
      assert.match(status.stdout, /state:\s+running/);
      const stop = await cli('services', 'stop', 'radicale');
      assert.match(stop.stdout, /radicale: stopped/);
    });

    it('explains errors in words and exits non-zero', async () => {
      const unknown = await cli('services', 'start', 'nosuch');
      assert.equal(unknown.code, 1);
      assert.match(unknown.stdout, /error: This service does not exist/);
      const locked = await cli('services', 'stop', 'firewall', '--json');
      assert.equal(JSON.parse(locked.stdout).error.messageKey, 'services.error.locked');
      const usage = await cli('services', 'start');
      assert.equal(usage.code, 2);
    });
  },
);
