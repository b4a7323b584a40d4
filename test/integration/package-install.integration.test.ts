// The install button for real: a service whose Debian package is missing, installed by the daemon
// through apt with progress on the event stream. Needs root and apt (CI has both).
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  createTestHausmeister,
  eventually,
  type ApiSession,
  type TestHausmeister,
} from '../harness/test-hausmeister.js';

const run = promisify(execFile);
const catalogDir = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../fixtures/install-catalog');

async function helloInstalled(): Promise<boolean> {
  const { stdout } = await run('dpkg-query', ['-W', '-f=${db:Status-Status}', 'hello']).catch(() => ({
    stdout: '',
  }));
  return stdout === 'installed';
}

const skip = process.getuid?.() !== 0 || !existsSync('/usr/bin/apt-get') ? 'needs root and apt' : false;

describe('installing a missing package', { skip }, () => {
  let hm: TestHausmeister;
  let api: ApiSession;

  before(async () => {
    // Start from the state the test is about: the package is missing.
    if (await helloInstalled()) await run('apt-get', ['remove', '-y', '-qq', 'hello']);
    hm = await createTestHausmeister({ env: { HAUSMEISTER_CATALOG_DIR: catalogDir } });
    api = await hm.setupOwner();
  });
  after(async () => {
    await hm?.close();
    await run('apt-get', ['remove', '-y', '-qq', 'hello']).catch(() => undefined);
  });

  it('says which package is missing and refuses to start', async () => {
    const view = await api.request('GET', '/api/v1/services/greeter');
    assert.deepEqual(view.body.packages, { required: ['hello'], missing: ['hello'], installable: true });
    const start = await api.request('POST', '/api/v1/services/greeter/start?wait=true');
    assert.equal(start.status, 409);
    assert.equal(start.body.error.messageKey, 'services.error.packageMissing');
    assert.equal(start.body.error.params.packages, 'hello');
  });

  it('installs it with progress, and then the service starts', async () => {
    const events: any[] = [];
    const controller = new AbortController();
    const stream = await fetch(`${hm.url}/api/v1/events`, {
      headers: { cookie: api.cookie },
      signal: controller.signal,
    });
    const reading = (async () => {
      const decoder = new TextDecoder();
      let buffer = '';
      for await (const chunk of stream.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        for (const block of buffer.split('\n\n').slice(0, -1)) {
          const name = /^event: (.*)$/m.exec(block)?.[1];
          const data = /^data: (.*)$/m.exec(block)?.[1];
          if (name === 'install' && data) events.push(JSON.parse(data));
        }
        buffer = buffer.slice(buffer.lastIndexOf('\n\n') + 2);
      }
    })().catch(() => undefined);

    const accepted = await api.request('POST', '/api/v1/services/greeter/install');
    assert.equal(accepted.status, 202);
    await eventually(
      async () => events.some((e) => e.phase === 'done' || e.phase === 'failed'),
      300_000,
      'the install to end',
    );
    controller.abort();
    await reading;
    assert.equal(events.at(-1)?.phase, 'done', JSON.stringify(events));
    assert.ok(
      events.some((e) => e.phase === 'installing' && e.percent > 0),
      'progress was reported',
    );
    assert.equal(await helloInstalled(), true);

    const view = await api.request('GET', '/api/v1/services/greeter');
    assert.deepEqual(view.body.packages.missing, []);
    const start = await api.request('POST', '/api/v1/services/greeter/start?wait=true');
    assert.equal(start.body.state, 'running', JSON.stringify(start.body));
    await api.request('POST', '/api/v1/services/greeter/stop?wait=true');
  });
});
