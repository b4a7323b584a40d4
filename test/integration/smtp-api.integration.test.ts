// The outgoing mail server against real SMTP servers over TLS: only an accepted test mail activates a
// draft, a failed one keeps the active account, every failure is told apart, and the password never
// comes back out (API, CLI, log, database file).
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import {
  createTestHausmeister,
  freePort,
  runCli,
  type ApiSession,
  type TestHausmeister,
} from '../harness/test-hausmeister.js';
import { createTestCa, startSmtpServer, type TestCa, type TestSmtpServer } from '../peers/smtp-server.js';

const PASSWORD = 'mailbox-secret-4711';
const SECOND_PASSWORD = 'second-secret-0815';

describe('SMTP account', () => {
  let ca: TestCa;
  let good: TestSmtpServer;
  let second: TestSmtpServer;
  let plain: TestSmtpServer;
  let wrongName: TestSmtpServer;
  let implicitTls: TestSmtpServer;
  let hm: TestHausmeister;
  let api: ApiSession;

  const account = (port: number, overrides: Record<string, unknown> = {}) => ({
    host: '127.0.0.1',
    port,
    security: 'starttls',
    username: 'box@example.test',
    password: PASSWORD,
    from: 'box@example.test',
    ...overrides,
  });
  const saveAndTest = async (draft: Record<string, unknown>, recipient = 'owner@example.test') => {
    const saved = await api.request('PUT', '/api/v1/smtp/draft', draft);
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    return api.request('POST', '/api/v1/smtp/test', { recipient, language: 'de' });
  };

  before(async () => {
    ca = await createTestCa();
    const forIp = await ca.issue('smtp', 'IP:127.0.0.1');
    const users = { 'box@example.test': PASSWORD };
    good = await startSmtpServer({ tls: forIp, users, allowedSenders: ['box@example.test'] });
    second = await startSmtpServer({ tls: forIp, users: { 'box@example.test': SECOND_PASSWORD } });
    plain = await startSmtpServer({ tls: forIp, users, noStarttls: true });
    wrongName = await startSmtpServer({ tls: await ca.issue('other', 'DNS:mail.other.test'), users });
    implicitTls = await startSmtpServer({ tls: forIp, users, secure: true });
    hm = await createTestHausmeister({ env: { NODE_EXTRA_CA_CERTS: ca.caFile } });
    api = await hm.setupOwner();
  });

  after(async () => {
    await hm?.close();
    await Promise.all([good, second, plain, wrongName, implicitTls].map((s) => s?.close()));
    await ca?.remove();
  });

  it('starts with no account, and refuses to test what was never saved', async () => {
    const view = await api.request('GET', '/api/v1/smtp');
    assert.deepEqual(view.body, { active: null, draft: null, lastTest: null });
    const test = await api.request('POST', '/api/v1/smtp/test', { recipient: 'owner@example.test' });
    assert.equal(test.status, 400);
    assert.equal(test.body.error.messageKey, 'smtp.error.nothingToTest');
  });

  it('rejects bad input field by field and stores nothing', async () => {
    const bad = await api.request('PUT', '/api/v1/smtp/draft', {
      ...account(good.port),
      port: 0,
      from: 'not an address',
      extra: true,
    });
    assert.equal(bad.status, 400);
    const fields = (bad.body.error.fields as { field: string }[]).map((f) => f.field);
    assert.ok(fields.includes('port') && fields.includes('from'), JSON.stringify(fields));
    const tls = await api.request('PUT', '/api/v1/smtp/draft', account(465));
    assert.equal(tls.status, 400);
    assert.equal(tls.body.error.fields[0].messageKey, 'smtp.error.port465IsTls');
    const noPassword = await api.request('PUT', '/api/v1/smtp/draft', {
      ...account(good.port),
      password: undefined,
    });
    assert.equal(noPassword.body.error.fields[0].field, 'password');
    assert.equal((await api.request('GET', '/api/v1/smtp')).body.draft, null);
  });

  it('keeps a draft with a wrong password inactive and says why', async () => {
    const test = await saveAndTest(account(good.port, { password: 'wrong' }));
    assert.equal(test.status, 502);
    assert.equal(test.body.error.reason, 'SMTP_AUTH_FAILED');
    assert.equal(test.body.error.messageKey, 'smtp.error.authFailed');
    const view = (await api.request('GET', '/api/v1/smtp')).body;
    assert.equal(view.active, null);
    assert.equal(view.draft.hasPassword, true);
    assert.equal(view.lastTest.ok, false);
    assert.equal(view.lastTest.error.messageKey, 'smtp.error.authFailed');
    assert.equal(good.received.length, 0);
  });

  it('activates the draft once its test mail was accepted, over STARTTLS with the login', async () => {
    const test = await saveAndTest(account(good.port));
    assert.equal(test.status, 200, JSON.stringify(test.body));
    assert.equal(test.body.activated, true);
    assert.equal(test.body.account.active.host, '127.0.0.1');
    assert.equal(test.body.account.active.hasPassword, true);
    assert.equal(test.body.account.draft, null);
    const mail = good.received.at(-1);
    assert.ok(mail, 'the server received the test mail');
    assert.equal(mail.user, 'box@example.test');
    assert.deepEqual(mail.to, ['owner@example.test']);
    assert.match(mail.raw, /^Subject: Hausmeister: Testmail/m);
    assert.match(mail.raw, /^Auto-Submitted: auto-generated/m);
  });

  it('keeps the active account when a new draft fails, and it still sends', async () => {
    const failed = await saveAndTest(account(second.port, { password: 'also wrong' }));
    assert.equal(failed.body.error.reason, 'SMTP_AUTH_FAILED');
    const view = (await api.request('GET', '/api/v1/smtp')).body;
    assert.equal(view.active.port, good.port);
    assert.equal(view.draft.port, second.port);
    await api.request('DELETE', '/api/v1/smtp/draft');
    const before = good.received.length;
    const again = await api.request('POST', '/api/v1/smtp/test', { recipient: 'owner@example.test' });
    assert.equal(again.status, 200);
    assert.equal(again.body.activated, false);
    assert.equal(good.received.length, before + 1);
    assert.match(good.received.at(-1)!.raw, /^Subject: Hausmeister: test mail/m);
  });

  it('refuses a server without STARTTLS with that reason, and never sends the password in clear', async () => {
    const test = await saveAndTest(account(plain.port));
    assert.equal(test.body.error.reason, 'SMTP_NO_STARTTLS');
    assert.equal(test.body.error.params.port, plain.port);
    assert.equal(plain.received.length, 0);
  });

  it('tells an invalid certificate, a refused connection and a rejected sender apart', async () => {
    const certificate = await saveAndTest(account(wrongName.port));
    assert.equal(certificate.body.error.reason, 'SMTP_TLS_FAILED');
    assert.equal(certificate.body.error.messageKey, 'smtp.error.certificateInvalid');
    const refused = await saveAndTest(account(await freePort()));
    assert.equal(refused.body.error.messageKey, 'smtp.error.connectionRefused');
    const sender = await saveAndTest(account(good.port, { from: 'someone-else@example.test' }));
    assert.equal(sender.body.error.reason, 'SMTP_SENDER_REJECTED');
    assert.match(sender.body.error.params.response, /not owned by user/);
    assert.equal((await api.request('GET', '/api/v1/smtp')).body.active.port, good.port);
  });

  it('keeps the password of the same login when a draft leaves it out', async () => {
    const { password: _left, ...withoutPassword } = account(good.port, { from: 'box@example.test' });
    const test = await saveAndTest(withoutPassword);
    assert.equal(test.status, 200, JSON.stringify(test.body));
    assert.equal(test.body.activated, true);
  });

  it('`hausmeister smtp test` and `smtp show` work through the same API, with --json', async () => {
    const cli = (...args: string[]) => runCli(hm, ...args);
    const test = await cli('smtp', 'test', 'owner@example.test', '--json');
    assert.equal(test.code, 0, test.stdout);
    assert.equal(JSON.parse(test.stdout).ok, true);
    const show = await cli('smtp', 'show');
    assert.match(show.stdout, /active: box@example\.test at 127\.0\.0\.1/);
    await api.request('PUT', '/api/v1/smtp/draft', account(good.port, { password: 'wrong' }));
    const failed = await cli('smtp', 'test', 'owner@example.test');
    assert.equal(failed.code, 1);
    assert.match(failed.stdout, /did not accept the login name and password/);
  });

  it('sends over implicit TLS (port 465 style) as the option beyond STARTTLS', async () => {
    const test = await saveAndTest(account(implicitTls.port, { security: 'tls' }));
    assert.equal(test.status, 200, JSON.stringify(test.body));
    assert.equal(test.body.account.active.security, 'tls');
    assert.equal(implicitTls.received.length, 1);
  });

  it('never shows a password: not in the API, the log or the database file', async () => {
    const everything = JSON.stringify((await api.request('GET', '/api/v1/smtp')).body);
    for (const secret of [PASSWORD, SECOND_PASSWORD]) {
      assert.ok(!everything.includes(secret));
      assert.ok(!hm.output().includes(secret), 'the log holds no password');
      for (const file of ['hausmeister.sqlite', 'hausmeister.sqlite-wal']) {
        const database = existsSync(path.join(hm.dataDir, file))
          ? readFileSync(path.join(hm.dataDir, file)).toString('latin1')
          : '';
        assert.ok(!database.includes(secret), `${file} holds the password only sealed`);
      }
    }
  });
});
