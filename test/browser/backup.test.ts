// Browser tests of backups: the wizard from the Backup service's settings icon (passphrase suggestion,
// fields refused as you type, test connection in words, German), a real loop-mounted USB disk saved
// as target, "Back up now" watched in Reporting → Backup, and one file restored into a new folder.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import type { Browser, Locator, Page } from 'playwright-core';
import { freePort } from '../harness/test-hausmeister.js';
import { createLoopDisk, loopDiskSkip } from '../peers/loop-disk.js';
import { launchChromium, openCockpit, screenshot, serviceRow } from './cockpit-browser.js';

let browser: Browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

async function openWizard(page: Page, name = 'Backup settings'): Promise<Locator> {
  await serviceRow(page, 'backup').locator('[data-action="settings"]').click();
  const dialog = page.getByRole('dialog', { name });
  await dialog.locator('[data-step-heading]').waitFor();
  return dialog;
}

/** No sideways scrolling on a phone: neither the page nor an open dialog is wider than the screen. */
async function assertFitsWidth(page: Page, what: string): Promise<void> {
  const overflow = await page.evaluate(`(() => {
    const page = document.documentElement.scrollWidth - window.innerWidth;
    const dialog = document.querySelector('dialog[open] .dialog-body');
    return Math.max(page, dialog ? dialog.scrollWidth - dialog.clientWidth : 0);
  })()`);
  assert.ok((overflow as number) <= 0, `${what}: ${String(overflow)}px too wide`);
}

test('wizard: passphrase suggestion, bad fields refused as you type, a closed FTP port in words, German', async () => {
  const cockpit = await openCockpit(browser, { path: '/services' });
  const { page } = cockpit;
  try {
    const dialog = await openWizard(page);
    await dialog.getByRole('heading', { name: 'Step 1 of 5: Where should the backups go?' }).waitFor();
    await dialog.getByText('Best: a USB disk and a place outside your home').waitFor();
    await screenshot(page, 'backup-wizard-where', { fullPage: false });

    const card = dialog.locator('[data-target="0"]');
    await card.getByRole('radio', { name: 'FTP server' }).check();
    await card.getByRole('textbox', { name: /^Server address/ }).fill('127.0.0.1');
    const port = card.getByRole('textbox', { name: /^Port/ });
    assert.equal(await port.inputValue(), '21');
    await port.fill('');
    await port.pressSequentially('0');
    await card.getByText('Too small. Enter a value of at least 1.').waitFor();
    assert.equal(await port.getAttribute('aria-invalid'), 'true');
    const folder = card.getByRole('textbox', { name: /^Folder on the server/ });
    await folder.fill('backups');
    await card.getByText('Enter a full path starting with /', { exact: false }).waitFor();
    assert.equal(await folder.getAttribute('aria-invalid'), 'true');

    // Next refuses the step while a field is wrong, and says so.
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByText('Correct the marked fields to go on.').waitFor();
    await dialog.getByRole('heading', { name: /^Step 1 of 5/ }).waitFor();
    await screenshot(page, 'backup-wizard-field-errors', { fullPage: false });

    const closed = await freePort();
    await port.fill(String(closed));
    await folder.fill('/backups');
    await card.getByRole('textbox', { name: /^User name/ }).fill('hausmeister');
    await card.getByLabel(/^Password/).fill('secret-ftp-password');
    assert.equal(await card.locator('.field-error').count(), 0, 'no field is wrong any more');
    await card.getByRole('button', { name: 'Test connection' }).click();
    await card.getByText('The connection test failed').waitFor({ timeout: 30_000 });
    await card.getByText(`127.0.0.1 refuses connections on port ${closed}.`, { exact: false }).waitFor();
    await screenshot(page, 'backup-wizard-test-failed', { fullPage: false });

    // Plain FTP is possible, with a warning.
    await card.getByLabel('Encryption of the connection').selectOption('none');
    await card.getByText('Without encryption, the password travels in plain text').waitFor();
    await card.getByLabel('Encryption of the connection').selectOption('explicit');

    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog
      .getByRole('heading', { name: 'Step 2 of 5: The passphrase that encrypts the backups' })
      .waitFor();
    await dialog.getByText('Without the passphrase, the backups are worthless').waitFor();
    const suggestion = dialog.getByRole('textbox', { name: 'Suggested passphrase' });
    const value = await suggestion.inputValue();
    assert.match(value, /^([2-9a-hjkmnp-z]{5}-){5}[2-9a-hjkmnp-z]{5}$/, 'six groups of five, no look-alikes');
    assert.ok(
      Number((await suggestion.evaluate((el) => getComputedStyle(el).fontSize)).replace('px', '')) >= 18,
      'the suggestion is in large type',
    );
    await dialog.getByRole('button', { name: 'Copy' }).click();
    await dialog
      .locator('.passphrase-copied')
      .filter({ hasText: /Copied|Copying did not work/ })
      .waitFor();
    await dialog.getByRole('button', { name: 'Suggest another' }).click();
    assert.notEqual(await suggestion.inputValue(), value, 'another suggestion');
    await screenshot(page, 'backup-wizard-passphrase', { fullPage: false });

    // The owner's own passphrase is checked as they type; the "written down" box is required.
    await dialog.getByRole('radio', { name: 'Choose my own' }).check();
    const own = dialog.getByRole('textbox', { name: /^Your passphrase/ });
    await own.pressSequentially('too short');
    await dialog.getByText('Choose a longer passphrase (at least 12 characters)', { exact: false }).waitFor();
    await own.pressSequentially(' but now long enough');
    await dialog.getByText('Choose a longer passphrase', { exact: false }).waitFor({ state: 'detached' });
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByText('Confirm that you have written down the passphrase', { exact: false }).waitFor();
    await dialog.getByRole('checkbox', { name: 'I have written down the passphrase' }).check();
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByRole('heading', { name: 'Step 3 of 5: When should backups run?' }).waitFor();
    await dialog.getByText('Once a month a full backup is made', { exact: false }).waitFor();
    await dialog.getByRole('radio', { name: 'Weekly' }).check();
    await dialog.getByLabel('Day of the week').selectOption('3');
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByRole('heading', { name: 'Step 4 of 5: What should be backed up?' }).waitFor();
    await dialog.getByRole('checkbox', { name: 'Calendars & contacts' }).waitFor();
    await dialog.getByRole('button', { name: 'Add folder' }).click();
    const extra = dialog.getByRole('textbox', { name: 'Folder 1' });
    await extra.pressSequentially('home/anna');
    await dialog.getByText('Enter a full path starting with /', { exact: false }).waitFor();
    await extra.fill('/home/anna');
    await dialog.getByRole('button', { name: 'Next' }).click();
    await dialog.getByRole('heading', { name: 'Step 5 of 5: Check and save' }).waitFor();
    await dialog
      .getByText(`FTP hausmeister@127.0.0.1:${closed}, folder /backups (FTPS, explicit)`, { exact: true })
      .waitFor();
    await dialog.getByText('Every Wednesday at 03:00').waitFor();
    await screenshot(page, 'backup-wizard-summary', { fullPage: false });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'detached' });

    // Nothing was saved: the switch still says why it cannot start.
    await serviceRow(page, 'backup').getByRole('switch').click();
    await serviceRow(page, 'backup').getByText('Backups are not set up yet.', { exact: false }).waitFor();
    await serviceRow(page, 'backup').getByRole('button', { name: 'Set up backups' }).click();
    await page.getByRole('dialog', { name: 'Backup settings' }).waitFor();
    await page.keyboard.press('Escape');

    await page.getByRole('button', { name: 'Deutsch' }).click();
    const german = await openWizard(page, 'Backup-Einstellungen');
    await german.getByRole('heading', { name: 'Schritt 1 von 5: Wohin sollen die Backups?' }).waitFor();
    await german.getByText('Am besten: eine USB-Festplatte und ein Ziel außer Haus').waitFor();
    await german.locator('[data-step="passphrase"]').click();
    await german.getByText('Ohne das Passwort sind die Backups wertlos').waitFor();
    await german
      .getByText('Ohne Schlüssel ist das Backup für Sie genauso wertlos wie für Dritte', { exact: false })
      .waitFor();
    await screenshot(page, 'backup-wizard-german', { fullPage: false });
  } finally {
    await cockpit.close();
  }
});

test('phone: the empty backup report explains the set-up, the wizard fits 375 px', async () => {
  const cockpit = await openCockpit(browser, {
    path: '/reporting#backup',
    viewport: { width: 375, height: 740 },
    isMobile: true,
  });
  const { page } = cockpit;
  try {
    await page.getByRole('tab', { name: 'Backup', selected: true }).waitFor();
    await page.getByRole('heading', { name: 'Backups are not set up yet' }).waitFor();
    await assertFitsWidth(page, 'empty backup report');
    await screenshot(page, 'backup-report-empty-phone');
    await page.getByRole('button', { name: 'Set up backups' }).click();
    const dialog = page.getByRole('dialog', { name: 'Backup settings' });
    await dialog.locator('[data-step-heading]').waitFor();
    await dialog.locator('[data-target="0"] select, [data-target="0"] .banner').first().waitFor();
    await assertFitsWidth(page, 'wizard, step 1');
    await screenshot(page, 'backup-wizard-phone', { fullPage: false });
    await dialog.locator('[data-step="passphrase"]').click();
    await dialog.getByRole('textbox', { name: 'Suggested passphrase' }).waitFor();
    await assertFitsWidth(page, 'wizard, passphrase');
    await screenshot(page, 'backup-wizard-passphrase-phone', { fullPage: false });
    await page.keyboard.press('Escape');

    // The tabs work with the keyboard too.
    await page.getByRole('tab', { name: 'Backup' }).focus();
    await page.keyboard.press('ArrowLeft');
    await page.getByRole('tab', { name: 'Services', selected: true }).waitFor();
    await page.locator('table tr[data-service="cockpit"]').waitFor();
  } finally {
    await cockpit.close();
  }
});

test(
  'USB disk: saved in the wizard, backed up now, the run in Reporting, one file restored',
  {
    skip: loopDiskSkip(),
  },
  async () => {
    const disk = await createLoopDisk({ sizeMiB: 128 });
    const source = await mkdtemp(path.join(tmpdir(), 'hm-backup-ui-src-'));
    const restoreInto = path.join(await mkdtemp(path.join(tmpdir(), 'hm-backup-ui-restore-')), 'restored');
    await mkdir(path.join(source, 'docs'), { recursive: true });
    await writeFile(path.join(source, 'docs', 'note.txt'), 'Hello from the backup browser test.\n');
    // A long folder, as scans or photos make one: the browser offers a filter and draws the first rows.
    // And one name from an old Windows disk, in Latin-1: it is backed up and shown as `ls -b` does.
    await writeFile(
      Buffer.concat([
        Buffer.from(path.join(source, 'docs', 'Brief an M')),
        Buffer.from([0xfc]),
        Buffer.from('ller.txt'),
      ]),
      'Sehr geehrter Herr Müller,\n',
    );
    for (let i = 1; i <= 400; i++)
      await writeFile(path.join(source, 'docs', `scan-${String(i).padStart(4, '0')}.pdf`), `scan ${i}\n`);
    // Incompressible bytes, so that the backup takes long enough to show its progress.
    await writeFile(path.join(source, 'video.bin'), randomBytes(24 * 1024 * 1024));
    const cockpit = await openCockpit(browser, { path: '/services' });
    const { page } = cockpit;
    try {
      const dialog = await openWizard(page);
      const card = dialog.locator('[data-target="0"]');
      const picker = card.getByRole('combobox', { name: /^USB disk/ });
      await picker.locator(`option[value="${disk.path}"]`).waitFor({ state: 'attached' });
      assert.match(await picker.locator(`option[value="${disk.path}"]`).innerText(), new RegExp(disk.label));
      await picker.selectOption(disk.path);
      const folder = card.getByRole('textbox', { name: /^Folder on the disk/ });
      assert.equal(await folder.inputValue(), `${disk.path}/hausmeister-backups`);
      await folder.fill('/elsewhere/backups');
      await card.getByText(`The folder must be on the chosen disk, below ${disk.path}.`).waitFor();
      await folder.fill(`${disk.path}/hausmeister-backups`);
      await card.getByRole('button', { name: 'Test connection' }).click();
      await card.getByText('The connection works').waitFor({ timeout: 30_000 });
      await screenshot(page, 'backup-wizard-usb-disk', { fullPage: false });

      await dialog.getByRole('button', { name: 'Next' }).click();
      await dialog.getByRole('checkbox', { name: 'I have written down the passphrase' }).check();
      await dialog.getByRole('button', { name: 'Next' }).click();
      await dialog.getByRole('button', { name: 'Next' }).click();
      await dialog.getByRole('button', { name: 'Add folder' }).click();
      await dialog.getByRole('textbox', { name: 'Folder 1' }).fill(source);
      await dialog.getByRole('button', { name: 'Next' }).click();
      await dialog.getByText(`USB disk ${disk.label}, folder ${disk.path}/hausmeister-backups`).waitFor();
      await dialog.locator('[data-action="save-backup"]').click();
      await dialog.getByText('Backup settings saved').waitFor();
      await screenshot(page, 'backup-wizard-saved', { fullPage: false });

      const overview = await cockpit.api!.request('GET', '/api/v1/backup');
      assert.equal(overview.body.settings.configured, true);
      assert.equal(overview.body.settings.enabled, true);
      assert.equal(overview.body.settings.targets[0].uuid, disk.uuid);
      assert.deepEqual(overview.body.settings.folders, [source]);
      await dialog.getByRole('button', { name: 'Close' }).last().click();
      await dialog.waitFor({ state: 'detached' });
      await serviceRow(page, 'backup').locator('[role="switch"][aria-checked="true"]').waitFor();

      // Reporting → Backup: "Back up now", its live progress, the finished run in the table.
      await page.getByRole('navigation').getByRole('link', { name: 'Reporting' }).click();
      await page.getByRole('tab', { name: 'Backup' }).click();
      await page.getByRole('heading', { name: 'Backup runs' }).waitFor();
      await page.evaluate(`(() => {
      window.__progressSeen = [];
      new MutationObserver(() => {
        const bar = document.querySelector('.backup-job [role="progressbar"]');
        if (bar) window.__progressSeen.push(bar.getAttribute('aria-valuetext'));
      }).observe(document.body, { subtree: true, childList: true, attributes: true });
    })()`);
      await page.locator('.backup-status [data-action="backup-now"]').click();
      const row = page.locator('tr[data-run-action="backup"][data-state="succeeded"]');
      await row.waitFor({ timeout: 90_000 });
      const seen = (await page.evaluate('window.__progressSeen')) as string[];
      assert.ok(seen.length > 0, 'the progress bar was shown while the backup ran');
      assert.ok(
        seen.some((text) => /files/.test(text)),
        `progress in words: ${seen.slice(-3).join(' | ')}`,
      );
      await row.getByText('Full backup').waitFor();
      await row.getByText('Succeeded').waitFor();
      await row.getByText(disk.label, { exact: false }).waitFor();
      await screenshot(page, 'backup-report');

      // Restore note.txt into a new folder.
      await page.locator('[data-action="restore"]').click();
      const restore = page.getByRole('dialog', { name: 'Restore files' });
      await restore.locator('.backup-choice input:checked').waitFor();
      for (const name of source.split('/').filter(Boolean)) {
        await restore.getByRole('button', { name: `Open folder ${name}` }).click();
      }
      await restore.getByRole('button', { name: 'Open folder docs' }).click();
      await restore.getByText('300 of 402 shown.', { exact: false }).waitFor();
      await restore.getByText('Brief an M\\xfcller.txt', { exact: true }).waitFor();
      await restore.locator('.entry-more').evaluate((more) => more.scrollIntoView({ block: 'center' }));
      await screenshot(page, 'backup-restore-long-folder', { fullPage: false });
      const filter = restore.getByRole('textbox', { name: 'Filter this folder by name' });
      await filter.fill('no such name');
      await restore.getByText('No name in this folder contains “no such name”.', { exact: false }).waitFor();
      await filter.fill('NOTE');
      assert.equal(await restore.locator('.entry').count(), 1, 'the filter leaves note.txt alone');
      await restore.getByRole('checkbox', { name: 'Restore note.txt' }).check();
      await filter.fill('brief');
      await restore.getByRole('checkbox', { name: 'Restore Brief an M\\xfcller.txt' }).check();
      await restore.getByText('Chosen: 2').waitFor();
      await restore.getByRole('radio', { name: 'To the original place' }).check();
      await restore.getByText('Files there are overwritten').waitFor();
      await restore.getByRole('radio', { name: 'Into a new folder' }).check();
      const into = restore.getByRole('textbox', { name: /^Folder to restore into/ });
      await into.pressSequentially('relative');
      await restore.getByText('Enter a full path starting with /', { exact: false }).waitFor();
      await into.fill(restoreInto);
      await screenshot(page, 'backup-restore-choose', { fullPage: false });
      await restore.locator('[data-action="start-restore"]').click();
      await restore.getByText('Restore finished').waitFor({ timeout: 60_000 });
      await restore.getByText('Files restored: 2.').waitFor();
      await screenshot(page, 'backup-restore-done', { fullPage: false });
      assert.equal(
        await readFile(path.join(restoreInto, source, 'docs', 'note.txt'), 'utf8'),
        'Hello from the backup browser test.\n',
      );
      const latin1Name = Buffer.concat([
        Buffer.from('Brief an M'),
        Buffer.from([0xfc]),
        Buffer.from('ller.txt'),
      ]);
      assert.equal(
        await readFile(
          Buffer.concat([Buffer.from(path.join(restoreInto, source, 'docs') + '/'), latin1Name]),
          'utf8',
        ),
        'Sehr geehrter Herr Müller,\n',
        'the Latin-1 name came back byte for byte',
      );

      // The same files onto a disk that can only be read: the restore says so, in words.
      await restore.getByRole('button', { name: 'Restore more' }).click();
      await restore.getByText('Chosen: 2').waitFor();
      await into.fill(path.join(disk.path, 'restored'));
      execFileSync('mount', ['-o', 'remount,ro', disk.path]);
      try {
        await restore.locator('[data-action="start-restore"]').click();
        await restore.getByText('Restore failed').waitFor({ timeout: 60_000 });
        await restore
          .getByText('is on a disk that can only be read (mounted read-only)', { exact: false })
          .waitFor();
        await screenshot(page, 'backup-restore-read-only-disk', { fullPage: false });
      } finally {
        execFileSync('mount', ['-o', 'remount,rw', disk.path]);
      }

      // Onto an exFAT USB stick: what it can hold is restored, the Latin-1 name is listed as left out.
      if (!loopDiskSkip('exfat')) {
        const stick = await createLoopDisk({ sizeMiB: 16, filesystem: 'exfat' });
        try {
          await restore.getByRole('button', { name: 'Restore more' }).click();
          await into.fill(path.join(stick.path, 'restored'));
          await restore.locator('[data-action="start-restore"]').click();
          await restore.getByText('Restore finished').waitFor({ timeout: 60_000 });
          await restore.getByText('Files restored: 1.').waitFor();
          await restore.getByText('Skipped: 1').waitFor();
          await restore
            .getByText('its name is not allowed on this disk (FAT, exFAT)', { exact: false })
            .waitFor();
          await screenshot(page, 'backup-restore-usb-stick', { fullPage: false });
        } finally {
          await stick.unmount();
        }
      }
      await restore.getByRole('button', { name: 'Close' }).last().click();
      await page.locator('tr[data-run-action="restore"][data-state="succeeded"]').first().waitFor();

      // "Verify backups" reads every file back; its run shows which target it checked, and how much.
      await page.locator('.backup-status [data-action="verify"]').click();
      const verified = page.locator('tr[data-run-action="verify"][data-state="succeeded"]');
      await verified.waitFor({ timeout: 60_000 });
      await verified.getByText(disk.label, { exact: false }).waitFor();
      await verified.getByText(/^[\d.]+ [kM]B in all$/).waitFor();

      // The same report on a phone: the runs are cards, nothing scrolls sideways.
      await page.setViewportSize({ width: 375, height: 740 });
      await assertFitsWidth(page, 'backup report on a phone');
      await screenshot(page, 'backup-report-phone');
      await page.locator('[data-action="restore"]').click();
      await restore.locator('.backup-choice input:checked').waitFor();
      await restore.getByRole('button', { name: 'Open folder tmp' }).waitFor();
      await assertFitsWidth(page, 'restore dialog on a phone');
      await screenshot(page, 'backup-restore-phone', { fullPage: false });
      await page.keyboard.press('Escape');

      await page.goto(`${cockpit.hausmeister.url}/configuration`);
      const backupCard = page.locator('[data-card="backups"]');
      await backupCard.getByText('Daily at 03:00; next backup:', { exact: false }).waitFor();
      await screenshot(page, 'backup-configuration-card-phone');
    } finally {
      await cockpit.close();
      await disk.unmount();
      await rm(source, { recursive: true, force: true });
      await rm(path.dirname(restoreInto), { recursive: true, force: true });
    }
  },
);
