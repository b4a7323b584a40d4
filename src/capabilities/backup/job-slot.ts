// One backup job at a time (backup, verify or restore): starts it, records its run from start to end,
// passes its progress on, and cancels it. A second request while one runs is refused with what runs.
import { HausmeisterError } from '../../errors.js';
import type { Logger } from '../../logger.js';
import type { JobProgress } from './backup-job-protocol.js';
import type { BackupRepository, Trigger } from './backups.js';
import { messageOf, runView, type JobAction, type JobView, type RunView } from './run-view.js';

const BUSY = {
  backup: 'backup.error.busyBackup',
  verify: 'backup.error.busyVerify',
  restore: 'backup.error.busyRestore',
} as const;

/** How a job ended, as its run is recorded. */
export type JobOutcome = Parameters<BackupRepository['finishRun']>[1];

export type JobWork = (
  onProgress: (progress: JobProgress) => void,
  signal: AbortSignal,
) => Promise<JobOutcome>;

export interface JobSlotDeps {
  store: Pick<BackupRepository, 'startRun' | 'finishRun' | 'runs'>;
  log: Logger;
  onChange(event: { job: JobView | null; run?: RunView }): void;
  now(): Date;
}

interface RunningJob {
  view: JobView;
  abort: AbortController;
  done: Promise<void>;
}

export class JobSlot {
  readonly #deps: JobSlotDeps;
  #job: RunningJob | null = null;

  constructor(deps: JobSlotDeps) {
    this.#deps = deps;
  }

  /** The running job, or null when the slot is free. */
  view(): JobView | null {
    return this.#job?.view ?? null;
  }

  start(action: JobAction, trigger: Trigger, work: JobWork): JobView {
    if (this.#job) throw new HausmeisterError('CONFLICT', { messageKey: BUSY[this.#job.view.action] });
    const startedAt = this.#deps.now();
    const runId = this.#deps.store.startRun(action, trigger, startedAt);
    const view: JobView = { runId, action, startedAt: startedAt.toISOString(), progress: null };
    const abort = new AbortController();
    const onProgress = (progress: JobProgress) => {
      const { type: _type, ...rest } = progress;
      view.progress = rest;
      this.#deps.onChange({ job: view });
    };
    const done = (async () => {
      let outcome: JobOutcome;
      try {
        outcome = await work(onProgress, abort.signal);
      } catch (error) {
        outcome = {
          state: 'failed',
          error: abort.signal.aborted
            ? { messageKey: 'backup.error.cancelled', params: {} }
            : messageOf(error),
        };
        this.#deps.log.warn({ err: error, action, runId }, 'backup job failed');
      }
      this.#deps.store.finishRun(runId, outcome, this.#deps.now());
      this.#job = null;
      const record = this.#deps.store.runs(20).find((r) => r.id === runId);
      this.#deps.onChange({ job: null, run: record ? runView(record) : undefined });
    })();
    this.#job = { view, abort, done };
    this.#deps.onChange({ job: view });
    return view;
  }

  cancel(): boolean {
    if (!this.#job) return false;
    this.#job.abort.abort();
    return true;
  }

  /** Cancels the running job and waits until its run is recorded (the next run discards what it left). */
  async close(): Promise<void> {
    const job = this.#job;
    if (!job) return;
    job.abort.abort();
    await job.done;
  }
}
