// Named points in a backup or restore where a test can freeze the job process (it stops itself with
// SIGSTOP when HAUSMEISTER_TEST_FAILPOINT names the point) to kill it or its connection there: a power
// cut or a dropped line at a chosen moment, without any timing. Does nothing unless that variable is set.
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export type FailpointName =
  | 'backup:scanned'
  | 'backup:mid-volume'
  | 'backup:volume-noted'
  | 'backup:before-manifest'
  | 'backup:after-manifest'
  | 'restore:mid-volume';

export function failpoint(name: FailpointName): void {
  if (process.env.HAUSMEISTER_TEST_FAILPOINT === name) process.kill(process.pid, 'SIGSTOP');
}

/** `source` passed on as it is, with the failpoint reached once its first chunk has gone through. */
export function failpointAfterFirstChunk(source: Readable, name: FailpointName): Readable {
  if (process.env.HAUSMEISTER_TEST_FAILPOINT !== name) return source;
  let reached = false;
  const passed = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      callback(null, chunk);
      if (!reached) {
        reached = true;
        failpoint(name);
      }
    },
  });
  pipeline(source, passed).catch(() => undefined);
  return passed;
}
