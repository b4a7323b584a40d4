// The capability's decisions (schedule, one job at a time, settings) against the real store and secret
// box; the job process is replaced by a recording launcher, since what is tested is when jobs start.
import assert from 'node:assert/strict';
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { createSilentLogger } from '../../logger.js';
import { BackupStore } from '../../store/backup-store.js';
import { openDatabase } from '../../store/database.js';
import { SecretBox } from '../../store/secret-box.js';
import type { BackupJobRequest } from './backup-job-protocol.js';
import type { SettingsInput } from './backup-settings.js';
import { Backups } from './backups.js';

const file = (path: string) => ({
  name: path.split('/').at(-1) ?? '',
  path,
  type: 'file',
  size: 1,
  mtimeMs: 1,
});
/** What a browse job answers for /srv: the folder and its subfolder, listed along. */
const LISTINGS = {
  listings: {
    '/srv': [
      { name: 'photos', path: '/srv/photos', type: 'dir', size: 1, mtimeMs: null },
      file('/srv/a.txt'),
    ],
    '/srv/photos': [file('/srv/photos/x.jpg')],
  },
};

async function setup(now: { value: Date }) {
  const requests: BackupJobRequest[] = [];
  let release: (value: unknown) => void = () => undefined;
  const dir = await mkdtemp(path.join(tmpdir(), 'hm-backups-'));
  const backups = new Backups({
    store: new BackupStore(openDatabase(':memory:')),
    secrets: await SecretBox.open(path.join(dir, 'key')),
    launcher: {
      run: (request) => {
        requests.push(request);
        if (request.action === 'prune') return Promise.resolve({ removed: [] });
        if (request.action === 'browse') return Promise.resolve(LISTINGS);
        return new Promise((resolve) => (release = resolve));
      },
    },
    layout: {
      cockpitSources: ['/data'],
      databases: [],
      skip: [],
      protect: [],
      jobStateDir: '/data/backup/job',
    },
    services: () => [],
    log: createSilentLogger(),
    onChange: () => undefined,
    now: () => now.value,
  });
  return { backups, requests, finish: (result: unknown) => release(result) };
}

const SETTINGS = {
  enabled: true,
  schedule: { frequency: 'daily', timeOfDay: '03:00' },
  maxAgeDays: 30,
  targets: [
    {
      kind: 'ftp',
      host: 'nas',
      port: 21,
      user: 'u',
      password: 'ftp-secret',
      tls: 'explicit',
      folder: '/b',
    },
  ],
  passphrase: 'a passphrase of some length',
  folders: [],
  excludes: [],
  excludedServices: [],
  verify: 'off',
} satisfies SettingsInput;

const backupResult = (id: string) => ({
  id,
  resumedVolumes: 0,
  kind: 'full',
  base: null,
  createdAt: '',
  finishedAt: '',
  stats: {
    files: 1,
    bytes: 1,
    newFiles: 1,
    changedFiles: 0,
    deletedFiles: 0,
    packedBytes: 1,
    storedBytes: 1,
    durationMs: 1,
    warnings: [],
  },
  targets: [{ target: 't', ok: true }],
});

describe('Backups', () => {
  it('stores a secret sealed, and runs a backup missed while the box was off, once', async () => {
    const now = { value: new Date(2026, 11, 1, 12, 0) };
    const { backups, requests, finish } = await setup(now);
    backups.saveSettings(SETTINGS, 'owner');
    assert.ok(!JSON.stringify(backups.settingsView()).includes('ftp-secret'));
    backups.tick();
    assert.equal(requests.length, 0, 'set up at noon: the first run is at 03:00 tomorrow');

    now.value = new Date(2026, 12 - 1, 4, 9, 0); // the box was off for three scheduled times
    backups.tick();
    assert.equal(requests.length, 1);
    const [request] = requests;
    assert.equal(request?.action, 'backup');
    assert.equal(
      request?.action === 'backup' && request.targets[0]?.kind === 'ftp' && request.targets[0].password,
      'ftp-secret',
    );
    backups.tick();
    assert.equal(requests.length, 1, 'one job at a time');
    assert.throws(() => backups.startBackup('auto', 'owner'), /busy/);

    finish(backupResult('20261204T080000Z-full'));
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(backups.runs(5)[0]?.state, 'succeeded');
    backups.tick();
    assert.equal(requests.filter((r) => r.action === 'backup').length, 1, 'caught up once, not three times');
  });

  it('says in the run that it completed a backup an interrupted run had begun', async () => {
    const now = { value: new Date(2026, 11, 4, 9, 0) };
    const { backups, finish } = await setup(now);
    backups.saveSettings(SETTINGS, 'owner');
    backups.startBackup('auto', 'owner');
    finish({ ...backupResult('20261204T030000Z-full'), resumedVolumes: 3 });
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    const [run] = backups.runs(1);
    assert.equal(run?.state, 'succeeded');
    assert.equal(run?.details?.resumedVolumes, 3);
  });

  it('refuses to switch on or run before it is set up', async () => {
    const { backups } = await setup({ value: new Date() });
    assert.throws(() => backups.setEnabled(true, 'owner'), /notConfigured/);
    assert.throws(() => backups.startBackup('auto', 'owner'), /notConfigured/);
  });

  it('reports what a restore left out, and the owners a USB stick cannot keep, in words', async () => {
    const { backups, finish } = await setup({ value: new Date() });
    backups.saveSettings(SETTINGS, 'owner');
    backups.startRestore(
      { backupId: '20261204T080000Z-full', paths: [], destination: '/media/stick' },
      'owner',
    );
    finish({
      backupId: '20261204T080000Z-full',
      target: 't',
      files: 2,
      bytes: 2,
      folders: 1,
      links: 0,
      skipped: [
        { path: '/srv/what?.txt', reason: 'nameNotPossible' },
        { path: '/srv/latest', reason: 'linkNotPossible' },
      ],
      ownersNotKept: 2,
    });
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    const [run] = backups.runs(1);
    assert.equal(run?.state, 'succeeded');
    assert.deepEqual(
      run?.warnings.map((w) => [w.messageKey, w.params]),
      [
        ['backup.warning.nameNotPossible', { path: '/srv/what?.txt' }],
        ['backup.warning.linkNotPossible', { path: '/srv/latest' }],
        ['backup.warning.ownersNotKept', { count: 2 }],
      ],
    );
  });

  it('walks down a backup from the listings it already has, and asks again after new settings', async () => {
    const { backups, requests } = await setup({ value: new Date() });
    backups.saveSettings(SETTINGS, 'owner');
    const browses = () => requests.filter((r) => r.action === 'browse').length;
    const names = async (folder: string) =>
      (await backups.browse('20261204T080000Z-full', folder)).entries.map((e) => e.name);
    assert.deepEqual(await names('/srv'), ['photos', 'a.txt']);
    assert.deepEqual(await names('/srv/photos/'), ['x.jpg']);
    assert.deepEqual(await names('/srv'), ['photos', 'a.txt']);
    assert.equal(browses(), 1, 'the subfolder came along, and the folder was kept');
    backups.saveSettings(SETTINGS, 'owner');
    await names('/srv');
    assert.equal(browses(), 2, 'other settings may mean other targets');
  });
});
