// Login against a real daemon: first-run owner, wrong passwords, throttling, logout.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestHausmeister, login, type TestHausmeister } from '../harness/test-hausmeister.js';

const post = (url: string, body: unknown) =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });

describe('login', () => {
  let hm: TestHausmeister;
  before(async () => {
    hm = await createTestHausmeister();
  });
  after(async () => {
    await hm?.close();
  });

  it('asks for the owner on first run and refuses weak credentials with field errors', async () => {
    const session = await (await fetch(`${hm.url}/api/v1/session`)).json();
    assert.deepEqual(session, { setupRequired: true, user: null, csrfToken: null });
    const weak = await post(`${hm.url}/api/v1/setup`, { username: 'Owner!', password: 'short' });
    assert.equal(weak.status, 400);
    const fields = (await weak.json()).error.fields.map((f: any) => f.field).sort();
    assert.deepEqual(fields, ['password', 'username']);
    const missing = await post(`${hm.url}/api/v1/setup`, { username: 'owner' });
    assert.equal(missing.status, 400);
  });

  it('sets a HttpOnly SameSite=Strict cookie and logs out', async () => {
    const created = await post(`${hm.url}/api/v1/setup`, {
      username: 'owner',
      password: 'correct horse battery',
    });
    assert.equal(created.status, 200);
    const cookie = created.headers.get('set-cookie') ?? '';
    assert.match(cookie, /HttpOnly/i);
    assert.match(cookie, /SameSite=Strict/i);
    const body = await created.json();
    assert.equal(body.user.name, 'owner');
    const sessionCookie = cookie.split(';')[0] ?? '';
    const out = await fetch(`${hm.url}/api/v1/logout`, {
      method: 'POST',
      headers: { cookie: sessionCookie, 'x-csrf-token': body.csrfToken },
    });
    assert.equal(out.status, 204);
    assert.equal(
      (await fetch(`${hm.url}/api/v1/services`, { headers: { cookie: sessionCookie } })).status,
      401,
    );
  });

  it('says "wrong name or password" without telling which, then throttles guessing', async () => {
    const wrongUser = await post(`${hm.url}/api/v1/login`, { username: 'nobody', password: 'whatever123' });
    assert.equal(wrongUser.status, 401);
    assert.equal((await wrongUser.json()).error.messageKey, 'auth.error.invalidCredentials');
    let last: Response | undefined;
    for (let i = 0; i < 6; i++)
      last = await post(`${hm.url}/api/v1/login`, { username: 'owner', password: `guess-${i}-xxxx` });
    assert.equal(last?.status, 429);
    const body = await last!.json();
    assert.equal(body.error.messageKey, 'auth.error.rateLimited');
    assert.ok(Number(body.error.params.retryAfterSeconds) > 0);
    assert.ok(last!.headers.get('retry-after'));
    // Even the right password waits until the lockout ends.
    const right = await post(`${hm.url}/api/v1/login`, {
      username: 'owner',
      password: 'correct horse battery',
    });
    assert.equal(right.status, 429);
  });

  it('never writes a password into the log', async () => {
    assert.doesNotMatch(hm.output(), /correct horse battery|guess-\d-xxxx/);
  });
});

describe('login on a fresh daemon', () => {
  it('logs in with the right password', async () => {
    const hm = await createTestHausmeister();
    try {
      await hm.setupOwner('owner', 'correct horse battery');
      const session = await login(hm.url, 'owner', 'correct horse battery');
      assert.ok(session.csrfToken.length > 10);
    } finally {
      await hm.close();
    }
  });
});
