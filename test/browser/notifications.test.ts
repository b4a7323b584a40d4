// Browser test of notifications: locked until the SMTP account is active, then saved, a report sent
// now, and the mail shown under Reporting → Outgoing mail.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import {
  activateSmtpAccount,
  startTestMailbox,
  type TestCa,
  type TestSmtpServer,
} from '../peers/smtp-server.js';
import { launchChromium, openCockpit, screenshot, serviceRow } from './cockpit-browser.js';

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

test('notifications: locked without SMTP, usable once it is active, a report goes out and is listed', async () => {
  const cockpit = await openCockpit(browser, {
    path: '/configuration',
    env: { NODE_EXTRA_CA_CERTS: ca.caFile },
  });
  const { page } = cockpit;
  try {
    const card = page.locator('[data-card="notifications"]');
    await card.getByText('Notifications need the SMTP account.').waitFor();
    assert.equal(await card.getByLabel('How often').isDisabled(), true, 'locked while SMTP is not active');

    const smtp = page.locator('[data-card="smtp"]');
    await smtp.getByLabel(/^SMTP server/).fill('127.0.0.1');
    await smtp.getByLabel(/^Port/).fill(String(server.port));
    await smtp.getByLabel(/^Login/).fill('box@example.test');
    await smtp.getByLabel(/^Passw/).fill(PASSWORD);
    await smtp.getByLabel(/^Sender address/).fill('box@example.test');
    await smtp.getByLabel(/^Send the test mail to/).fill('owner@example.test');
    await smtp.getByRole('button', { name: 'Save and send test mail' }).click();
    await smtp.getByText('Test mail sent: the settings are active.').waitFor();

    await card.getByText('Notifications need the SMTP account.').waitFor({ state: 'detached' });
    await card.getByLabel('How often').selectOption('daily');
    const recipients = card.getByLabel('Send to');
    await recipients.fill('not an address');
    await card.getByText('Enter an e-mail address such as anna@example.org.').waitFor();
    await recipients.fill('owner@example.test');
    await card.getByLabel('Warning from (% used)').fill('95');
    await card.getByText('The warning must come before the critical level', { exact: false }).waitFor();
    await card.getByLabel('Warning from (% used)').fill('80');
    await card.getByLabel('Cockpit').check();
    await card.getByLabel(/^Disk health \(SMART/).uncheck();
    await card.getByRole('button', { name: 'Save' }).click();
    await card.getByText('Notification settings saved.').waitFor();
    await screenshot(page, 'notifications-settings');

    const before = server.received.length;
    await card.getByRole('button', { name: 'Send a report now' }).click();
    await card.getByText('handed to the outbox', { exact: false }).waitFor();
    const saved = await cockpit.api!.request('GET', '/api/v1/notifications');
    assert.equal(saved.body.settings.frequency, 'daily');
    assert.deepEqual(saved.body.settings.services, ['cockpit']);
    assert.equal(saved.body.settings.checks.smart.enabled, false);

    await page.getByRole('navigation').getByRole('link', { name: 'Reporting' }).click();
    await page.getByRole('tab', { name: 'Outgoing mail' }).click();
    const outbox = page.locator('[data-card="outbox"]');
    await outbox.locator('tr[data-state="sent"]').first().waitFor();
    assert.ok(server.received.length > before, 'the report reached the SMTP server');
    assert.match(server.received.at(-1)!.raw, /Monitored services/);
    await screenshot(page, 'outbox');
  } finally {
    await cockpit.close();
  }
});

test('the "Notifications?" switch of a service: locked without SMTP, then it adds the service to monitoring on Save', async () => {
  const cockpit = await openCockpit(browser, { path: '/services', env: { NODE_EXTRA_CA_CERTS: ca.caFile } });
  const { page } = cockpit;
  const api = cockpit.api!;
  try {
    const dialog = page.getByRole('dialog', { name: 'Settings: Calendars & contacts' });
    const open = async () => {
      await serviceRow(page, 'radicale').locator('[data-action="settings"]').click();
      await dialog.waitFor();
      return dialog.getByRole('switch', { name: 'Notifications?' });
    };
    let toggle = await open();
    await dialog.getByText('Set up the outgoing mail server under Configuration first.').waitFor();
    assert.equal(await toggle.isDisabled(), true);
    await dialog.getByRole('button', { name: 'Cancel' }).click();

    assert.equal((await activateSmtpAccount(api, server, PASSWORD)).status, 200);

    // Like the rest of the dialog, the switch takes effect on Save: Cancel leaves monitoring as it was.
    toggle = await open();
    await dialog.getByText('Not monitored.', { exact: false }).waitFor();
    await toggle.click();
    await dialog.getByText('Takes effect when you save.', { exact: false }).waitFor();
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    assert.deepEqual((await api.request('GET', '/api/v1/notifications')).body.settings.services, []);

    toggle = await open();
    await toggle.click();
    await dialog.getByText('Monitored: every report states its status', { exact: false }).waitFor();
    assert.equal(await toggle.getAttribute('aria-checked'), 'true');
    await screenshot(page, 'service-notify-switch', { fullPage: false });
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    const view = await api.request('GET', '/api/v1/notifications');
    assert.deepEqual(view.body.settings.services, ['radicale']);
  } finally {
    await cockpit.close();
  }
});
