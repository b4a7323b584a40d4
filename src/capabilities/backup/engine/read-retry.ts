// A volume whose read breaks off (a dropped connection: a DSL line's nightly forced reconnect, a Wi-Fi
// hiccup, a USB disk plugged in again) is read again from its start after a pause, a few times, the
// pauses growing to a minute: long enough for a line to come back. A restore of a whole household from
// S3 takes hours; without this one reconnect on the way ended it. What no second try changes fails at
// once: a wrong passphrase, damaged data, a missing object, a refused login, the disk restored onto.
import { setTimeout as sleep } from 'node:timers/promises';
import { isHausmeisterError } from '../../../errors.js';
import type { JobProgress } from '../backup-job-protocol.js';
import type { Progress } from './progress.js';

/** Pauses before the second, third, … try: about 100 s in all. */
export const READ_RETRY_PAUSES_MS: readonly number[] = [2_000, 8_000, 30_000, 60_000];

const WORTH_ANOTHER_TRY = new Set([
  'backup.error.readFailed',
  'backup.target.error.connectionLost',
  'backup.target.error.connectionRefused',
  'backup.target.error.hostNotFound',
  'backup.target.error.timeout',
  'backup.target.error.ioError',
  'backup.target.error.diskNotMounted',
]);

/** A target error that may pass: a read is tried again, and a backup cut off by it keeps what it wrote. */
export function isWorthAnotherTry(error: unknown): boolean {
  return (
    isHausmeisterError(error) &&
    error.reason === 'TARGET_UNAVAILABLE' &&
    WORTH_ANOTHER_TRY.has(error.messageKey)
  );
}

export interface ReadRetryOptions {
  pausesMs?: readonly number[];
  /** Before each pause: what failed and how long the pause is. */
  onPause?: (error: unknown, pauseMs: number) => void;
  /** After each pause, before the next try. */
  onResume?: () => void;
}

export async function withReadRetries<T>(
  read: () => Promise<T>,
  { pausesMs = READ_RETRY_PAUSES_MS, onPause, onResume }: ReadRetryOptions = {},
): Promise<T> {
  for (let pauses = 0; ; pauses++) {
    try {
      return await read();
    } catch (error) {
      const pause = pausesMs[pauses];
      if (pause === undefined || !isWorthAnotherTry(error)) throw error;
      onPause?.(error, pause);
      await sleep(pause);
      onResume?.();
    }
  }
}

/** Shows the pause in the job's progress ("connection lost, trying again"), then `phase` again. */
export function waitingFor(progress: Progress, phase: JobProgress['phase']): ReadRetryOptions {
  return { onPause: () => progress.setPhase('reconnecting'), onResume: () => progress.setPhase(phase) };
}
