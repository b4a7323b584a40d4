// The backup capability through the daemon's real API: settings with secrets that never come back,
// a backup to a real (loop-mounted) USB disk, the report, browsing and restoring, and bad input.
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { execFile, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import {
  createTestHausmeister,
  eventually,
  type ApiSession,
  type TestHausmeister,
} from '../harness/test-hausmeister.js';
import { createLoopDisk, loopDiskSkip, type LoopDisk } from '../peers/loop-disk.js';

const PASSPHRASE = 'correct-horse-battery-staple-42';
const execFileAsync = promisify(execFile);
const cliEntry = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../src/cli/run.ts');

describe('backups through the API', { skip: loopDiskSkip() }, () => {
  let hm: TestHausmeister;
  let api: ApiSession;
  let disk: LoopDisk;
  let home: string;

  before(async () => {
    disk = await createLoopDisk({ sizeMiB: 64 });
    home = await mkdtemp(path.join(tmpdir(), 'hm-backup-home-'));
    await mkdir(path.join(home, 'Documents'), { recursive: true });
    await writeFile(path.join(home, 'Documents', 'letter.txt'), 'Dear Anna,\n');
    await writeFile(path.join(home, 'notes.md'), '# Notes\n');
    hm = await createTestHausmeister();
    api = await hm.setupOwner();
  });

  after(async () => {
    await hm?.close();
    await disk?.unmount();
    await rm(home, { recursive: true, force: true });
  });

  const settings = (overrides: Record<string, unknown> = {}) => ({
    enabled: true,
    schedule: { frequency: 'daily', timeOfDay: '03:00' },
    maxAgeDays: 90,
    targets: [{ kind: 'local', path: path.join(disk.path, 'backups'), label: disk.label }],
    passphrase: PASSPHRASE,
    folders: [home],
    excludes: ['**/*.tmp'],
    excludedServices: [],
    verify: 'monthly',
    ...overrides,
  });

  const finished = (runId: number) =>
    eventually(
      async () => {
        const { body } = await api.request('GET', '/api/v1/backup/runs');
        const run = body.runs.find((r: { id: number; state: string }) => r.id === runId);
        return run && run.state !== 'running' ? run : null;
      },
      60_000,
      `run ${runId} to finish`,
    );

  it('refuses a backup before it is set up, and bad settings field by field', async () => {
    const run = await api.request('POST', '/api/v1/backup/run', {});
    assert.equal(run.status, 409);
    assert.equal(run.body.error.messageKey, 'backup.error.notConfigured');
    const start = await api.request('POST', '/api/v1/services/backup/start?wait=true');
    assert.equal(start.status, 409);

    const noDisk = await api.request(
      'PUT',
      '/api/v1/backup/settings',
      settings({ targets: [{ kind: 'local', path: '/tmp/x' }], passphrase: undefined }),
    );
    assert.equal(noDisk.status, 400);
    assert.deepEqual(noDisk.body.error.fields.map((f: { field: string }) => f.field).sort(), [
      'passphrase',
      'targets.0.path',
    ]);
    const badSchedule = await api.request(
      'PUT',
      '/api/v1/backup/settings',
      settings({ schedule: { frequency: 'daily', timeOfDay: '25:00' } }),
    );
    assert.equal(badSchedule.status, 400);
    assert.equal(badSchedule.body.error.fields[0].field, 'schedule.timeOfDay');
    const putTargets = (targets: unknown[]) =>
      api.request('PUT', '/api/v1/backup/settings', settings({ targets }));
    const refused = (response: { body: { error: { fields: { field: string; messageKey: string }[] } } }) =>
      response.body.error.fields.map((f) => `${f.field} ${f.messageKey}`).sort();
    const ftpWithoutPassword = await putTargets([
      { kind: 'ftp', host: 'ftp.example', port: 21, user: 'u', tls: 'explicit', folder: '/b' },
    ]);
    assert.equal(ftpWithoutPassword.status, 400);
    assert.equal(ftpWithoutPassword.body.error.fields[0].field, 'targets.0.password');
    // A target is one of three kinds: only what is wrong for the kind it names comes back.
    const badFtp = await putTargets([
      { kind: 'ftp', hostname: 'nas', port: 99999, user: 'u', tls: 'none', folder: 'backups' },
    ]);
    assert.equal(badFtp.status, 400);
    assert.deepEqual(refused(badFtp), [
      'targets.0.folder validation.pattern',
      'targets.0.host validation.required',
      'targets.0.hostname validation.additionalProperties',
      'targets.0.port validation.maximum',
    ]);
    const unknownKind = await api.request('POST', '/api/v1/backup/targets/test', {
      target: { kind: 'nfs', path: '/srv' },
    });
    assert.equal(unknownKind.status, 400);
    assert.deepEqual(refused(unknownKind), ['target.kind validation.discriminator']);
    const overview = await api.request('GET', '/api/v1/backup');
    assert.equal(overview.body.settings.configured, false, 'nothing was stored');
  });

  it('stores settings; the passphrase and secrets never come back', async () => {
    const saved = await api.request('PUT', '/api/v1/backup/settings', settings());
    assert.equal(saved.status, 200, JSON.stringify(saved.body));
    assert.equal(saved.body.configured, true);
    assert.equal(saved.body.passphrase.set, true);
    assert.ok(saved.body.nextRunAt);
    const text = JSON.stringify((await api.request('GET', '/api/v1/backup')).body);
    assert.ok(!text.includes(PASSPHRASE), 'the passphrase is not in the API');
    assert.ok(!hm.output().includes(PASSPHRASE), 'the passphrase is not in the log');
    const services = await api.request('GET', '/api/v1/services/backup');
    assert.equal(services.body.state, 'running', 'the backup switch is on');
  });

  it('tests the target: the disk is found by its label', async () => {
    const ok = await api.request('POST', '/api/v1/backup/targets/test', {
      target: { kind: 'local', path: path.join(disk.path, 'backups'), label: disk.label },
    });
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    const wrong = await api.request('POST', '/api/v1/backup/targets/test', {
      target: { kind: 'local', path: home, label: 'NOSUCHDISK' },
    });
    assert.equal(wrong.status, 503);
    assert.equal(wrong.body.error.messageKey, 'backup.target.error.diskNotMounted');
  });

  it('backs up, reports the run, lists, browses and restores into a new folder', async () => {
    await mkdir(path.join(disk.path, 'backups'), { recursive: true });
    const started = await api.request('POST', '/api/v1/backup/run', {});
    assert.equal(started.status, 202, JSON.stringify(started.body));
    const busy = await api.request('POST', '/api/v1/backup/run', {});
    if (busy.status !== 202) assert.equal(busy.body.error.messageKey, 'backup.error.busyBackup');
    const run = await finished(started.body.runId);
    assert.equal(run.state, 'succeeded', JSON.stringify(run));
    assert.equal(run.kind, 'full');
    assert.ok(run.files >= 2 && run.storedBytes > 0);
    assert.deepEqual(
      run.targets.map((t: { ok: boolean }) => t.ok),
      [true],
    );

    const { body: listing } = await api.request('GET', '/api/v1/backup/backups');
    assert.equal(listing.backups.length, 1);
    const id = listing.backups[0].id;
    const browsed = await api.request(
      'GET',
      `/api/v1/backup/backups/${id}/files?folder=${encodeURIComponent(home)}`,
    );
    assert.equal(browsed.status, 200, JSON.stringify(browsed.body));
    assert.deepEqual(
      browsed.body.entries.map((e: { name: string }) => e.name),
      ['Documents', 'notes.md'],
    );

    const into = await mkdtemp(path.join(tmpdir(), 'hm-restore-'));
    const restore = await api.request('POST', '/api/v1/backup/restore', {
      backupId: id,
      paths: [path.join(home, 'Documents')],
      destination: into,
    });
    assert.equal(restore.status, 202, JSON.stringify(restore.body));
    const restored = await finished(restore.body.runId);
    assert.equal(restored.state, 'succeeded', JSON.stringify(restored));
    assert.equal(await readFile(path.join(into, home, 'Documents', 'letter.txt'), 'utf8'), 'Dear Anna,\n');
    await rm(into, { recursive: true, force: true });
  });

  it('the command line runs, lists and restores backups', async () => {
    const cliArgs = () => ['--import', 'tsx', cliEntry, 'backup', '--url', hm.url, '--data-dir', hm.dataDir];
    const cli = (...args: string[]) =>
      execFileAsync(process.execPath, [...cliArgs(), ...args]).then(
        ({ stdout }) => ({ code: 0, stdout }),
        (error: { code: number; stdout: string }) => ({ code: error.code, stdout: String(error.stdout) }),
      );
    // Node's child_process passes arguments as UTF-8 text; xargs passes the bytes it reads as they are.
    const cliWithBytes = (...args: (string | Buffer)[]) =>
      new Promise<{ code: number | null; output: string }>((resolve, reject) => {
        const child = spawn('xargs', ['-0', process.execPath, ...cliArgs()]);
        let output = '';
        child.stdout.on('data', (chunk) => (output += chunk));
        child.stderr.on('data', (chunk) => (output += chunk));
        child.on('error', reject).on('close', (code) => resolve({ code, output }));
        child.stdin.end(Buffer.concat(args.map((a) => Buffer.concat([Buffer.from(a), Buffer.of(0)]))));
      });
    await writeFile(path.join(home, 'notes.md'), '# Notes\nchanged\n');
    // A file from an old Latin-1 disk: the shell hands its name over as bytes that are not UTF-8.
    const latin1 = Buffer.concat([
      Buffer.from(path.join(home, 'M')),
      Buffer.of(0xfc),
      Buffer.from('ller.txt'),
    ]);
    await writeFile(latin1, 'Sehr geehrter Herr M\u00fcller\n');
    const backedUp = await cli('run', '--json');
    assert.equal(backedUp.code, 0, backedUp.stdout);
    const run = JSON.parse(backedUp.stdout);
    assert.equal(run.state, 'succeeded');
    assert.equal(run.kind, 'incremental');
    const listed = JSON.parse((await cli('list', '--json')).stdout);
    assert.equal(listed[0].id, run.backupId);
    const into = await mkdtemp(path.join(tmpdir(), 'hm-cli-restore-'));
    const restored = await cli('restore', run.backupId, path.join(home, 'notes.md'), '--to', into);
    assert.equal(restored.code, 0, restored.stdout);
    assert.equal(await readFile(path.join(into, home, 'notes.md'), 'utf8'), '# Notes\nchanged\n');
    const byBytes = await cliWithBytes('restore', run.backupId, latin1, '--to', into);
    assert.equal(byBytes.code, 0, byBytes.output);
    const restoredName = Buffer.concat([Buffer.from(into), latin1]);
    assert.equal(await readFile(restoredName, 'utf8'), 'Sehr geehrter Herr M\u00fcller\n');
    const missing = Buffer.concat([Buffer.from(path.join(home, 'M')), Buffer.of(0xe4), Buffer.from('rz')]);
    const notThere = await cliWithBytes('restore', run.backupId, missing, '--to', into);
    assert.notEqual(notThere.code, 0);
    assert.ok(
      notThere.output.includes(`${path.join(home, 'M')}\\xe4rz is not in this backup`),
      notThere.output,
    );
    const unsafe = await cli('restore', run.backupId);
    assert.equal(unsafe.code, 2, 'a restore without --to or --in-place is refused');
    const runs = await cli('runs');
    assert.match(runs.stdout, /backup \(incremental\)\s+succeeded/);
    await rm(into, { recursive: true, force: true });
  });

  it('restores in place, but never over the running cockpit database', async () => {
    const { body: listing } = await api.request('GET', '/api/v1/backup/backups');
    const id = listing.backups[0].id;
    await writeFile(path.join(home, 'notes.md'), 'overwritten by mistake');
    const database = path.join(hm.dataDir, 'hausmeister.sqlite');
    const restore = await api.request('POST', '/api/v1/backup/restore', {
      backupId: id,
      paths: [path.join(home, 'notes.md'), database],
      destination: null,
    });
    assert.equal(restore.status, 202, JSON.stringify(restore.body));
    const run = await finished(restore.body.runId);
    assert.equal(run.state, 'succeeded', JSON.stringify(run));
    assert.equal(await readFile(path.join(home, 'notes.md'), 'utf8'), '# Notes\nchanged\n');
    assert.deepEqual(
      run.warnings.map((w: { messageKey: string; params: { path: string } }) => [
        w.messageKey,
        w.params.path,
      ]),
      [['backup.warning.inUse', database]],
    );
  });

  it('an unknown backup and a bad restore request are refused clearly', async () => {
    const bad = await api.request('POST', '/api/v1/backup/restore', {
      backupId: 'not-an-id',
      paths: [],
      destination: null,
    });
    assert.equal(bad.status, 400);
    const missing = await api.request('GET', '/api/v1/backup/backups/20200101T000000Z-full/files?folder=/');
    assert.equal(missing.status, 404);
    assert.equal(missing.body.error.messageKey, 'backup.error.backupMissing');
  });

  it('switching the service off stops the schedule; unauthenticated calls get 401', async () => {
    const stop = await api.request('POST', '/api/v1/services/backup/stop?wait=true');
    assert.equal(stop.status, 200, JSON.stringify(stop.body));
    const { body } = await api.request('GET', '/api/v1/backup');
    assert.equal(body.settings.enabled, false);
    assert.equal(body.settings.nextRunAt, null);
    const anonymous = await fetch(`${hm.url}/api/v1/backup`);
    assert.equal(anonymous.status, 401);
  });
});
