// Worker thread that packs volumes: tar, gzip and OpenPGP encryption (CFB, which cannot be split across
// cores) run here, one volume per worker, so a backup uses every core while the main thread only moves
// bytes to the targets.
import { parentPort } from 'node:worker_threads';
import { isHausmeisterError } from '../../../errors.js';
import { packVolume, type PackOptions, type VolumeContent } from './volume-pack.js';

export type ToWorker =
  | { type: 'pack'; volume: VolumeContent; options: Omit<PackOptions, 'onBytes' | 'onFile'> }
  /** The main thread has room for this many more chunks. */
  | { type: 'credit'; chunks: number };

export type FromWorker =
  | { type: 'chunk'; data: ArrayBuffer }
  | { type: 'progress'; bytes: number; files: number }
  | {
      type: 'end';
      packed: Awaited<ReturnType<typeof packVolume>>['packed'] extends Promise<infer T> ? T : never;
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

let credit = 0;
let wake: (() => void) | null = null;

port.on('message', (message: ToWorker) => {
  if (message.type === 'credit') {
    credit += message.chunks;
    wake?.();
    wake = null;
  } else {
    // Credits left over from the previous volume must not let this one run ahead.
    credit = 0;
    void pack(message);
  }
});

async function pack(message: Extract<ToWorker, { type: 'pack' }>): Promise<void> {
  let bytes = 0;
  let files = 0;
  const flushProgress = () => {
    if (bytes || files) port?.postMessage({ type: 'progress', bytes, files } satisfies FromWorker);
    bytes = 0;
    files = 0;
  };
  const timer = setInterval(flushProgress, 100);
  try {
    const { stream, packed } = await packVolume(message.volume, {
      ...message.options,
      onBytes: (n) => void (bytes += n),
      onFile: () => void files++,
    });
    for await (const chunk of stream as AsyncIterable<Uint8Array>) {
      while (credit <= 0) await new Promise<void>((resolve) => (wake = resolve));
      credit--;
      // openpgp.js may still hold the chunk's memory: hand over a copy, never the original.
      // (Buffer#slice would not copy.)
      const own = new Uint8Array(chunk).buffer;
      port?.postMessage({ type: 'chunk', data: own } satisfies FromWorker, [own]);
    }
    const result = await packed;
    flushProgress();
    port?.postMessage({ type: 'end', packed: result } satisfies FromWorker);
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
  }
}
