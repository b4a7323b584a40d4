// The SMTP account against Postfix (STARTTLS, SASL through Dovecot) as a provider's submission port
// would be: the test mail is delivered and read back over IMAP, a wrong password and a sender the
// mailbox does not own are refused in words.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ImapFlow } from 'imapflow';
import { createTestHausmeister, type ApiSession, type TestHausmeister } from '../harness/test-hausmeister.js';
import { POSTFIX_MISSING, startMailServer, type MailServer } from '../peers/postfix-dovecot.js';
import { createTestCa, type TestCa } from '../peers/smtp-server.js';

const USERS = { 'box@example.test': 'box-secret-1', 'owner@example.test': 'owner-secret-2' };

describe('SMTP account with Postfix and Dovecot', { skip: POSTFIX_MISSING }, () => {
  let ca: TestCa;
  let mail: MailServer;
  let hm: TestHausmeister;
  let api: ApiSession;
  const draft = (overrides: Record<string, unknown> = {}) => ({
    host: '127.0.0.1',
    port: mail.submissionPort,
    security: 'starttls',
    username: 'box@example.test',
    password: USERS['box@example.test'],
    from: 'box@example.test',
    ...overrides,
  });
  const saveAndTest = async (body: Record<string, unknown>) => {
    assert.equal((await api.request('PUT', '/api/v1/smtp/draft', body)).status, 200);
    return api.request('POST', '/api/v1/smtp/test', { recipient: 'owner@example.test', language: 'en' });
  };

  before(async () => {
    ca = await createTestCa();
    mail = await startMailServer({ tls: await ca.issue('mail', 'IP:127.0.0.1'), users: USERS });
    hm = await createTestHausmeister({ env: { NODE_EXTRA_CA_CERTS: ca.caFile } });
    api = await hm.setupOwner();
  });
  after(async () => {
    await hm?.close();
    await mail?.close();
    await ca?.remove();
  });

  it('refuses a wrong password with the reason and activates nothing', async () => {
    const test = await saveAndTest(draft({ password: 'wrong' }));
    assert.equal(test.body.error.reason, 'SMTP_AUTH_FAILED');
    assert.match(test.body.error.params.response, /535/);
    assert.equal((await api.request('GET', '/api/v1/smtp')).body.active, null);
  });

  it('delivers the test mail: it is in the recipient’s mailbox over IMAP', async () => {
    const test = await saveAndTest(draft());
    assert.equal(test.status, 200, JSON.stringify(test.body));
    assert.equal(test.body.activated, true);
    assert.match(test.body.response, /^250 /);
    const subjects = await waitForSubjects('owner@example.test', (found) => found.length > 0);
    assert.deepEqual(subjects, ['Hausmeister: test mail']);
  });

  it('refuses a sender address the mailbox does not own, and keeps the active account', async () => {
    const test = await saveAndTest(draft({ from: 'someone@example.test' }));
    assert.equal(test.body.error.reason, 'SMTP_SENDER_REJECTED');
    assert.match(test.body.error.params.response, /not owned by user/);
    assert.equal((await api.request('GET', '/api/v1/smtp')).body.active.from, 'box@example.test');
  });

  /** Delivery is asynchronous behind the 250: poll the mailbox until the condition holds. */
  async function waitForSubjects(user: keyof typeof USERS, done: (subjects: string[]) => boolean) {
    for (let attempt = 0; ; attempt++) {
      const client = new ImapFlow({
        host: '127.0.0.1',
        port: mail.imapPort,
        secure: false,
        doSTARTTLS: false,
        auth: { user, pass: USERS[user] },
        logger: false,
      });
      await client.connect();
      const subjects: string[] = [];
      const lock = await client.getMailboxLock('INBOX');
      try {
        for await (const message of client.fetch('1:*', { envelope: true }))
          subjects.push(message.envelope?.subject ?? '');
      } catch {
        // An empty mailbox has no message 1.
      } finally {
        lock.release();
        await client.logout();
      }
      if (done(subjects) || attempt >= 100) return subjects;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
});
