// Browser test of the SMTP account card: checked as you type, a failed test mail shows its reason and
// activates nothing, a successful one activates the settings; in English and German.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { startTestMailbox, type TestCa, type TestSmtpServer } from '../peers/smtp-server.js';
import { launchChromium, openCockpit, screenshot } from './cockpit-browser.js';

const PASSWORD = 'mailbox-secret-4711';
let browser: Browser;
let ca: TestCa;
let server: TestSmtpServer;

let mailbox: Awaited<ReturnType<typeof startTestMailbox>>;

before(async () => {
  browser = await launchChromium();
  mailbox = await startTestMailbox(PASSWORD);
  ({ ca, server } = mailbox);
});
after(async () => {
  await browser?.close();
  await mailbox?.close();
});

async function fill(page: Page, password: string) {
  const card = page.locator('[data-card="smtp"]');
  await card.getByLabel(/^SMTP server|^SMTP-Server/).fill('127.0.0.1');
  await card.getByLabel(/^Port/).fill(String(server.port));
  await card.getByLabel(/^Login/).fill('box@example.test');
  await card.getByLabel(/^Passw/).fill(password);
  await card.getByLabel(/^Sender address|^Absenderadresse/).fill('box@example.test');
  await card.getByLabel(/^Send the test mail to|^Testmail senden an/).fill('owner@example.test');
  return card;
}

test('SMTP account: checked as you type, a failed test shows why, a passed one activates', async () => {
  const cockpit = await openCockpit(browser, {
    path: '/configuration',
    env: { NODE_EXTRA_CA_CERTS: ca.caFile },
  });
  const { page } = cockpit;
  try {
    const card = page.locator('[data-card="smtp"]');
    await card.getByText('Not active yet', { exact: false }).waitFor();

    const port = card.getByLabel(/^Port/);
    await port.fill('70000');
    await card.getByText('Enter a port between 1 and 65535 (usually 587).').waitFor();
    assert.equal(await port.getAttribute('aria-invalid'), 'true');
    await card.getByLabel(/^Sender address/).fill('not-an-address');
    await card.getByText('Enter an e-mail address such as anna@example.org.').waitFor();
    await card.getByLabel('Encryption').selectOption('tls');
    assert.equal(await port.inputValue(), '70000', 'a port the owner typed stays');
    await port.fill('587');
    await card.getByLabel('Encryption').selectOption('tls');
    assert.equal(await port.inputValue(), '465', 'the default port follows the encryption');
    await card.getByLabel('Encryption').selectOption('starttls');

    await fill(page, 'wrong password');
    await card.getByRole('button', { name: 'Save and send test mail' }).click();
    await card
      .getByText('The test mail did not go out: the settings were saved but are not active.')
      .waitFor();
    await card.getByText('did not accept the login name and password', { exact: false }).waitFor();
    await card.getByText('Not active yet', { exact: false }).waitFor();
    assert.equal(server.received.length, 0);
    await screenshot(page, 'smtp-test-failed');

    await card.getByLabel(/^Passw/).fill(PASSWORD);
    await card.getByRole('button', { name: 'Save and send test mail' }).click();
    await card.getByText('Test mail sent: the settings are active.').waitFor();
    await card.getByText(`Active: mails go out through 127.0.0.1:${server.port}`, { exact: false }).waitFor();
    assert.equal(server.received.length, 1);
    assert.match(server.received[0]!.raw, /^Subject: Hausmeister: test mail/m);
    assert.equal(await card.getByLabel(/^Passw/).inputValue(), '', 'the password field is emptied');
    assert.match(
      (await card.getByLabel(/^Passw/).getAttribute('placeholder')) ?? '',
      /stored/,
      'the stored password is kept when the field stays empty',
    );
    await screenshot(page, 'smtp-active');
    const view = await cockpit.api!.request('GET', '/api/v1/smtp');
    assert.equal(view.body.active.port, server.port);
    assert.ok(!JSON.stringify(view.body).includes(PASSWORD));
  } finally {
    await cockpit.close();
  }
});

test('SMTP account in German on a phone: the test mail is German too', async () => {
  const cockpit = await openCockpit(browser, {
    path: '/configuration',
    locale: 'de-DE',
    viewport: { width: 390, height: 844 },
    isMobile: true,
    env: { NODE_EXTRA_CA_CERTS: ca.caFile },
  });
  const { page } = cockpit;
  try {
    const card = await fill(page, PASSWORD);
    await card.getByText('Noch nicht aktiv', { exact: false }).waitFor();
    const before = server.received.length;
    await card.getByRole('button', { name: 'Speichern und Testmail senden' }).click();
    await card.getByText('Testmail verschickt: Die Einstellungen sind aktiv.').waitFor();
    assert.match(server.received[before]!.raw, /^Subject: Hausmeister: Testmail/m);
    await screenshot(page, 'smtp-active-de-phone');
  } finally {
    await cockpit.close();
  }
});
