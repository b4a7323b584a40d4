// Counts files and bytes of a running job and reports them at most a few times a second, with the rate
// over the last seconds and the time left at that rate.
import type { JobProgress } from '../backup-job-protocol.js';

const REPORT_EVERY_MS = 250;
const RATE_WINDOW_MS = 5_000;

export type ProgressSink = (progress: JobProgress) => void;

export class Progress {
  readonly #sink: ProgressSink;
  readonly #now: () => number;
  #phase: JobProgress['phase'] = 'scanning';
  #filesDone = 0;
  #filesTotal = 0;
  #bytesDone = 0;
  #bytesTotal = 0;
  #lastReport = 0;
  #samples: { at: number; bytes: number }[] = [];

  constructor(sink: ProgressSink, now: () => number = Date.now) {
    this.#sink = sink;
    this.#now = now;
  }

  start(phase: JobProgress['phase'], filesTotal: number, bytesTotal: number): void {
    this.#phase = phase;
    this.#filesTotal = filesTotal;
    this.#bytesTotal = bytesTotal;
    this.#filesDone = 0;
    this.#bytesDone = 0;
    this.#samples = [{ at: this.#now(), bytes: 0 }];
    this.report(true);
  }

  /** Another phase of the same work (waiting for a target to come back): the counts stay. */
  setPhase(phase: JobProgress['phase']): void {
    this.#phase = phase;
    this.report(true);
  }

  /** Work that will be done again (a volume read again from its start) no longer counts as done. */
  takeBack(bytes: number, files: number): void {
    this.#bytesDone -= bytes;
    this.#filesDone -= files;
    // The rate starts over from here, rather than run backwards.
    this.#samples = [{ at: this.#now(), bytes: this.#bytesDone }];
    this.report(true);
  }

  addBytes(bytes: number): void {
    this.#bytesDone += bytes;
    this.report();
  }

  addFile(): void {
    this.#filesDone++;
    this.report();
  }

  report(force = false): void {
    const now = this.#now();
    if (!force && now - this.#lastReport < REPORT_EVERY_MS) return;
    this.#lastReport = now;
    this.#samples.push({ at: now, bytes: this.#bytesDone });
    while (this.#samples.length > 2 && now - (this.#samples[1]?.at ?? now) > RATE_WINDOW_MS)
      this.#samples.shift();
    const first = this.#samples[0] ?? { at: now, bytes: 0 };
    const seconds = (now - first.at) / 1000;
    const rate = seconds > 0 ? (this.#bytesDone - first.bytes) / seconds : 0;
    const left = this.#bytesTotal - this.#bytesDone;
    this.#sink({
      type: 'progress',
      phase: this.#phase,
      filesDone: this.#filesDone,
      filesTotal: this.#filesTotal,
      bytesDone: this.#bytesDone,
      bytesTotal: this.#bytesTotal,
      bytesPerSecond: Math.round(rate),
      secondsLeft: rate > 0 && seconds >= 1 ? Math.ceil(Math.max(0, left) / rate) : null,
    });
  }
}
