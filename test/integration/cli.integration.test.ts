// The `hausmeister` command line against a real daemon, through the same API as the web UI.
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createTestHausmeister, freePort, type TestHausmeister } from '../harness/test-hausmeister.js';

const run = promisify(execFile);
const cliEntry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/cli/run.ts');

describe(
  'hausmeister services',
  { skip: !existsSync('/usr/bin/radicale') && 'radicale is not installed' },
  () => {
    let hm: TestHausmeister;
    const cli = async (...args: string[]) => {
      try {
        const { stdout } = await run(process.execPath, [
          '--import',
          'tsx',
          cliEntry,
          ...args,
          '--url',
          hm.url,
          '--data-dir',
          hm.dataDir,
        ]);
        return { code: 0, stdout };
      } catch (error: any) {
        return { code: error.code as number, stdout: String(error.stdout) };
      }
    };

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
