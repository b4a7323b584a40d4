// Browser test: the first visit creates the owner; the session survives a reload; logout, a wrong
// password (explained in words) and a good login.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { launchChromium, openCockpit, OWNER, screenshot, serviceRow } from './cockpit-browser.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

test('first run: create the owner, stay logged in, log out, log in again', async () => {
  const cockpit = await openCockpit(browser, { loggedIn: false });
  const { page } = cockpit;
  try {
    await page.getByRole('heading', { name: 'Welcome to Hausmeister' }).waitFor();
    await page.getByLabel('User name').fill(OWNER.username);
    await page.getByLabel('Password', { exact: true }).fill('short');
    // Checked as you type: too short, said before the server is asked.
    await page.getByText('The password needs at least 10 characters.').waitFor();
    await page.getByLabel('Password', { exact: true }).fill(OWNER.password);
    await page.getByLabel('Repeat the password').fill(OWNER.password);
    await screenshot(page, 'setup');
    await page.getByRole('button', { name: 'Create owner account' }).click();

    await page.getByRole('heading', { name: 'Services', level: 1 }).waitFor();
    await serviceRow(page, 'radicale').waitFor();
    await screenshot(page, 'services-desktop');

    await page.reload();
    await serviceRow(page, 'radicale').waitFor();
    assert.equal(
      await page.getByRole('heading', { name: 'Log in' }).count(),
      0,
      'still logged in after reload',
    );

    await page.getByRole('button', { name: 'Log out' }).click();
    await page.getByRole('heading', { name: 'Log in' }).waitFor();

    await page.getByLabel('User name').fill(OWNER.username);
    await page.getByLabel('Password').fill('not the password');
    await page.getByRole('button', { name: 'Log in' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('User name or password is wrong.', { exact: false }).waitFor();
    await screenshot(page, 'login-wrong-password');

    await page.getByLabel('Password').fill(OWNER.password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await serviceRow(page, 'radicale').waitFor();
    assert.equal(await page.getByText('User name or password is wrong.', { exact: false }).count(), 0);
  } finally {
    await cockpit.close();
  }
});
