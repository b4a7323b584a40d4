// The service runtime of a real install: one systemd unit per service, driven through systemctl.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import type { RunSpec, RuntimeDriver, RuntimeStatus } from '../../capabilities/services/runtime-driver.js';
import type { CommandRunner } from '../command-runner/command-runner.js';
import { HausmeisterError } from '../../errors.js';
import { writeFileAtomic } from '../../files/atomic-write.js';
import type { Logger } from '../../logger.js';
import { probeTcp } from '../supervisor/readiness.js';
import {
  failureReason,
  parseUnitState,
  runtimeStateOf,
  SHOW_PROPERTIES,
  type UnitState,
} from './systemd-state.js';
import { DEFAULT_STOP_TIMEOUT_MS, renderSystemdUnit, unitName } from './systemd-unit.js';

export interface SystemdTiming {
  /** How often known units are asked for their state, to report crashes and restarts. */
  statusPollMs: number;
  /** Pause between two checks while a unit starts. */
  readinessPollMs: number;
  /** How long a unit with readiness `none` must stay active to count as ready. */
  noneReadyGraceMs: number;
}

export interface SystemdRuntimeOptions {
  runner: CommandRunner;
  unitDir: string;
  log: Logger;
  timing?: Partial<SystemdTiming>;
}

export const DEFAULT_SYSTEMD_TIMING: SystemdTiming = {
  statusPollMs: 3_000,
  readinessPollMs: 200,
  noneReadyGraceMs: 500,
};
const DEFAULT_READY_TIMEOUT_MS = 15_000;
/** systemctl itself waits for the job; give it the unit's own timeout plus this. */
const SYSTEMCTL_MARGIN_MS = 5_000;
/** systemctl's exit status for "unit not loaded", e.g. stopping a unit that was never written. */
const EXIT_UNIT_NOT_LOADED = 5;

/**
 * start() writes the unit (only when its text changed, then daemon-reload), runs `systemctl start` and
 * resolves once the unit is active and its readiness check passes. As with the supervisor, a stop()
 * during a start makes the start reject with START_FAILED ("stopped while starting").
 */
export function createSystemdRuntime(options: SystemdRuntimeOptions): RuntimeDriver {
  return new SystemdRuntime(options);
}

interface Known {
  id: string;
  spec?: RunSpec;
  status: RuntimeStatus;
  starting?: Promise<RuntimeStatus>;
  stopping?: Promise<RuntimeStatus>;
  cancel: AbortController;
}

class SystemdRuntime implements RuntimeDriver {
  readonly name = 'systemd' as const;
  readonly #runner: CommandRunner;
  readonly #unitDir: string;
  readonly #log: Logger;
  readonly #timing: SystemdTiming;
  readonly #known = new Map<string, Known>();
  readonly #listeners = new Set<(status: RuntimeStatus) => void>();
  readonly #createdAt = new Date().toISOString();
  #pollTimer: NodeJS.Timeout | undefined;
  #polling = false;

  constructor(options: SystemdRuntimeOptions) {
    this.#runner = options.runner;
    this.#unitDir = options.unitDir;
    this.#log = options.log;
    this.#timing = { ...DEFAULT_SYSTEMD_TIMING, ...options.timing };
  }

  start(spec: RunSpec): Promise<RuntimeStatus> {
    const entry = this.#entry(spec.id);
    if (entry.stopping) return entry.stopping.then(() => this.start(spec));
    if (entry.starting && !entry.cancel.signal.aborted) return entry.starting;
    entry.spec = spec;
    entry.cancel = new AbortController();
    const promise = this.#start(entry, spec, entry.cancel.signal);
    entry.starting = promise;
    const clear = () => {
      if (entry.starting === promise) entry.starting = undefined;
    };
    promise.then(clear, clear);
    this.#pollStatus();
    return promise;
  }

  stop(id: string): Promise<RuntimeStatus> {
    const entry = this.#entry(id);
    if (entry.stopping) return entry.stopping;
    entry.cancel.abort();
    const promise = this.#stop(entry);
    entry.stopping = promise;
    const clear = () => {
      if (entry.stopping === promise) entry.stopping = undefined;
    };
    promise.then(clear, clear);
    return promise;
  }

  status(id: string): RuntimeStatus {
    const entry = this.#known.get(id);
    return entry ? { ...entry.status } : { id, state: 'stopped', since: this.#createdAt, restarts: 0 };
  }

  async logs(id: string, lines: number): Promise<string[]> {
    if (lines <= 0) return [];
    const result = await this.#runner.run([
      'journalctl',
      '-u',
      unitName(id),
      '-n',
      String(Math.floor(lines)),
      '--no-pager',
      '-o',
      'cat',
    ]);
    const output = result.stdout.split('\n');
    if (output.at(-1) === '') output.pop();
    return output;
  }

  onChange(listener: (status: RuntimeStatus) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Units are meant to outlive the daemon: systemd keeps them, and start() finds them active. */
  async reapLeftovers(): Promise<void> {}

  async stopAll(): Promise<void> {
    clearInterval(this.#pollTimer);
    this.#pollTimer = undefined;
    const started = [...this.#known.values()].filter((entry) => entry.spec).map((entry) => entry.id);
    const results = await Promise.allSettled(started.map((id) => this.stop(id)));
    for (const result of results)
      if (result.status === 'rejected') this.#log.error({ err: result.reason }, 'stopping a unit failed');
  }

  #entry(id: string): Known {
    let entry = this.#known.get(id);
    if (!entry) {
      entry = {
        id,
        status: { id, state: 'stopped', since: new Date().toISOString(), restarts: 0 },
        cancel: new AbortController(),
      };
      this.#known.set(id, entry);
    }
    return entry;
  }

  async #start(entry: Known, spec: RunSpec, cancel: AbortSignal): Promise<RuntimeStatus> {
    const unit = unitName(spec.id);
    if (await this.#writeUnit(spec)) await this.#systemctl(['daemon-reload']);
    let state = await this.#show(unit);
    // Already up (started by an earlier run of the daemon, or by hand): nothing to do.
    if (runtimeStateOf(state) === 'running') return this.#apply(entry, state);
    if (spec.readiness.kind === 'tcp' && (await probeTcp(spec.readiness.host, spec.readiness.port))) {
      const { port } = spec.readiness;
      const reason = `port ${port} is already in use by another program`;
      this.#set(entry, { state: 'failed', reason, reasonKey: 'runtime.reason.portInUse' });
      throw new HausmeisterError('START_FAILED', {
        messageKey: 'runtime.error.portInUse',
        params: { port },
        detail: reason,
      });
    }
    if (cancel.aborted) throw stoppedWhileStarting();
    this.#set(entry, { state: 'starting' });
    const timeoutMs = spec.readyTimeoutMs ?? DEFAULT_READY_TIMEOUT_MS;
    const deadline = Date.now() + timeoutMs;
    // Type=exec: systemctl returns once the program was executed, or failed to be.
    await this.#runner.run(['systemctl', 'start', unit], { timeoutMs: timeoutMs + SYSTEMCTL_MARGIN_MS });
    for (;;) {
      if (cancel.aborted) throw stoppedWhileStarting();
      state = await this.#show(unit);
      if (cancel.aborted) throw stoppedWhileStarting();
      const runtimeState = runtimeStateOf(state);
      if (runtimeState === 'failed' || runtimeState === 'stopped')
        return this.#failStart(entry, unit, withLine(failureReason(state), await this.#lastLine(spec.id)));
      const ready = runtimeState === 'running' ? await this.#ready(spec, unit, state) : null;
      if (cancel.aborted) throw stoppedWhileStarting();
      if (ready) {
        this.#log.info({ service: spec.id, pid: ready.mainPid }, 'unit is running');
        return this.#apply(entry, ready);
      }
      if (Date.now() >= deadline) {
        // With Restart=on-failure systemd might keep trying; the start has failed, so end it.
        await this.#runner.run(['systemctl', 'stop', unit], {
          timeoutMs: (spec.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS) + SYSTEMCTL_MARGIN_MS,
        });
        const what = `was not ready within ${Number((timeoutMs / 1000).toFixed(1))} s`;
        return this.#failStart(entry, unit, withLine(what, await this.#lastLine(spec.id)));
      }
      await delay(this.#timing.readinessPollMs, undefined, { signal: cancel }).catch(() => undefined);
    }
  }

  /**
   * An active unit is ready once its port answers; without a check, once it stays up a moment.
   * Returns the unit's state when ready, null otherwise.
   */
  async #ready(spec: RunSpec, unit: string, state: UnitState): Promise<UnitState | null> {
    if (spec.readiness.kind === 'tcp')
      return (await probeTcp(spec.readiness.host, spec.readiness.port)) ? state : null;
    await delay(this.#timing.noneReadyGraceMs);
    const later = await this.#show(unit);
    return runtimeStateOf(later) === 'running' && later.mainPid === state.mainPid ? later : null;
  }

  #failStart(entry: Known, unit: string, reason: string): never {
    this.#set(entry, { state: 'failed', reason });
    this.#log.warn({ unit, reason }, 'unit did not start');
    throw new HausmeisterError('START_FAILED', {
      messageKey: 'runtime.error.startFailed',
      params: { reason },
      detail: reason,
    });
  }

  async #stop(entry: Known): Promise<RuntimeStatus> {
    const unit = unitName(entry.id);
    if (entry.status.state !== 'stopped') this.#set(entry, { state: 'stopping', pid: entry.status.pid });
    const timeoutMs = (entry.spec?.stopTimeoutMs ?? DEFAULT_STOP_TIMEOUT_MS) + SYSTEMCTL_MARGIN_MS;
    const result = await this.#runner.run(['systemctl', 'stop', unit], { timeoutMs });
    if (result.exitCode !== 0 && result.exitCode !== EXIT_UNIT_NOT_LOADED) {
      const reason = `systemctl stop ${unit} failed: ${(result.stderr || result.stdout).trim()}`;
      throw new HausmeisterError('STOP_FAILED', {
        messageKey: 'runtime.error.stopFailed',
        params: { reason },
        detail: reason,
      });
    }
    return this.#apply(entry, await this.#show(unit));
  }

  /** Writes the unit when its text changed; true when systemd must reload. */
  async #writeUnit(spec: RunSpec): Promise<boolean> {
    const file = path.join(this.#unitDir, unitName(spec.id));
    const text = renderSystemdUnit(spec);
    const current = await readFile(file, 'utf8').catch(() => null);
    if (current === text) return false;
    await writeFileAtomic(file, text, 0o644);
    return true;
  }

  async #show(unit: string): Promise<UnitState> {
    const result = await this.#systemctl(['show', unit, '-p', SHOW_PROPERTIES.join(',')]);
    return parseUnitState(result.stdout);
  }

  async #lastLine(id: string): Promise<string | undefined> {
    const lines = await this.logs(id, 20).catch(() => []);
    return lines.map((line) => line.trim()).findLast((line) => line !== '');
  }

  #systemctl(args: string[]) {
    return this.#runner.runChecked(['systemctl', ...args]);
  }

  /** Takes over what systemd reports. */
  #apply(entry: Known, state: UnitState): RuntimeStatus {
    const runtimeState = runtimeStateOf(state);
    // A failure already reported keeps its reason, which may carry the journal's last line.
    const known = entry.status.state === 'failed' ? entry.status.reason : undefined;
    const reason = runtimeState === 'failed' ? (known ?? failureReason(state)) : undefined;
    this.#set(entry, {
      state: runtimeState,
      pid: state.mainPid > 0 ? state.mainPid : undefined,
      reason,
      restarts: state.restarts,
    });
    return { ...entry.status };
  }

  /** Updates the status and tells the listeners, when anything but the time changed. */
  #set(
    entry: Known,
    change: Omit<Partial<RuntimeStatus>, 'id' | 'since'> & Pick<RuntimeStatus, 'state'>,
  ): void {
    const next: RuntimeStatus = {
      id: entry.id,
      state: change.state,
      since: entry.status.since,
      restarts: change.restarts ?? entry.status.restarts,
    };
    if (change.pid !== undefined) next.pid = change.pid;
    if (change.reason !== undefined) next.reason = change.reason;
    if (change.reasonKey !== undefined) next.reasonKey = change.reasonKey;
    const before = entry.status;
    if (
      before.state === next.state &&
      before.pid === next.pid &&
      before.reason === next.reason &&
      before.reasonKey === next.reasonKey &&
      before.restarts === next.restarts
    )
      return;
    if (before.state !== next.state) next.since = new Date().toISOString();
    entry.status = next;
    for (const listener of this.#listeners) {
      try {
        listener({ ...next });
      } catch (error) {
        this.#log.error({ err: error }, 'a runtime listener failed');
      }
    }
  }

  /** systemd restarts crashed units by itself; polling is how we learn about it. */
  #pollStatus(): void {
    if (this.#pollTimer) return;
    this.#pollTimer = setInterval(() => void this.#pollOnce(), this.#timing.statusPollMs);
    this.#pollTimer.unref();
  }

  async #pollOnce(): Promise<void> {
    if (this.#polling) return;
    this.#polling = true;
    try {
      for (const entry of this.#known.values()) {
        // A start or stop in progress reports its own transitions.
        if (!entry.spec || entry.starting || entry.stopping) continue;
        const unit = unitName(entry.id);
        const state = await this.#show(unit);
        if (entry.starting || entry.stopping || !this.#pollTimer) continue;
        if (runtimeStateOf(state) === 'failed' && entry.status.state !== 'failed') {
          this.#set(entry, {
            state: 'failed',
            pid: undefined,
            reason: withLine(failureReason(state), await this.#lastLine(entry.id)),
            restarts: state.restarts,
          });
        } else {
          this.#apply(entry, state);
        }
      }
    } catch (error) {
      this.#log.warn({ err: error }, 'cannot read the state of the units');
    } finally {
      this.#polling = false;
    }
  }
}

function stoppedWhileStarting(): HausmeisterError {
  return new HausmeisterError('START_FAILED', {
    messageKey: 'runtime.error.startFailed',
    params: { reason: 'stopped while starting' },
    detail: 'stopped while starting',
  });
}

function withLine(what: string, lastLine: string | undefined): string {
  return lastLine ? `${what}: ${lastLine}` : what;
}
