// The built-in service runtime: runs each service as a child in its own process group, waits until it
// is ready, restarts it with backoff when it crashes, and keeps its log.
import { setTimeout as delay } from 'node:timers/promises';
import type {
  RunSpec,
  RuntimeDriver,
  RuntimeState,
  RuntimeStatus,
} from '../../capabilities/services/runtime-driver.js';
import { HausmeisterError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import { DEFAULT_RESTART_POLICY, decideRestart, type RestartPolicy } from './backoff.js';
import { capServiceLog, DEFAULT_MAX_LOG_BYTES, openServiceLog, readLastLines } from './log-file.js';
import { forgetGroup, reapLeftovers, recordGroup } from './leftovers.js';
import { probeTcp, waitUntilReady } from './readiness.js';
import {
  describeExit,
  spawnServiceProcess,
  type ProcessExit,
  type ServiceProcess,
} from './service-process.js';

export interface SupervisorTiming {
  /** Pause between two readiness probes while a service starts. */
  readinessPollMs: number;
  /** How long a service with readiness `none` must stay alive to count as ready. */
  noneReadyGraceMs: number;
  /** How often the logs of running services are checked against the size cap. */
  logCheckIntervalMs: number;
}

export interface SupervisorOptions {
  log: Logger;
  restartPolicy?: Partial<RestartPolicy>;
  timing?: Partial<SupervisorTiming>;
  /** A service's log is rotated to `<file>.1` past this size. */
  maxLogBytes?: number;
  /** Where running process groups are recorded, so a restarted daemon can end the ones it orphaned. */
  stateDir?: string;
}

export const DEFAULT_TIMING: SupervisorTiming = {
  readinessPollMs: 100,
  noneReadyGraceMs: 500,
  logCheckIntervalMs: 60_000,
};
export const DEFAULT_READY_TIMEOUT_MS = 15_000;
export const DEFAULT_STOP_TIMEOUT_MS = 10_000;

/**
 * start() resolves once the service is ready and rejects with START_FAILED otherwise. A stop() while
 * the service starts cancels the start: the start promise rejects with START_FAILED (reason "stopped
 * while starting") and the service ends up 'stopped', not 'failed'.
 */
export function createSupervisor(options: SupervisorOptions): RuntimeDriver {
  return new Supervisor(options);
}

interface Supervised {
  spec: RunSpec;
  status: RuntimeStatus;
  /** The current run, from its spawn until it has exited and its group is swept. */
  process?: ServiceProcess;
  /** Pending start or automatic restart; a second start() joins it. */
  starting?: Promise<RuntimeStatus>;
  stopping?: Promise<RuntimeStatus>;
  /** Aborted by stop(): cancels a start in progress or a pending restart. */
  cancel: AbortController;
  crashTimes: number[];
}

type StatusChange = Partial<Pick<RuntimeStatus, 'pid' | 'reason' | 'reasonKey' | 'restarts'>>;

/** Why a launch did not reach 'running': what happened, and the last line the service wrote. */
class LaunchFailure extends Error {
  constructor(
    readonly what: string,
    readonly lastLine?: string,
    readonly key?: { reasonKey: string; messageKey: string; params: Record<string, string | number> },
  ) {
    super(withLine(what, lastLine));
  }

  get reason(): string {
    return this.message;
  }

  /** Anything else that goes wrong on the way (log folder not writable, empty argv…) fails the launch too. */
  static from(error: unknown): LaunchFailure {
    return error instanceof LaunchFailure
      ? error
      : new LaunchFailure((error as Error).message ?? String(error));
  }
}

/** Thrown inside a launch that stop() cancelled; stop() owns the state from then on. */
class Cancelled extends Error {}

class Supervisor implements RuntimeDriver {
  readonly name = 'supervisor' as const;
  readonly #log: Logger;
  readonly #policy: RestartPolicy;
  readonly #timing: SupervisorTiming;
  readonly #maxLogBytes: number;
  readonly #stateDir: string | undefined;
  readonly #services = new Map<string, Supervised>();
  readonly #listeners = new Set<(status: RuntimeStatus) => void>();
  readonly #createdAt = new Date().toISOString();
  #logTimer: NodeJS.Timeout | undefined;

  constructor(options: SupervisorOptions) {
    this.#log = options.log;
    this.#policy = { ...DEFAULT_RESTART_POLICY, ...options.restartPolicy };
    this.#timing = { ...DEFAULT_TIMING, ...options.timing };
    this.#maxLogBytes = options.maxLogBytes ?? DEFAULT_MAX_LOG_BYTES;
    this.#stateDir = options.stateDir;
  }

  async reapLeftovers(): Promise<void> {
    if (this.#stateDir) await reapLeftovers(this.#stateDir, this.#log);
  }

  /** Not async on purpose: two calls in the same tick must see each other's pending start. */
  start(spec: RunSpec): Promise<RuntimeStatus> {
    const known = this.#services.get(spec.id);
    if (known?.stopping) return known.stopping.then(() => this.start(spec));
    if (known?.starting && !known.cancel.signal.aborted) return known.starting;
    // A running service keeps its spec; callers stop it first to apply a changed one.
    if (known?.status.state === 'running') return Promise.resolve({ ...known.status });
    const svc = known ?? this.#register(spec);
    svc.spec = spec;
    svc.crashTimes = [];
    svc.cancel = new AbortController();
    return this.#track(svc, this.#startFresh(svc, svc.cancel.signal));
  }

  stop(id: string): Promise<RuntimeStatus> {
    const svc = this.#services.get(id);
    if (!svc) return Promise.resolve(this.status(id));
    if (svc.stopping) return svc.stopping;
    if (svc.status.state === 'stopped') return Promise.resolve({ ...svc.status });
    svc.cancel.abort();
    const promise = this.#halt(svc);
    svc.stopping = promise;
    const clear = () => {
      if (svc.stopping === promise) svc.stopping = undefined;
    };
    promise.then(clear, clear);
    return promise;
  }

  status(id: string): RuntimeStatus {
    const svc = this.#services.get(id);
    return svc ? { ...svc.status } : { id, state: 'stopped', since: this.#createdAt, restarts: 0 };
  }

  async logs(id: string, lines: number): Promise<string[]> {
    const svc = this.#services.get(id);
    return svc ? readLastLines(svc.spec.logFile, lines) : [];
  }

  onChange(listener: (status: RuntimeStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  async stopAll(): Promise<void> {
    clearInterval(this.#logTimer);
    this.#logTimer = undefined;
    const results = await Promise.allSettled([...this.#services.keys()].map((id) => this.stop(id)));
    for (const result of results)
      if (result.status === 'rejected') this.#log.error({ err: result.reason }, 'stopping a service failed');
  }

  #register(spec: RunSpec): Supervised {
    const svc: Supervised = {
      spec,
      status: { id: spec.id, state: 'stopped', since: new Date().toISOString(), restarts: 0 },
      cancel: new AbortController(),
      crashTimes: [],
    };
    this.#services.set(spec.id, svc);
    return svc;
  }

  /** Remembers a pending start so a second start() joins it; nobody need await it. */
  #track(svc: Supervised, promise: Promise<RuntimeStatus>): Promise<RuntimeStatus> {
    svc.starting = promise;
    const clear = () => {
      if (svc.starting === promise) svc.starting = undefined;
    };
    promise.then(clear, clear);
    return promise;
  }

  async #startFresh(svc: Supervised, cancel: AbortSignal): Promise<RuntimeStatus> {
    try {
      this.#setState(svc, 'starting', { restarts: 0 });
      return await this.#launch(svc, cancel);
    } catch (error) {
      if (error instanceof Cancelled || cancel.aborted) throw stoppedWhileStarting();
      const failure = LaunchFailure.from(error);
      this.#setState(svc, 'failed', { reason: failure.reason, reasonKey: failure.key?.reasonKey });
      this.#log.warn({ service: svc.spec.id, reason: failure.reason }, 'service did not start');
      throw failure.key
        ? new HausmeisterError('START_FAILED', {
            messageKey: failure.key.messageKey,
            params: failure.key.params,
            detail: failure.reason,
          })
        : startFailed(failure.reason);
    }
  }

  /** One run from spawn to ready, in state 'starting'. Never changes the state once cancelled. */
  async #launch(svc: Supervised, cancel: AbortSignal): Promise<RuntimeStatus> {
    const { spec } = svc;
    // Against a port that already answers, the readiness check would pass thanks to the other program.
    if (spec.readiness.kind === 'tcp' && (await probeTcp(spec.readiness.host, spec.readiness.port))) {
      const { port } = spec.readiness;
      throw new LaunchFailure(`port ${port} is already in use by another program`, undefined, {
        reasonKey: 'runtime.reason.portInUse',
        messageKey: 'runtime.error.portInUse',
        params: { port },
      });
    }
    if (cancel.aborted) throw new Cancelled();
    const log = await openServiceLog(spec.logFile, this.#maxLogBytes);
    if (cancel.aborted) {
      await log.close();
      throw new Cancelled();
    }
    let proc: ServiceProcess;
    try {
      proc = spawnServiceProcess(spec, { logFile: spec.logFile, logFd: log.fd, logOffset: log.offset });
    } finally {
      await log.close(); // the child has its own copy of the descriptor
    }
    svc.process = proc;
    const stateDir = this.#stateDir;
    const pgid = proc.pid;
    if (stateDir && pgid !== undefined) {
      await recordGroup(stateDir, spec.id, pgid);
      void proc.exited.then(() => forgetGroup(stateDir, spec.id, pgid)).catch(() => undefined);
    }
    void proc.exited.then((exit) => this.#onExit(svc, proc, exit));
    this.#watchLogSize();
    if (proc.pid !== undefined) this.#setState(svc, 'starting', { pid: proc.pid, reason: svc.status.reason });

    const timeoutMs = spec.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
    const outcome = await waitUntilReady(spec.readiness, {
      timeoutMs,
      pollMs: this.#timing.readinessPollMs,
      graceMs: this.#timing.noneReadyGraceMs,
      interrupt: AbortSignal.any([cancel, proc.exitSignal]),
    });
    if (cancel.aborted) throw new Cancelled();
    const exit = proc.exit();
    if (outcome === 'ready' && !exit) {
      this.#setState(svc, 'running', { pid: proc.pid });
      this.#log.info({ service: spec.id, pid: proc.pid }, 'service is running');
      return { ...svc.status };
    }
    await proc.kill();
    if (svc.process === proc) svc.process = undefined;
    if (cancel.aborted) throw new Cancelled();
    const lastLine = await proc.lastLine();
    const what = exit ? describeExit(exit) : `was not ready within ${seconds(timeoutMs)}`;
    throw new LaunchFailure(what, lastLine);
  }

  #onExit(svc: Supervised, proc: ServiceProcess, exit: ProcessExit): void {
    // While starting, #launch sees the exit itself; while stopping, it is expected.
    if (svc.process !== proc || svc.status.state !== 'running') return;
    this.#log.warn({ service: svc.spec.id, pid: proc.pid, exit: describeExit(exit) }, 'service crashed');
    const recovery = this.#recover(svc, proc, exit, svc.cancel.signal).catch((error: unknown) => {
      throw error instanceof Cancelled ? stoppedWhileStarting() : error;
    });
    this.#track(svc, recovery);
  }

  /** After a crash: restart with backoff until a run gets ready, or give up after too many crashes. */
  async #recover(
    svc: Supervised,
    crashed: ServiceProcess,
    exit: ProcessExit,
    cancel: AbortSignal,
  ): Promise<RuntimeStatus> {
    let lastLine = await crashed.lastLine();
    let what = describeExit(exit);
    await crashed.kill();
    if (svc.process === crashed) svc.process = undefined;
    for (;;) {
      if (cancel.aborted) throw new Cancelled();
      const decision = decideRestart(svc.crashTimes, Date.now(), this.#policy);
      svc.crashTimes = decision.recent;
      if (!decision.restart) {
        const reason = `crashed ${decision.crashes} times: ${lastLine ?? what}`;
        this.#setState(svc, 'failed', { reason });
        this.#log.error({ service: svc.spec.id, reason }, 'service keeps crashing; giving up');
        throw startFailed(reason);
      }
      this.#setState(svc, 'starting', {
        restarts: svc.status.restarts + 1,
        reason: `restarting after it ${withLine(what, lastLine)}`,
      });
      await delay(decision.delayMs, undefined, { signal: cancel }).catch(() => undefined);
      if (cancel.aborted) throw new Cancelled();
      try {
        return await this.#launch(svc, cancel);
      } catch (error) {
        if (error instanceof Cancelled || cancel.aborted) throw new Cancelled();
        // A restart that fails counts as one more crash.
        const failure = LaunchFailure.from(error);
        what = failure.what;
        lastLine = failure.lastLine;
      }
    }
  }

  async #halt(svc: Supervised): Promise<RuntimeStatus> {
    const proc = svc.process;
    this.#setState(svc, 'stopping', { pid: proc?.pid });
    try {
      await proc?.terminate(svc.spec.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS);
    } catch (error) {
      const reason = `could not be stopped: ${(error as Error).message}`;
      this.#setState(svc, 'failed', { pid: proc?.pid, reason });
      throw new HausmeisterError('STOP_FAILED', {
        messageKey: 'runtime.error.stopFailed',
        params: { reason },
        detail: reason,
        cause: error,
      });
    }
    if (svc.process === proc) svc.process = undefined;
    this.#setState(svc, 'stopped');
    this.#log.info({ service: svc.spec.id }, 'service stopped');
    return { ...svc.status };
  }

  #setState(svc: Supervised, state: RuntimeState, change: StatusChange = {}): void {
    const status: RuntimeStatus = {
      id: svc.spec.id,
      state,
      since: new Date().toISOString(),
      restarts: change.restarts ?? svc.status.restarts,
    };
    if (change.pid !== undefined) status.pid = change.pid;
    if (change.reason !== undefined) status.reason = change.reason;
    if (change.reasonKey !== undefined) status.reasonKey = change.reasonKey;
    svc.status = status;
    for (const listener of this.#listeners) {
      try {
        listener({ ...status });
      } catch (error) {
        this.#log.error({ err: error }, 'a runtime listener failed');
      }
    }
  }

  /** Output goes straight from the child to the file, so its size is checked from time to time. */
  #watchLogSize(): void {
    if (this.#logTimer) return;
    this.#logTimer = setInterval(() => {
      for (const svc of this.#services.values()) {
        if (!svc.process) continue;
        capServiceLog(svc.spec.logFile, this.#maxLogBytes).catch((error: unknown) =>
          this.#log.warn({ err: error, service: svc.spec.id }, 'cannot cap the log'),
        );
      }
    }, this.#timing.logCheckIntervalMs);
    this.#logTimer.unref();
  }
}

function startFailed(reason: string): HausmeisterError {
  return new HausmeisterError('START_FAILED', {
    messageKey: 'runtime.error.startFailed',
    params: { reason },
    detail: reason,
  });
}

function stoppedWhileStarting(): HausmeisterError {
  return startFailed('stopped while starting');
}

function withLine(what: string, lastLine: string | undefined): string {
  return lastLine ? `${what}: ${lastLine}` : what;
}

function seconds(ms: number): string {
  return `${Number((ms / 1000).toFixed(1))} s`;
}
