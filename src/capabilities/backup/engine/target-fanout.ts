// Writes one stream to several targets at once (a USB disk and S3, say), at the pace of the slowest. A
// target that fails drops out with its error; the others go on. Only when all have failed does it fail.
import { PassThrough, type Readable } from 'node:stream';
import type { BackupTarget } from '../backup-target.js';

export interface TargetSlot {
  target: BackupTarget;
  /** Set once the target failed during this run; it receives nothing more. */
  error: unknown;
}

export async function writeToTargets(
  slots: TargetSlot[],
  name: string,
  source: Readable,
  signal?: AbortSignal,
): Promise<number> {
  const active = slots.filter((slot) => slot.error === null);
  if (active.length === 0) throw new Error('no target left to write to');
  const branches = active.map((slot) => {
    const pass = new PassThrough({ highWaterMark: 1 << 20 });
    const abort = new AbortController();
    const onAbort = () => abort.abort(signal?.reason);
    signal?.addEventListener('abort', onAbort, { once: true });
    const written = slot.target
      .write(name, pass, abort.signal)
      .then((result) => result.bytes)
      .catch((error: unknown) => {
        slot.error = error;
        pass.destroy();
        return 0;
      })
      .finally(() => signal?.removeEventListener('abort', onAbort));
    return { slot, pass, abort, written };
  });

  let sourceError: unknown = null;
  try {
    for await (const chunk of source) {
      const live = branches.filter((b) => b.slot.error === null && !b.pass.destroyed);
      if (live.length === 0) break;
      const waits = live.filter((b) => !b.pass.write(chunk)).map((b) => drained(b.pass));
      if (waits.length) await Promise.all(waits);
    }
  } catch (error) {
    sourceError = error;
  }
  for (const branch of branches) {
    if (sourceError !== null) {
      // The content is incomplete: the object must not appear on any target.
      branch.abort.abort(sourceError);
      branch.pass.destroy(sourceError as Error);
    } else branch.pass.end();
  }
  const bytes = await Promise.all(branches.map((b) => b.written));
  if (sourceError !== null) throw sourceError;
  if (active.every((slot) => slot.error !== null)) throw active[0]?.error;
  return Math.max(...bytes);
}

function drained(stream: PassThrough): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      stream.off('drain', done);
      stream.off('close', done);
      resolve();
    };
    stream.on('drain', done);
    stream.on('close', done);
  });
}
