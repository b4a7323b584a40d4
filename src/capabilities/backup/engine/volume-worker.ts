// Worker thread that packs and restores volumes: tar, Zstandard, OpenPGP (CFB encryption cannot be split
// across cores) and the file work run here, one volume per worker, so backups and restores use every
// core while the main thread only moves bytes between the targets and the workers.
import { Readable } from 'node:stream';
import { parentPort } from 'node:worker_threads';
import { isHausmeisterError } from '../../../errors.js';
import { CHUNK_BYTES, rechunk } from './rechunk.js';
import { restoreVolumeFiles, type RestoredVolume, type RestoreVolumeOptions } from './restore-file.js';
import { packVolume, type PackOptions, type VolumeContent } from './volume-pack.js';

export type ToWorker =
  | { type: 'pack'; volume: VolumeContent; options: Omit<PackOptions, 'onBytes' | 'onFile'> }
  /** The main thread has room for this many more chunks. */
  | { type: 'credit'; chunks: number }
  | { type: 'restore'; options: Omit<RestoreVolumeOptions, 'onBytes' | 'onFile'> }
  /** A chunk of the volume being restored; null: that was all. */
  | { type: 'data'; data: ArrayBuffer | null };

export type FromWorker =
  | { type: 'chunk'; data: ArrayBuffer }
  /** The worker wants the next chunk of the volume it restores. */
  | { type: 'more' }
  | { type: 'progress'; bytes: number; files: number }
  | {
      type: 'end';
      /** The packed files (pack); empty for a restore. */
      packed: Awaited<ReturnType<typeof packVolume>>['packed'] extends Promise<infer T> ? T : never;
      /** What a restore left out (restore); null for a pack. */
      restored: RestoredVolume | null;
    }
  | {
      type: 'error';
      reason?: string;
      messageKey?: string;
      params?: Record<string, string | number>;
      message: string;
    };

const port = parentPort;
if (!port) throw new Error('volume-worker must run as a worker thread');

/** Bytes of a volume being restored that may wait in the worker, already read from the target. */
const RESTORE_READ_AHEAD = 1024 * 1024;

let credit = 0;
let wake: (() => void) | null = null;
/** The volume being restored, fed by `data` messages. */
let incoming: Readable | null = null;

port.on('message', (message: ToWorker) => {
  switch (message.type) {
    case 'credit':
      credit += message.chunks;
      wake?.();
      wake = null;
      break;
    case 'pack':
      // Credits left over from the previous volume must not let this one run ahead.
      credit = 0;
      void run(async (progress) => ({ packed: await pack(message, progress), restored: null }));
      break;
    case 'restore':
      // Asks for the next chunk (~1 MiB) while less than one waits: it is on its way before it is needed.
      incoming = new Readable({
        highWaterMark: RESTORE_READ_AHEAD,
        read: () => port?.postMessage({ type: 'more' } satisfies FromWorker),
      });
      void run(async (progress) => ({
        packed: [],
        restored: await restoreVolumeFiles(incoming as Readable, { ...message.options, ...progress }),
      }));
      break;
    case 'data':
      incoming?.push(message.data === null ? null : Buffer.from(message.data));
      break;
  }
});

interface ProgressCounters {
  onBytes(bytes: number): void;
  onFile(): void;
}

/** Runs one job, reporting progress every 100 ms, and its end or its error to the main thread. */
async function run(job: (progress: ProgressCounters) => Promise<Omit<FromWorkerEnd, 'type'>>): Promise<void> {
  let bytes = 0;
  let files = 0;
  const flushProgress = () => {
    if (bytes || files) port?.postMessage({ type: 'progress', bytes, files } satisfies FromWorker);
    bytes = 0;
    files = 0;
  };
  const timer = setInterval(flushProgress, 100);
  try {
    const ended = await job({ onBytes: (n) => void (bytes += n), onFile: () => void files++ });
    flushProgress();
    port?.postMessage({ type: 'end', ...ended } satisfies FromWorker);
  } catch (error) {
    flushProgress();
    port?.postMessage({
      type: 'error',
      message: error instanceof Error ? error.message : String(error),
      ...(isHausmeisterError(error)
        ? { reason: error.reason, messageKey: error.messageKey, params: error.params }
        : {}),
    } satisfies FromWorker);
  } finally {
    clearInterval(timer);
    incoming = null;
  }
}

type FromWorkerEnd = Extract<FromWorker, { type: 'end' }>;

async function pack(
  message: Extract<ToWorker, { type: 'pack' }>,
  progress: ProgressCounters,
): Promise<FromWorkerEnd['packed']> {
  const { stream, packed } = await packVolume(message.volume, { ...message.options, ...progress });
  // openpgp.js may still hold the memory of the pieces it hands out: rechunk copies them into chunks
  // of our own, which are transferred.
  for await (const chunk of rechunk(stream as AsyncIterable<Uint8Array>, CHUNK_BYTES)) {
    while (credit <= 0) await new Promise<void>((resolve) => (wake = resolve));
    credit--;
    const own = chunk.buffer as ArrayBuffer;
    port?.postMessage({ type: 'chunk', data: own } satisfies FromWorker, [own]);
  }
  return packed;
}
