// The supervisor against real child processes: small `node -e` programs that serve, crash or hang.
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, afterEach, before, describe, it } from 'node:test';
import type { RunSpec, RuntimeDriver, RuntimeStatus } from '../../capabilities/services/runtime-driver.js';
import { isHausmeisterError } from '../../errors.js';
import { createSilentLogger } from '../../logger.js';
import { livingGroupMembers } from './process-group.js';
import { probeTcp } from './readiness.js';
import { createSupervisor } from './supervisor.js';
import { freePort } from '../../../test/harness/test-hausmeister.js';
import { pgrep, processGroupOf } from '../../../test/peers/processes.js';

// The fixtures' first argument is the port; the marker after it lets pgrep find leftovers of this file.
const SERVE = `const port = +process.argv[1];
console.log('starting on ' + port);
require('net').createServer((s) => s.end()).listen(port, '127.0.0.1', () => console.log('listening on ' + port));`;
const EXIT_3 = `console.log('reading config'); console.error('config broken: no port set'); process.exit(3);`;
const IGNORE_SIGTERM = `process.on('SIGTERM', () => console.log('ignoring SIGTERM')); ${SERVE}`;
const NEVER_READY = `console.log('warming up forever'); setInterval(() => {}, 1000);`;
const MANY_LINES = `for (let i = 1; i <= 5000; i++) console.log('line ' + i); ${SERVE}`;
/** Serves, unless the flag file (third argument) exists: then it crashes at once. */
const CRASH_WHEN_FLAGGED = `if (require('fs').existsSync(process.argv[3])) { console.log('crashing on purpose'); process.exit(1); }
${SERVE}`;

let dir: string;
let supervisor: RuntimeDriver;

before(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'hausmeister-supervisor-'));
});

afterEach(async () => {
  await supervisor?.stopAll();
});

after(async () => {
  const leftovers = pgrep(dir);
  await rm(dir, { recursive: true, force: true });
  assert.deepEqual(leftovers, [], 'no fixture process may outlive the tests');
});

function newSupervisor(): RuntimeDriver {
  supervisor = createSupervisor({
    log: createSilentLogger(),
    restartPolicy: { initialDelayMs: 1, maxDelayMs: 5, maxRestarts: 3, windowMs: 60_000 },
    timing: { readinessPollMs: 10, noneReadyGraceMs: 100 },
  });
  return supervisor;
}

function nodeSpec(id: string, program: string, port: number, extra: Partial<RunSpec> = {}): RunSpec {
  return {
    id,
    argv: [process.execPath, '-e', program, String(port), `--marker=${dir}`, path.join(dir, `${id}.flag`)],
    readiness: { kind: 'tcp', host: '127.0.0.1', port },
    readyTimeoutMs: 10_000,
    stopTimeoutMs: 2_000,
    logFile: path.join(dir, 'logs', `${id}.log`),
    ...extra,
  };
}

describe('supervisor', () => {
  it('starts a server in its own process group, reports it running, and stops it', async () => {
    const sup = newSupervisor();
    const port = await freePort();
    const events = record(sup);
    const status = await sup.start(nodeSpec('web', SERVE, port));

    assert.equal(status.state, 'running');
    assert.ok(status.pid);
    assert.equal(processGroupOf(status.pid), status.pid, 'the service leads its own process group');
    assert.notEqual(processGroupOf(process.pid), status.pid);
    assert.equal(await probeTcp('127.0.0.1', port), true);
    assert.equal((await stat(path.join(dir, 'logs', 'web.log'))).mode & 0o777, 0o600);
    assert.deepEqual(await sup.logs('web', 1), [`listening on ${port}`]);

    const stopped = await sup.stop('web');
    assert.equal(stopped.state, 'stopped');
    assert.equal(stopped.pid, undefined);
    assert.equal(await probeTcp('127.0.0.1', port), false);
    assert.deepEqual(await livingGroupMembers(status.pid), []);
    assert.deepEqual(dedupe(events.map((event) => event.state)), [
      'starting',
      'running',
      'stopping',
      'stopped',
    ]);
    assert.equal((await sup.stop('web')).state, 'stopped', 'stopping a stopped service is a no-op');
  });

  it('fails a service that exits before it is ready, with the exit code and its last log line', async () => {
    const sup = newSupervisor();
    const error = await sup.start(nodeSpec('broken', EXIT_3, await freePort())).then(
      () => assert.fail('start should fail'),
      (caught: unknown) => caught,
    );
    assert.ok(isHausmeisterError(error));
    assert.equal(error.reason, 'START_FAILED');
    assert.equal(error.messageKey, 'runtime.error.startFailed');
    assert.equal(error.params.reason, 'exited with code 3: config broken: no port set');
    const status = sup.status('broken');
    assert.equal(status.state, 'failed');
    assert.equal(status.reason, 'exited with code 3: config broken: no port set');
  });

  it('fails a program that cannot be run at all', async () => {
    const sup = newSupervisor();
    const spec = {
      ...nodeSpec('missing', SERVE, await freePort()),
      argv: ['/nonexistent/hausmeister-no-such-program'],
    };
    await assert.rejects(sup.start(spec), (error: unknown) => {
      assert.ok(isHausmeisterError(error));
      assert.match(String(error.params.reason), /could not be run \(.*ENOENT/);
      return true;
    });
    assert.equal(sup.status('missing').state, 'failed');
  });

  it('fails, instead of hanging in starting, when the log cannot be opened', async () => {
    const sup = newSupervisor();
    await writeFile(path.join(dir, 'not-a-folder'), '');
    const spec = nodeSpec('unloggable', SERVE, await freePort(), {
      logFile: path.join(dir, 'not-a-folder', 'x.log'),
    });
    await assert.rejects(sup.start(spec), /ENOTDIR|EEXIST/);
    assert.equal(sup.status('unloggable').state, 'failed');
  });

  it('kills a service that ignores SIGTERM once the stop timeout has passed', async () => {
    const sup = newSupervisor();
    const { pid } = await sup.start(
      nodeSpec('stubborn', IGNORE_SIGTERM, await freePort(), { stopTimeoutMs: 300 }),
    );
    assert.ok(pid);
    const began = Date.now();
    assert.equal((await sup.stop('stubborn')).state, 'stopped');
    assert.ok(Date.now() - began >= 300, 'SIGKILL only after the stop timeout');
    assert.deepEqual(await livingGroupMembers(pid), []);
    assert.ok((await sup.logs('stubborn', 5)).includes('ignoring SIGTERM'), 'SIGTERM came first');
  });

  it('restarts a service that crashes after it was ready, and counts the restart', async () => {
    const sup = newSupervisor();
    const port = await freePort();
    const first = await sup.start(nodeSpec('crashy', SERVE, port));
    assert.ok(first.pid);
    const events = record(sup);
    const back = waitForStatus(sup, 'crashy', (s) => s.state === 'running' && s.restarts === 1);
    process.kill(first.pid, 'SIGKILL');
    const status = await back;

    assert.notEqual(status.pid, first.pid);
    assert.equal(await probeTcp('127.0.0.1', port), true);
    const restart = events.find((event) => event.state === 'starting' && event.restarts === 1);
    assert.match(restart?.reason ?? '', /was killed by SIGKILL: listening on/);
    assert.equal(events.at(-1)?.reason, undefined, 'running again clears the reason');
  });

  it('gives up after too many crashes within the window', async () => {
    const sup = newSupervisor();
    const spec = nodeSpec('doomed', CRASH_WHEN_FLAGGED, await freePort());
    const { pid } = await sup.start(spec);
    assert.ok(pid);
    const failed = waitForStatus(sup, 'doomed', (s) => s.state === 'failed');
    await writeFile(path.join(dir, 'doomed.flag'), '');
    process.kill(pid, 'SIGKILL');
    const status = await failed;

    // maxRestarts is 3: the crash after ready and three failed restarts make four crashes.
    assert.equal(status.restarts, 3);
    assert.equal(status.reason, 'crashed 4 times: crashing on purpose');
    assert.equal(await probeTcp('127.0.0.1', spec.readiness.kind === 'tcp' ? spec.readiness.port : 0), false);
    // An explicit start begins anew.
    await rm(path.join(dir, 'doomed.flag'));
    const again = await sup.start(spec);
    assert.equal(again.state, 'running');
    assert.equal(again.restarts, 0);
  });

  it('starts one process only when start is called twice at once', async () => {
    const sup = newSupervisor();
    const spec = nodeSpec('twice', SERVE, await freePort());
    const [a, b] = await Promise.all([sup.start(spec), sup.start(spec)]);
    assert.equal(a.pid, b.pid);
    assert.equal((await sup.start(spec)).pid, a.pid, 'starting a running service is a no-op');
    assert.equal(pgrep(`${dir} ${path.join(dir, 'twice.flag')}`).length, 1);
  });

  it('refuses to start when another program already answers on the port', async () => {
    const sup = newSupervisor();
    const other = createServer((socket) => socket.end());
    await new Promise<void>((resolve) => other.listen(0, '127.0.0.1', resolve));
    const { port } = other.address() as { port: number };
    try {
      await assert.rejects(sup.start(nodeSpec('squatted', SERVE, port)), (error: unknown) => {
        assert.ok(isHausmeisterError(error));
        assert.equal(error.reason, 'START_FAILED');
        assert.equal(error.messageKey, 'runtime.error.portInUse');
        assert.deepEqual(error.params, { port });
        return true;
      });
      const status = sup.status('squatted');
      assert.equal(status.state, 'failed');
      assert.equal(status.reasonKey, 'runtime.reason.portInUse');
      assert.deepEqual(await sup.logs('squatted', 5), [], 'the program never ran');
    } finally {
      await new Promise((resolve) => other.close(resolve));
    }
  });

  it('cancels a start when stopped while starting: start rejects, the service ends stopped', async () => {
    const sup = newSupervisor();
    const spawned = waitForStatus(sup, 'slow', (s) => s.state === 'starting' && s.pid !== undefined);
    const starting = sup.start(nodeSpec('slow', NEVER_READY, await freePort()));
    const { pid } = await spawned;
    assert.ok(pid);

    const stopped = await sup.stop('slow');
    assert.equal(stopped.state, 'stopped');
    await assert.rejects(starting, (error: unknown) => {
      assert.ok(isHausmeisterError(error));
      assert.equal(error.params.reason, 'stopped while starting');
      return true;
    });
    assert.equal(sup.status('slow').state, 'stopped');
    assert.deepEqual(await livingGroupMembers(pid), []);
  });

  it('fails a service that is not ready within its timeout', async () => {
    const sup = newSupervisor();
    const spec = nodeSpec('late', NEVER_READY, await freePort(), { readyTimeoutMs: 2_000 });
    await assert.rejects(sup.start(spec), /was not ready within 2 s: warming up forever/);
    assert.equal(sup.status('late').state, 'failed');
    assert.deepEqual(pgrep(`${dir} ${path.join(dir, 'late.flag')}`), []);
  });

  it('counts a service without readiness check as ready once it stays alive', async () => {
    const sup = newSupervisor();
    const alive = await sup.start(nodeSpec('quiet', NEVER_READY, 0, { readiness: { kind: 'none' } }));
    assert.equal(alive.state, 'running');
  });

  it('fails a service without readiness check that exits during the grace time', async () => {
    // A long grace: the exit ends the wait at once, however slowly node starts on a busy machine.
    supervisor = createSupervisor({ log: createSilentLogger(), timing: { noneReadyGraceMs: 60_000 } });
    await assert.rejects(
      supervisor.start(nodeSpec('gone', EXIT_3, 0, { readiness: { kind: 'none' } })),
      /exited with code 3: config broken/,
    );
  });

  it('returns the last lines of the log', async () => {
    const sup = newSupervisor();
    const port = await freePort();
    await sup.start(nodeSpec('chatty', MANY_LINES, port));
    assert.deepEqual(await sup.logs('chatty', 3), [
      'line 5000',
      `starting on ${port}`,
      `listening on ${port}`,
    ]);
    assert.equal((await sup.logs('chatty', 10_000)).length, 5000 + 2);
    assert.deepEqual(await sup.logs('unknown', 3), []);
  });

  it('stops every service with stopAll', async () => {
    const sup = newSupervisor();
    const a = await sup.start(nodeSpec('one', SERVE, await freePort()));
    const b = await sup.start(nodeSpec('two', IGNORE_SIGTERM, await freePort(), { stopTimeoutMs: 200 }));
    await sup.stopAll();
    assert.equal(sup.status('one').state, 'stopped');
    assert.equal(sup.status('two').state, 'stopped');
    for (const pid of [a.pid, b.pid]) assert.deepEqual(await livingGroupMembers(pid ?? 0), []);
  });
});

/** Every status change, in order. */
function record(sup: RuntimeDriver): RuntimeStatus[] {
  const events: RuntimeStatus[] = [];
  sup.onChange((status) => events.push(status));
  return events;
}

/** Resolves with the first status (current or coming) that matches; the timer only guards a hang. */
function waitForStatus(
  sup: RuntimeDriver,
  id: string,
  matches: (status: RuntimeStatus) => boolean,
  guardMs = 30_000,
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

function dedupe<T>(items: T[]): T[] {
  return items.filter((item, index) => index === 0 || items[index - 1] !== item);
}
