// One job at a time, and every run recorded however it ends: finished, failed or cancelled.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { HausmeisterError } from '../../errors.js';
import { createSilentLogger } from '../../logger.js';
import { BackupStore } from '../../store/backup-store.js';
import { openDatabase } from '../../store/database.js';
import { JobSlot } from './job-slot.js';
import type { JobView, RunView } from './run-view.js';

function setup() {
  const store = new BackupStore(openDatabase(':memory:'));
  const events: { job: JobView | null; run?: RunView }[] = [];
  const slot = new JobSlot({
    store,
    log: createSilentLogger(),
    onChange: (event) => events.push(event),
    now: () => new Date('2026-12-03T10:00:00Z'),
  });
  return { slot, store, events };
}

/** Work that runs until it is aborted. */
const untilAborted = (_: unknown, signal: AbortSignal) =>
  new Promise<never>((_resolve, reject) =>
    signal.addEventListener('abort', () => reject(new Error('aborted'))),
  );

describe('JobSlot', () => {
  it('refuses a second job with what runs, and records a cancelled one as such', async () => {
    const { slot, store, events } = setup();
    const view = slot.start('restore', 'owner', untilAborted);
    assert.equal(slot.view()?.runId, view.runId);
    assert.throws(
      () => slot.start('backup', 'owner', untilAborted),
      (error: unknown) =>
        error instanceof HausmeisterError && error.messageKey === 'backup.error.busyRestore',
    );
    assert.equal(slot.cancel(), true);
    await slot.close();
    assert.equal(slot.view(), null);
    const [run] = store.runs(1);
    assert.equal(run?.state, 'failed');
    assert.deepEqual(run?.error, { messageKey: 'backup.error.cancelled', params: {} });
    assert.equal(events.at(-1)?.run?.id, view.runId, 'the finished run is announced');
    assert.equal(slot.cancel(), false, 'nothing left to cancel');
  });

  it('records the error of a job that failed in words, and passes progress on', async () => {
    const { slot, store, events } = setup();
    slot.start('verify', 'schedule', async (onProgress) => {
      const progress = { filesDone: 1, filesTotal: 2, bytesDone: 5, bytesTotal: 10 };
      onProgress({ type: 'progress', phase: 'verifying', ...progress, bytesPerSecond: 5, secondsLeft: 1 });
      await new Promise((resolve) => setImmediate(resolve));
      throw new HausmeisterError('INTEGRITY', { messageKey: 'backup.error.damaged' });
    });
    while (!events.some((event) => event.run)) await new Promise((resolve) => setImmediate(resolve));
    assert.equal(slot.view(), null);
    assert.equal(events[1]?.job?.progress?.filesDone, 1);
    assert.equal(store.runs(1)[0]?.state, 'failed');
    assert.deepEqual(store.runs(1)[0]?.error, { messageKey: 'backup.error.damaged', params: {} });
  });
});
