// One run of a service: a child in a process group of its own, its output appended to the service's log.
import { spawn } from 'node:child_process';
import { setTimeout as delay } from 'node:timers/promises';
import type { RunSpec } from '../../capabilities/services/runtime-driver.js';
import { readLastLines } from './log-file.js';
import { livingGroupMembers, signalGroup, waitForGroupGone } from './process-group.js';

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the program could not be run at all (missing, not executable, bad cwd). */
  error?: string;
}

export interface ServiceProcess {
  /** Also the id of its process group. Undefined only when the program could not be run. */
  readonly pid: number | undefined;
  readonly exited: Promise<ProcessExit>;
  /** Aborted when the main process has exited. */
  readonly exitSignal: AbortSignal;
  exit(): ProcessExit | undefined;
  /** SIGTERM to the group, SIGKILL after `timeoutMs`; then kills what the main process left behind. */
  terminate(timeoutMs: number): Promise<void>;
  /** SIGKILL to the group. */
  kill(): Promise<void>;
  /** The last meaningful line this run wrote to the log, for reasons shown to the user. */
  lastLine(): Promise<string | undefined>;
}

export interface SpawnOptions {
  logFile: string;
  logFd: number;
  logOffset: number;
}

/** SIGKILL cannot be ignored, but a process in uninterruptible sleep takes it late; don't wait forever. */
const KILL_WAIT_MS = 5_000;
const MAX_REASON_LINE = 300;

/**
 * A service starts with a clean environment, as under systemd: the daemon's own may carry its settings
 * and tokens. These few basics are passed on; the spec adds the rest.
 */
const INHERITED_ENV = ['PATH', 'LANG', 'LC_ALL', 'TZ', 'HOME', 'USER', 'LOGNAME', 'TMPDIR'];

export function serviceEnvironment(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const name of INHERITED_ENV) {
    const value = process.env[name];
    if (value !== undefined) env[name] = value;
  }
  env.PATH ??= '/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin';
  return { ...env, ...extra };
}

export function spawnServiceProcess(spec: RunSpec, options: SpawnOptions): ServiceProcess {
  const [program, ...args] = spec.argv;
  if (!program) throw new Error(`service ${spec.id} has an empty argv`);
  // detached: the child calls setsid(), so it leads a new session and process group whose id is its
  // pid. Signalling -pid then reaches every helper it forks, and whatever it signals on shutdown
  // (smbd signals its whole group) stays away from the daemon.
  const child = spawn(program, args, {
    cwd: spec.cwd,
    env: serviceEnvironment(spec.env),
    detached: true,
    stdio: ['ignore', options.logFd, options.logFd],
  });
  const pid = child.pid;
  const exitController = new AbortController();
  let exit: ProcessExit | undefined;
  const exited = new Promise<ProcessExit>((resolve) => {
    const finish = (result: ProcessExit) => {
      if (exit) return;
      exit = result;
      exitController.abort();
      resolve(result);
    };
    child.once('exit', (code, signal) => finish({ code, signal }));
    child.once('error', (error) => {
      // 'error' also reports failed kill() calls; only a child that never ran ends here.
      if (child.pid === undefined) finish({ code: null, signal: null, error: error.message });
    });
  });

  const exitWithin = async (ms: number): Promise<boolean> => {
    if (exit) return true;
    const timer = new AbortController();
    const timedOut = delay(ms, false, { signal: timer.signal }).catch(() => false);
    const result = await Promise.race([exited.then(() => true), timedOut]);
    timer.abort();
    return result;
  };

  // Helpers the service forked may outlive it (smbd's do) and would keep its port.
  const sweepGroup = async () => {
    if (pid === undefined || (await livingGroupMembers(pid)).length === 0) return;
    signalGroup(pid, 'SIGKILL');
    await waitForGroupGone(pid, KILL_WAIT_MS);
  };

  return {
    pid,
    exited,
    exitSignal: exitController.signal,
    exit: () => exit,
    async terminate(timeoutMs) {
      if (pid !== undefined && !exit) {
        signalGroup(pid, 'SIGTERM');
        if (!(await exitWithin(timeoutMs))) {
          signalGroup(pid, 'SIGKILL');
          await exitWithin(KILL_WAIT_MS);
        }
      }
      await sweepGroup();
    },
    async kill() {
      if (pid !== undefined && !exit) {
        signalGroup(pid, 'SIGKILL');
        await exitWithin(KILL_WAIT_MS);
      }
      await sweepGroup();
    },
    async lastLine() {
      const lines = await readLastLines(options.logFile, 20, options.logOffset);
      const line = lines.map((text) => text.trim()).findLast((text) => text !== '');
      return line && line.length > MAX_REASON_LINE ? `${line.slice(0, MAX_REASON_LINE)}…` : line;
    },
  };
}

/** How a run ended, in plain words: "exited with code 3", "was killed by SIGKILL". */
export function describeExit(exit: ProcessExit): string {
  if (exit.error !== undefined) return `could not be run (${exit.error})`;
  if (exit.code !== null) return `exited with code ${exit.code}`;
  return `was killed by ${exit.signal ?? 'an unknown signal'}`;
}
