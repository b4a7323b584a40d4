// Browser tests of the services page: the status switch (pending, then confirmed), the web entry in
// the navigation, a failed start with its reason and log, and the locked services.
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, test } from 'node:test';
import type { Browser } from 'playwright-core';
import { freePort } from '../harness/test-hausmeister.js';
import {
  launchChromium,
  openCockpit,
  recordPending,
  screenshot,
  serviceRow,
  waitForSwitch,
} from './cockpit-browser.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

test('starting Radicale: pending switch, then on, with its web interface in the navigation', async () => {
  const cockpit = await openCockpit(browser, { path: '/services' });
  const { page } = cockpit;
  try {
    const off = await waitForSwitch(page, 'radicale', { checked: false, busy: false });
    const entry = page.locator('nav a[data-web-entry="radicale"]');
    assert.equal(await entry.count(), 0, 'no web entry while Radicale is stopped');

    const pending = await recordPending(page, 'radicale');
    await off.click();
    await waitForSwitch(page, 'radicale', { checked: true, busy: false });
    const seen = await pending();
    assert.ok(seen.length > 0, 'the switch was busy (pending) before the server confirmed');
    assert.ok(
      seen.every((s) => s.opacity === '0.5'),
      `half-transparent while pending: ${JSON.stringify(seen)}`,
    );
    await serviceRow(page, 'radicale').getByText('Running since').waitFor();

    await entry.waitFor();
    assert.equal(await entry.getAttribute('href'), '/dav/');
    assert.match(await entry.innerText(), /^Calendars & contacts/);
    await screenshot(page, 'services-radicale-running');

    // The entry leads to Radicale through the cockpit.
    const response = await page.request.get(`${cockpit.hausmeister.url}/dav/`);
    assert.ok(response.status() < 500, `/dav/ answers (${response.status()})`);

    const stopPending = await recordPending(page, 'radicale');
    await page.locator('li.service-row[data-service="radicale"] [role="switch"]').click();
    await waitForSwitch(page, 'radicale', { checked: false, busy: false });
    assert.ok((await stopPending()).length > 0, 'the switch was busy while stopping');
    await entry.waitFor({ state: 'detached' });
  } finally {
    await cockpit.close();
  }
});

test('a failed start: the switch returns to off, the row says why, "Show log" opens the log', async () => {
  const cockpit = await openCockpit(browser, { path: '/services' });
  const { page } = cockpit;
  const port = await freePort();
  const blocker: Server = createServer();
  await new Promise<void>((resolve) => blocker.listen(port, '127.0.0.1', resolve));
  try {
    const row = serviceRow(page, 'radicale');
    await row.locator('[data-action="settings"]').click();
    const dialog = page.getByRole('dialog', { name: 'Settings: Calendars & contacts' });
    await dialog.waitFor();
    await dialog.getByRole('textbox', { name: /^Port/ }).fill(String(port));
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await row.getByText('Settings saved.').waitFor();

    const pending = await recordPending(page, 'radicale');
    await (await waitForSwitch(page, 'radicale', { checked: false, busy: false })).click();
    await row
      .locator('[data-problem]')
      .getByText(`Port ${port} is already used by another program.`)
      .waitFor();
    await waitForSwitch(page, 'radicale', { checked: false, busy: false });
    assert.ok((await pending()).length > 0, 'the switch was pending before it fell back');
    assert.equal(await page.locator('nav a[data-web-entry="radicale"]').count(), 0);
    await screenshot(page, 'services-start-failed');

    await row.getByRole('button', { name: 'Show log' }).click();
    const log = page.getByRole('dialog', { name: 'Log: Calendars & contacts' });
    await log.waitFor();
    await log.locator('pre.log-lines, p.log-empty').first().waitFor();
    await screenshot(page, 'services-log-dialog', { fullPage: false });
    await page.keyboard.press('Escape');
    await log.waitFor({ state: 'detached' });
  } finally {
    await new Promise((resolve) => blocker.close(resolve));
    await cockpit.close();
  }
});

test('locked services (cockpit, firewall) have disabled, half-transparent switches', async () => {
  const cockpit = await openCockpit(browser, { path: '/services' });
  const { page } = cockpit;
  try {
    for (const id of ['cockpit', 'firewall']) {
      const toggle = serviceRow(page, id).getByRole('switch');
      await toggle.waitFor();
      assert.equal(await toggle.isDisabled(), true, `${id} switch is disabled`);
      assert.equal(await toggle.evaluate((el) => getComputedStyle(el).opacity), '0.5');
      const description = await toggle.evaluate((el) =>
        (el.getAttribute('aria-describedby') ?? '')
          .split(' ')
          .map((id) => document.getElementById(id)?.textContent ?? '')
          .join(' '),
      );
      assert.match(description, /must always run/);
    }
    assert.equal(await serviceRow(page, 'cockpit').getByRole('switch').getAttribute('aria-checked'), 'true');
    assert.equal(await serviceRow(page, 'radicale').getByRole('switch').isDisabled(), false);
  } finally {
    await cockpit.close();
  }
});
