// Browser test of the settings dialog: checked as you type with the server's rules, Save refused
// while a field is wrong, a valid value saved.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, openCockpit, screenshot, serviceRow } from './cockpit-browser.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

test('settings: an out-of-range port is refused as you type, a valid one is saved', async () => {
  const cockpit = await openCockpit(browser, { path: '/services' });
  const { page } = cockpit;
  try {
    await serviceRow(page, 'radicale').locator('[data-action="settings"]').click();
    const dialog = page.getByRole('dialog', { name: 'Settings: Calendars & contacts' });
    await dialog.waitFor();
    const port = dialog.getByRole('textbox', { name: /^Port/ });
    const save = dialog.getByRole('button', { name: 'Save' });

    await port.fill('');
    await port.pressSequentially('7000');
    assert.equal(await dialog.locator('.field-error').count(), 0, '7000 is a valid port');
    await port.pressSequentially('0');
    await dialog.getByText('Too large. Enter a value of at most 65535.').waitFor();
    assert.equal(await port.getAttribute('aria-invalid'), 'true');
    assert.equal(await save.isDisabled(), true, 'Save is refused while a field is wrong');

    // The other rules of the server: a pattern with its hint, a required field.
    const realm = dialog.getByLabel('Login realm');
    await realm.fill('bad$name');
    await dialog.getByText('Allowed: letters, digits, spaces, . _ -.').waitFor();
    await realm.fill('');
    await dialog.getByText('This field is required.', { exact: false }).waitFor();
    await screenshot(page, 'settings-dialog-errors', { fullPage: false });

    await realm.fill('Home');
    await port.fill('5333');
    await dialog.locator('.field-error').first().waitFor({ state: 'detached' });
    assert.equal(await save.isDisabled(), false);
    await dialog.getByLabel('Log detail').selectOption('debug');
    await save.click();
    await dialog.waitFor({ state: 'detached' });
    await serviceRow(page, 'radicale').getByText('Settings saved.').waitFor();

    const answer = await cockpit.api!.request('GET', '/api/v1/services/radicale');
    assert.equal(answer.body.settings.values.port, 5333);
    assert.equal(answer.body.settings.values.realm, 'Home');
    assert.equal(answer.body.settings.values.logLevel, 'debug');

    // Opened again, the dialog shows the saved values.
    await serviceRow(page, 'radicale').locator('[data-action="settings"]').click();
    await dialog.waitFor();
    assert.equal(await dialog.getByRole('textbox', { name: /^Port/ }).inputValue(), '5333');
    await screenshot(page, 'settings-dialog', { fullPage: false });
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });
  } finally {
    await cockpit.close();
  }
});
