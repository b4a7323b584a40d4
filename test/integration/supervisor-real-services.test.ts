// The supervisor with the real Debian programs: Radicale answers CalDAV, smbd serves a share; both come
// back after kill -9 and leave nothing behind when stopped.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type {
  RunSpec,
  RuntimeDriver,
  RuntimeStatus,
} from '../../src/capabilities/services/runtime-driver.js';
import { createCommandRunner } from '../../src/drivers/command-runner/command-runner.js';
import { livingGroupMembers } from '../../src/drivers/supervisor/process-group.js';
import { probeTcp } from '../../src/drivers/supervisor/readiness.js';
import { createSupervisor } from '../../src/drivers/supervisor/supervisor.js';
import { createSilentLogger } from '../../src/logger.js';
import { freePort } from '../harness/test-hausmeister.js';
import { pgrep, processGroupOf } from '../peers/processes.js';

const RADICALE = '/usr/bin/radicale';
const SMBD = '/usr/sbin/smbd';
const SMBCLIENT = '/usr/bin/smbclient';

let dir: string;
let supervisor: RuntimeDriver;
/** A child in the test's own process group: if a service signalled our group, it would die too. */
let sentinel: ReturnType<typeof spawn>;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hausmeister-real-services-'));
  // smbd serves guests as `nobody`, who must be able to walk into the share.
  await chmod(dir, 0o755);
  supervisor = createSupervisor({
    log: createSilentLogger(),
    restartPolicy: { initialDelayMs: 10, maxDelayMs: 100 },
    timing: { readinessPollMs: 20 },
  });
  sentinel = spawn('sleep', ['600'], { stdio: 'ignore' });
});

after(async () => {
  await supervisor.stopAll();
  sentinel.kill();
  const leftovers = pgrep(dir);
  await rm(dir, { recursive: true, force: true });
  assert.deepEqual(leftovers, [], 'no radicale or smbd process of this test may be left');
});

describe(
  'Radicale under the supervisor',
  { skip: !existsSync(RADICALE) && `${RADICALE} is not installed` },
  () => {
    let port: number;
    let base: string;
    // With `[auth] type = none` Radicale takes any login; the user's own collections need one.
    const auth = { authorization: `Basic ${Buffer.from('owner:any').toString('base64')}` };

    before(async () => {
      port = await freePort();
      base = `http://127.0.0.1:${port}`;
      const home = path.join(dir, 'radicale');
      await mkdir(path.join(home, 'collections'), { recursive: true });
      await writeFile(
        path.join(home, 'radicale.conf'),
        [
          '[server]',
          `hosts = 127.0.0.1:${port}`,
          '[auth]',
          'type = none',
          '[storage]',
          `filesystem_folder = ${path.join(home, 'collections')}`,
          // Radicale 3.1 logs only warnings by default: its log would stay empty.
          '[logging]',
          'level = info',
          '',
        ].join('\n'),
      );
    });

    const spec = (): RunSpec => ({
      id: 'radicale',
      argv: [RADICALE, '-C', path.join(dir, 'radicale', 'radicale.conf')],
      cwd: path.join(dir, 'radicale'),
      readiness: { kind: 'tcp', host: '127.0.0.1', port },
      logFile: path.join(dir, 'logs', 'radicale.log'),
    });

    it('starts Radicale and answers CalDAV requests', async () => {
      const status = await supervisor.start(spec());
      assert.equal(status.state, 'running');

      const propfind = await fetch(`${base}/`, { method: 'PROPFIND', headers: { ...auth, depth: '0' } });
      assert.equal(propfind.status, 207);
      await propfind.text();

      const calendar = `${base}/owner/calendar/`;
      const made = await fetch(calendar, { method: 'MKCALENDAR', headers: auth });
      assert.equal(made.status, 201);
      const event = [
        'BEGIN:VCALENDAR',
        'VERSION:2.0',
        'PRODID:-//Hausmeister//test//EN',
        'BEGIN:VEVENT',
        'UID:supervisor-test-1',
        'DTSTAMP:20250101T000000Z',
        'DTSTART:20250102T100000Z',
        'DTEND:20250102T110000Z',
        'SUMMARY:Heizung ablesen',
        'END:VEVENT',
        'END:VCALENDAR',
        '',
      ].join('\r\n');
      const put = await fetch(`${calendar}reading.ics`, {
        method: 'PUT',
        headers: { ...auth, 'content-type': 'text/calendar' },
        body: event,
      });
      assert.equal(put.status, 201);
      const got = await fetch(`${calendar}reading.ics`, { headers: auth });
      assert.equal(got.status, 200);
      assert.match(await got.text(), /SUMMARY:Heizung ablesen/);
    });

    it('restarts Radicale after kill -9, and it still has the calendar', async () => {
      const before = supervisor.status('radicale');
      assert.ok(before.pid);
      const back = waitForStatus(supervisor, 'radicale', (s) => s.state === 'running' && s.restarts === 1);
      process.kill(before.pid, 'SIGKILL');
      const status = await back;
      assert.notEqual(status.pid, before.pid);
      const got = await fetch(`${base}/owner/calendar/reading.ics`, { headers: auth });
      assert.equal(got.status, 200);
      assert.match(await got.text(), /Heizung ablesen/);
    });

    it('stops Radicale: the port is closed and its process group is empty', async () => {
      const { pid } = supervisor.status('radicale');
      assert.ok(pid);
      assert.equal((await supervisor.stop('radicale')).state, 'stopped');
      assert.equal(await probeTcp('127.0.0.1', port), false);
      assert.deepEqual(await livingGroupMembers(pid), []);
      const log = await supervisor.logs('radicale', 50);
      assert.ok(log.some((line) => line.includes('Radicale server ready')));
      assert.match(log.at(-1) ?? '', /Stopping Radicale/, 'it stopped on SIGTERM, not SIGKILL');
    });
  },
);

describe(
  'smbd under the supervisor',
  { skip: (!existsSync(SMBD) || !existsSync(SMBCLIENT)) && 'samba or smbclient is not installed' },
  () => {
    let port: number;
    const runner = createCommandRunner({ defaultTimeoutMs: 20_000 });

    before(async () => {
      port = await freePort();
      const home = path.join(dir, 'samba');
      for (const sub of ['private', 'lock', 'state', 'cache', 'run', 'ncalrpc'])
        await mkdir(path.join(home, sub), { recursive: true });
      await mkdir(path.join(home, 'share'), { recursive: true });
      await chmod(home, 0o755);
      await chmod(path.join(home, 'share'), 0o755);
      await writeFile(path.join(home, 'share', 'hello.txt'), 'Hallo aus dem Keller\n');
      await chmod(path.join(home, 'share', 'hello.txt'), 0o644);
      await writeFile(
        path.join(home, 'smb.conf'),
        [
          '[global]',
          'server role = standalone server',
          'interfaces = lo',
          'bind interfaces only = yes',
          `smb ports = ${port}`,
          'disable netbios = yes',
          'load printers = no',
          'printing = bsd',
          'printcap name = /dev/null',
          'disable spoolss = yes',
          'map to guest = Bad User',
          'guest account = nobody',
          `passdb backend = tdbsam:${home}/private/passdb.tdb`,
          `private dir = ${home}/private`,
          `lock directory = ${home}/lock`,
          `state directory = ${home}/state`,
          `cache directory = ${home}/cache`,
          `pid directory = ${home}/run`,
          `ncalrpc dir = ${home}/ncalrpc`,
          '[share]',
          `path = ${home}/share`,
          'guest ok = yes',
          'read only = yes',
          '',
        ].join('\n'),
      );
    });

    const spec = (): RunSpec => ({
      id: 'samba',
      // --no-process-group: the supervisor already gave smbd its own session, where smbd's setsid() would
      // fail ("Failed to create session").
      argv: [
        SMBD,
        '--foreground',
        '--no-process-group',
        '--debug-stdout',
        '-s',
        path.join(dir, 'samba', 'smb.conf'),
      ],
      readiness: { kind: 'tcp', host: '127.0.0.1', port },
      logFile: path.join(dir, 'logs', 'samba.log'),
    });

    const listShare = () =>
      runner.run([SMBCLIENT, '-N', '-p', String(port), '//127.0.0.1/share', '-c', 'ls']);

    it('starts smbd in a process group of its own and serves the share to a guest', async () => {
      const status = await supervisor.start(spec());
      assert.equal(status.state, 'running');
      assert.ok(status.pid);
      assert.equal(processGroupOf(status.pid), status.pid);
      assert.notEqual(processGroupOf(status.pid), processGroupOf(process.pid));

      const listing = await listShare();
      assert.equal(listing.exitCode, 0, listing.stderr || listing.stdout);
      assert.match(listing.stdout, /hello\.txt/);
    });

    it('restarts smbd after kill -9, sweeping the helpers it left behind', async () => {
      const before = supervisor.status('samba');
      assert.ok(before.pid);
      const back = waitForStatus(supervisor, 'samba', (s) => s.state === 'running' && s.restarts === 1);
      process.kill(before.pid, 'SIGKILL');
      const status = await back;
      assert.notEqual(status.pid, before.pid);
      assert.deepEqual(await livingGroupMembers(before.pid), [], 'the old helpers are gone');
      const listing = await listShare();
      assert.equal(listing.exitCode, 0, listing.stderr || listing.stdout);
      assert.match(listing.stdout, /hello\.txt/);
    });

    it('stops smbd: port closed, group empty, and its shutdown spared our process group', async () => {
      const { pid } = supervisor.status('samba');
      assert.ok(pid);
      assert.equal((await supervisor.stop('samba')).state, 'stopped');
      assert.equal(await probeTcp('127.0.0.1', port), false);
      assert.deepEqual(await livingGroupMembers(pid), []);
      assert.equal(sentinel.exitCode, null, 'the sentinel in our process group is alive');
      assert.equal(sentinel.signalCode, null);
      assert.ok(await readFile(path.join(dir, 'logs', 'samba.log'), 'utf8'), 'smbd wrote to its log');
    });
  },
);

/** Resolves with the first status (current or coming) that matches; the timer only guards a hang. */
function waitForStatus(
  sup: RuntimeDriver,
  id: string,
  matches: (status: RuntimeStatus) => boolean,
  guardMs = 60_000,
): Promise<RuntimeStatus> {
  return new Promise((resolve, reject) => {
    if (matches(sup.status(id))) return resolve(sup.status(id));
    const guard = setTimeout(() => {
      off();
      reject(new Error(`no matching status for ${id}; last: ${JSON.stringify(sup.status(id))}`));
    }, guardMs);
    const off = sup.onChange((status) => {
      if (status.id !== id || !matches(status)) return;
      clearTimeout(guard);
      off();
      resolve(status);
    });
  });
}
