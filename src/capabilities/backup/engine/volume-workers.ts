// The main thread's side of the volume workers: a pool with one worker per core, each volume handed to
// a free worker; encrypted bytes stream back (packing) or in (restoring) with flow control, so memory
// stays bounded.
import { availableParallelism } from 'node:os';
import { Readable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import { HausmeisterError, type ErrorReason } from '../../../errors.js';
import { CHUNK_BYTES, rechunk } from './rechunk.js';
import type { RestoredVolume, RestoreVolumeOptions } from './restore-file.js';
import type { PackedFile, PackOptions, VolumeContent } from './volume-pack.js';
import type { FromWorker, ToWorker } from './volume-worker.js';

// A small young generation: the workers allocate big buffers that die at once; without a cap V8 lets
// garbage pile up to tens of MB per worker before collecting.
const WORKER_LIMITS = { maxYoungGenerationSizeMb: 8 };

/** Chunks (~1 MiB each) a worker may send ahead of what the targets took. */
const CREDIT = 4;

// From the bundle that ships, the worker is a file beside it; from TypeScript sources (tests,
// development) it needs tsx registered in the worker first, which `--import tsx` does not do there.
function startWorker(): Worker {
  if (!import.meta.url.endsWith('.ts'))
    return new Worker(new URL('./volume-worker.mjs', import.meta.url), { resourceLimits: WORKER_LIMITS });
  const source = new URL('./volume-worker.ts', import.meta.url).href;
  return new Worker(
    `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(source)}); });`,
    { eval: true, resourceLimits: WORKER_LIMITS },
  );
}

export class VolumeWorkers {
  readonly size: number;
  readonly #idle: Worker[] = [];
  readonly #all: Worker[] = [];
  readonly #waiting: ((worker: Worker) => void)[] = [];

  constructor(size = Math.max(1, Math.min(availableParallelism(), 4))) {
    this.size = size;
  }

  /** Same contract as packVolume, but the work happens on a worker thread. */
  async pack(
    volume: VolumeContent,
    options: PackOptions,
  ): Promise<{ stream: Readable; packed: Promise<PackedFile[]> }> {
    const worker = await this.#acquire();
    const { onBytes, onFile, ...plain } = options;
    let settle!: { resolve(files: PackedFile[]): void; reject(error: Error): void };
    const packed = new Promise<PackedFile[]>((resolve, reject) => (settle = { resolve, reject }));
    packed.catch(() => undefined);
    const post = (message: ToWorker) => worker.postMessage(message);
    const stream = new Readable({
      read: () => post({ type: 'credit', chunks: 1 }),
      destroy: (error, callback) => {
        // The consumer gave up: the worker cannot be trusted to be idle, so it is replaced.
        if (!finished) this.#discard(worker);
        callback(error);
      },
    });
    let finished = false;
    const onMessage = (message: FromWorker) => {
      switch (message.type) {
        case 'chunk':
          stream.push(Buffer.from(message.data));
          break;
        case 'progress':
          forwardProgress(message, { onBytes, onFile });
          break;
        case 'end':
          finished = true;
          cleanup();
          stream.push(null);
          settle.resolve(message.packed);
          this.#release(worker);
          break;
        case 'error': {
          finished = true;
          cleanup();
          const error = workerError(message);
          settle.reject(error);
          stream.destroy(error);
          this.#release(worker);
          break;
        }
      }
    };
    const onError = (error: Error) => {
      cleanup();
      settle.reject(error);
      stream.destroy(error);
    };
    const cleanup = () => {
      worker.off('message', onMessage);
      worker.off('error', onError);
    };
    worker.on('message', onMessage);
    worker.on('error', onError);
    post({ type: 'pack', volume, options: plain });
    post({ type: 'credit', chunks: CREDIT - 1 });
    return { stream, packed };
  }

  /** Restores files of one volume on a worker thread; `source` is the volume as read from the target. */
  async restore(source: Readable, options: RestoreVolumeOptions): Promise<RestoredVolume> {
    const worker = await this.#acquire();
    const { onBytes, onFile, ...plain } = options;
    // A volume crosses to the worker in chunks of its own memory (transferred, not copied), ~1 MiB each
    // whatever pieces the target hands out: each message wakes the worker, so fewer is cheaper.
    const chunks = rechunk(source as AsyncIterable<Uint8Array>, CHUNK_BYTES);
    try {
      return await new Promise<RestoredVolume>((resolve, reject) => {
        let settled = false;
        const fail = (error: Error) => {
          cleanup();
          reject(error);
        };
        const onMessage = (message: FromWorker) => {
          switch (message.type) {
            case 'more':
              // The worker pulls, a few chunks ahead of what it has used, so memory stays bounded.
              chunks.next().then(
                ({ done, value }) => {
                  // The worker may have ended before it got this (it stops once it has its files):
                  // the chunk must not reach the volume it restores next.
                  if (settled) return;
                  if (done) worker.postMessage({ type: 'data', data: null } satisfies ToWorker);
                  else {
                    const own = value.buffer as ArrayBuffer;
                    worker.postMessage({ type: 'data', data: own } satisfies ToWorker, [own]);
                  }
                },
                (error: unknown) => {
                  if (settled) return;
                  this.#discard(worker);
                  fail(error as Error);
                },
              );
              break;
            case 'progress':
              forwardProgress(message, { onBytes, onFile });
              break;
            case 'end':
              cleanup();
              this.#release(worker);
              resolve(message.restored ?? { files: 0, bytes: 0, skipped: [], ownersNotKept: 0 });
              break;
            case 'error':
              this.#release(worker);
              fail(workerError(message));
              break;
            default:
              break;
          }
        };
        const onError = (error: Error) => {
          this.#discard(worker);
          fail(error);
        };
        const cleanup = () => {
          settled = true;
          worker.off('message', onMessage);
          worker.off('error', onError);
        };
        worker.on('message', onMessage);
        worker.on('error', onError);
        worker.postMessage({ type: 'restore', options: plain } satisfies ToWorker);
      });
    } finally {
      source.destroy();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.#all.splice(0).map((worker) => worker.terminate()));
  }

  #acquire(): Promise<Worker> {
    const idle = this.#idle.pop();
    if (idle) return Promise.resolve(idle);
    if (this.#all.length < this.size) {
      const worker = startWorker();
      this.#all.push(worker);
      return Promise.resolve(worker);
    }
    return new Promise((resolve) => this.#waiting.push(resolve));
  }

  #release(worker: Worker): void {
    const next = this.#waiting.shift();
    if (next) next(worker);
    else this.#idle.push(worker);
  }

  #discard(worker: Worker): void {
    this.#all.splice(this.#all.indexOf(worker), 1);
    void worker.terminate();
    const next = this.#waiting.shift();
    if (next) void this.#acquire().then(next);
  }
}

function forwardProgress(
  message: Extract<FromWorker, { type: 'progress' }>,
  counters: { onBytes(bytes: number): void; onFile(): void },
): void {
  if (message.bytes) counters.onBytes(message.bytes);
  for (let i = 0; i < message.files; i++) counters.onFile();
}

function workerError(message: Extract<FromWorker, { type: 'error' }>): Error {
  return message.reason
    ? new HausmeisterError(message.reason as ErrorReason, {
        messageKey: message.messageKey ?? 'error.internal',
        params: message.params,
        detail: message.message,
      })
    : new Error(message.message);
}
