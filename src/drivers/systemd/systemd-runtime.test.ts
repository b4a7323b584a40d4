// The systemd runtime's command sequence and state handling, against a stand-in for systemctl.
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { RunSpec, RuntimeDriver, RuntimeStatus } from '../../capabilities/services/runtime-driver.js';
import type { CommandResult, CommandRunner } from '../command-runner/command-runner.js';
import { isHausmeisterError } from '../../errors.js';
import { createSilentLogger } from '../../logger.js';
import { createSystemdRuntime } from './systemd-runtime.js';
import { renderSystemdUnit } from './systemd-unit.js';

interface FakeUnit {
  ActiveState: string;
  SubState: string;
  MainPID: number;
  Result: string;
  ExecMainStatus: number;
  NRestarts: number;
}

const INACTIVE: FakeUnit = {
  ActiveState: 'inactive',
  SubState: 'dead',
  MainPID: 0,
  Result: 'success',
  ExecMainStatus: 0,
  NRestarts: 0,
};
const ACTIVE: FakeUnit = { ...INACTIVE, ActiveState: 'active', SubState: 'running', MainPID: 4242 };

/**
 * A fake, and only because no real part can run here: PID 1 on this machine is not systemd, so neither
 * systemctl nor journalctl work. It keeps one state per unit, answers show/start/stop/daemon-reload and
 * journalctl the way systemd does, and records every argv. `onStart` decides what a start leads to.
 */
function fakeSystemctlRunner(onStart: (unit: string) => Partial<FakeUnit> = () => ACTIVE) {
  const calls: string[][] = [];
  const units = new Map<string, FakeUnit>();
  const journal = new Map<string, string[]>();
  const answer = (exitCode: number, stdout = '', stderr = ''): CommandResult => ({
    exitCode,
    signal: null,
    stdout,
    stderr,
    timedOut: false,
  });
  const respond = (argv: readonly string[]): CommandResult => {
    const [program, verb, unit = '', ...rest] = argv;
    if (program === 'journalctl') {
      const count = Number(argv[argv.indexOf('-n') + 1]);
      const lines = journal.get(String(argv[argv.indexOf('-u') + 1])) ?? [];
      return answer(
        0,
        lines
          .slice(-count)
          .map((line) => `${line}\n`)
          .join(''),
      );
    }
    assert.equal(program, 'systemctl');
    switch (verb) {
      case 'daemon-reload':
        return answer(0);
      case 'start':
        units.set(unit, { ...INACTIVE, ...onStart(unit) });
        return answer(units.get(unit)?.ActiveState === 'failed' ? 1 : 0);
      case 'stop':
        units.set(unit, {
          ...(units.get(unit) ?? INACTIVE),
          ActiveState: 'inactive',
          SubState: 'dead',
          MainPID: 0,
        });
        return answer(0);
      case 'show': {
        const state = units.get(unit) ?? INACTIVE;
        const wanted = String(rest[rest.indexOf('-p') + 1]).split(',') as (keyof FakeUnit)[];
        return answer(0, wanted.map((key) => `${key}=${state[key]}\n`).join(''));
      }
      default:
        return answer(1, '', `unknown verb ${verb}`);
    }
  };
  const runner: CommandRunner = {
    async run(argv) {
      calls.push([...argv]);
      return respond(argv);
    },
    async runChecked(argv) {
      const result = await runner.run(argv);
      if (result.exitCode !== 0) throw new Error(`${argv.join(' ')} exited with ${result.exitCode}`);
      return result;
    },
  };
  /** The calls, each shortened to program, verb and unit. */
  const verbs = () => calls.map((argv) => argv.slice(0, 3).join(' ').replace(' -u', ''));
  return { runner, calls, verbs, units, journal };
}

let unitDir: string;
before(async () => {
  unitDir = await mkdtemp(path.join(tmpdir(), 'hausmeister-systemd-'));
});
after(async () => {
  await rm(unitDir, { recursive: true, force: true });
});

/** Status polling stays out of the way (and out of the recorded calls) unless a test asks for it. */
function runtimeWith(runner: CommandRunner, statusPollMs = 600_000): RuntimeDriver {
  return createSystemdRuntime({
    runner,
    unitDir,
    log: createSilentLogger(),
    timing: { statusPollMs, readinessPollMs: 5, noneReadyGraceMs: 1 },
  });
}

function spec(id: string, extra: Partial<RunSpec> = {}): RunSpec {
  return {
    id,
    argv: ['/usr/bin/radicale', '-C', `/etc/${id}.conf`],
    readiness: { kind: 'none' },
    logFile: '/unused/under/systemd',
    ...extra,
  };
}

const unitOf = (id: string) => `hausmeister-${id}.service`;

describe('systemd runtime', () => {
  it('writes the unit, reloads, starts it and reports it running', async () => {
    const fake = fakeSystemctlRunner();
    const runtime = runtimeWith(fake.runner);
    const status = await runtime.start(spec('first'));
    const verbs = fake.verbs();

    assert.equal(status.state, 'running');
    assert.equal(status.pid, 4242);
    assert.equal(
      await readFile(path.join(unitDir, unitOf('first')), 'utf8'),
      renderSystemdUnit(spec('first')),
    );
    const unit = unitOf('first');
    assert.deepEqual(verbs, [
      'systemctl daemon-reload',
      `systemctl show ${unit}`,
      `systemctl start ${unit}`,
      `systemctl show ${unit}`,
      `systemctl show ${unit}`, // still active after the grace: ready
    ]);
    assert.deepEqual(fake.calls[1], [
      'systemctl',
      'show',
      unit,
      '-p',
      'ActiveState,SubState,MainPID,Result,ExecMainStatus,NRestarts',
    ]);
    await runtime.stopAll();
  });

  it('skips daemon-reload when the unit is unchanged, and reloads when it changed', async () => {
    await runtimeWith(fakeSystemctlRunner().runner).start(spec('same'));

    // A new daemon run finds the unit file as it would write it.
    const fake = fakeSystemctlRunner();
    const runtime = runtimeWith(fake.runner);
    await runtime.start(spec('same'));
    assert.ok(!fake.verbs().includes('systemctl daemon-reload'));
    assert.ok(fake.verbs().includes(`systemctl start ${unitOf('same')}`));

    await runtime.stop('same');
    const changed = spec('same', { argv: ['/usr/bin/radicale', '-C', '/etc/other.conf'] });
    await runtime.start(changed);
    assert.equal(fake.verbs().filter((verb) => verb === 'systemctl daemon-reload').length, 1);
    assert.match(await readFile(path.join(unitDir, unitOf('same')), 'utf8'), /other\.conf/);
    await runtime.stopAll();
  });

  it('leaves an active unit alone: start is a no-op', async () => {
    const fake = fakeSystemctlRunner();
    const runtime = runtimeWith(fake.runner);
    await runtime.start(spec('busy'));
    fake.calls.length = 0;
    const status = await runtime.start(spec('busy'));
    assert.equal(status.state, 'running');
    assert.deepEqual(fake.verbs(), [`systemctl show ${unitOf('busy')}`]);
    await runtime.stopAll();
  });

  it('fails with the unit Result and the last journal line', async () => {
    const fake = fakeSystemctlRunner(() => ({
      ActiveState: 'failed',
      SubState: 'failed',
      Result: 'exit-code',
      ExecMainStatus: 3,
    }));
    fake.journal.set(unitOf('broken'), ['reading config', 'config broken: no port set', '']);
    const runtime = runtimeWith(fake.runner);

    await assert.rejects(runtime.start(spec('broken')), (error: unknown) => {
      assert.ok(isHausmeisterError(error));
      assert.equal(error.reason, 'START_FAILED');
      assert.equal(error.messageKey, 'runtime.error.startFailed');
      assert.equal(error.params.reason, 'exited with code 3: config broken: no port set');
      return true;
    });
    const status = runtime.status('broken');
    assert.equal(status.state, 'failed');
    assert.equal(status.reason, 'exited with code 3: config broken: no port set');
  });

  it('waits for the port under tcp readiness, and refuses a port another program holds', async () => {
    const servers: Server[] = [];
    const listen = async (port = 0) => {
      const server = createServer((socket) => socket.end());
      servers.push(server);
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      return (server.address() as { port: number }).port;
    };
    try {
      // The "service" starts listening only when systemd starts it.
      const port = await listen();
      await new Promise((resolve) => servers.pop()?.close(resolve));
      const fake = fakeSystemctlRunner(() => {
        void listen(port);
        return ACTIVE;
      });
      const runtime = runtimeWith(fake.runner);
      const readiness = { kind: 'tcp' as const, host: '127.0.0.1', port };
      assert.equal((await runtime.start(spec('web', { readiness }))).state, 'running');

      const squatted = await listen();
      await assert.rejects(
        runtime.start(spec('other', { readiness: { ...readiness, port: squatted } })),
        (error: unknown) => {
          assert.ok(isHausmeisterError(error));
          assert.equal(error.messageKey, 'runtime.error.portInUse');
          assert.deepEqual(error.params, { port: squatted });
          return true;
        },
      );
      assert.equal(runtime.status('other').reasonKey, 'runtime.reason.portInUse');
      assert.ok(!fake.verbs().includes(`systemctl start ${unitOf('other')}`));
      await runtime.stopAll();
    } finally {
      await Promise.all(servers.map((server) => new Promise((resolve) => server.close(resolve))));
    }
  });

  it('reports restarts and failures that systemd handles by itself, by polling', async () => {
    const fake = fakeSystemctlRunner();
    fake.journal.set(unitOf('crashy'), ['segfault in module x']);
    const runtime = runtimeWith(fake.runner, 10);
    await runtime.start(spec('crashy'));
    const unit = unitOf('crashy');

    const restarting = waitForStatus(runtime, 'crashy', (s) => s.state === 'starting');
    fake.units.set(unit, { ...ACTIVE, ActiveState: 'activating', SubState: 'auto-restart', MainPID: 0 });
    assert.equal((await restarting).pid, undefined);

    const back = waitForStatus(runtime, 'crashy', (s) => s.state === 'running' && s.restarts === 1);
    fake.units.set(unit, { ...ACTIVE, MainPID: 4343, NRestarts: 1 });
    assert.equal((await back).pid, 4343);

    const failed = waitForStatus(runtime, 'crashy', (s) => s.state === 'failed');
    fake.units.set(unit, {
      ...INACTIVE,
      ActiveState: 'failed',
      SubState: 'failed',
      Result: 'signal',
      ExecMainStatus: 9,
      NRestarts: 1,
    });
    assert.equal((await failed).reason, 'was killed by signal 9: segfault in module x');
    await runtime.stopAll();
  });

  it('stops with systemctl stop; stopping a unit it never knew is a no-op', async () => {
    const fake = fakeSystemctlRunner();
    const runtime = runtimeWith(fake.runner);
    await runtime.start(spec('halt'));
    const events: RuntimeStatus[] = [];
    runtime.onChange((status) => events.push(status));
    fake.calls.length = 0;

    const stopped = await runtime.stop('halt');
    assert.equal(stopped.state, 'stopped');
    assert.equal(stopped.pid, undefined);
    assert.deepEqual(fake.verbs(), [`systemctl stop ${unitOf('halt')}`, `systemctl show ${unitOf('halt')}`]);
    assert.deepEqual(
      events.map((event) => event.state),
      ['stopping', 'stopped'],
    );
    assert.equal((await runtime.stop('never-started')).state, 'stopped');
    await runtime.stopAll();
  });

  it('reads logs from the journal', async () => {
    const fake = fakeSystemctlRunner();
    fake.journal.set(unitOf('chatty'), ['one', 'two', 'three']);
    const runtime = runtimeWith(fake.runner);
    assert.deepEqual(await runtime.logs('chatty', 2), ['two', 'three']);
    assert.deepEqual(fake.calls.at(-1), [
      'journalctl',
      '-u',
      unitOf('chatty'),
      '-n',
      '2',
      '--no-pager',
      '-o',
      'cat',
    ]);
  });
});

/** Resolves with the first status (current or coming) that matches; the timer only guards a hang. */
function waitForStatus(
  runtime: RuntimeDriver,
  id: string,
  matches: (status: RuntimeStatus) => boolean,
  guardMs = 10_000,
): Promise<RuntimeStatus> {
  return new Promise((resolve, reject) => {
    if (matches(runtime.status(id))) return resolve(runtime.status(id));
    const guard = setTimeout(() => {
      off();
      reject(new Error(`no matching status for ${id}; last: ${JSON.stringify(runtime.status(id))}`));
    }, guardMs);
    const off = runtime.onChange((status) => {
      if (status.id !== id || !matches(status)) return;
      clearTimeout(guard);
      off();
      resolve(status);
    });
  });
}
