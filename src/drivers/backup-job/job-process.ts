// Starts backup jobs as processes of their own through the command runner: the request (with its
// secrets) goes in on stdin, progress and the result come back as JSON lines on stdout.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BackupJobRequest, JobLauncher, JobMessage } from '../../capabilities/backup/index.js';
import { HausmeisterError, type ErrorReason } from '../../errors.js';
import type { CommandRunner } from '../command-runner/command-runner.js';

/** Long jobs (a first full backup to S3) may take many hours; quick ones must not hang the UI. */
const LONG_JOB_MS = 48 * 60 * 60 * 1000;
const SHORT_JOB_MS = 5 * 60 * 1000;

/**
 * A small young generation: the job's main thread allocates much that dies young (as the daemon's).
 * Garbage collection on the thread that allocates: on a two-core box V8's marking threads only compete
 * with the volume workers, which already use every core (full backup and restore −5 % on the benchmark).
 */
export const JOB_NODE_FLAGS = ['--max-semi-space-size=2', '--single-threaded-gc'];

/**
 * One malloc arena for the job's threads: with one per worker thread, the freed pieces of the volume
 * streams stay spread over three arenas. Measured on the benchmark's data: peak RSS −45 MiB for a full
 * backup and −30 MiB for a restore, at no measurable cost in time.
 */
export const JOB_ENV = { MALLOC_ARENA_MAX: '1' };

/** The job entry point: the bundle beside the daemon's, or the TypeScript source under tsx. */
export function jobCommand(): string[] {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith('.ts')) {
    const source = path.resolve(path.dirname(here), '../../daemon/backup-job-main.ts');
    return [process.execPath, ...JOB_NODE_FLAGS, '--import', 'tsx', source];
  }
  return [process.execPath, ...JOB_NODE_FLAGS, path.join(path.dirname(here), 'backup-job.mjs')];
}

export function createJobLauncher(runner: CommandRunner, command: string[] = jobCommand()): JobLauncher {
  return {
    async run(request: BackupJobRequest, onProgress, signal) {
      let buffered = '';
      let outcome: JobMessage | null = null;
      const onLine = (line: string) => {
        if (!line.trim()) return;
        let message: JobMessage;
        try {
          message = JSON.parse(line) as JobMessage;
        } catch {
          return;
        }
        if (message.type === 'progress') onProgress(message);
        else outcome = message;
      };
      const long = request.action === 'backup' || request.action === 'restore' || request.action === 'verify';
      const result = await runner.run(command, {
        input: JSON.stringify(request),
        env: JOB_ENV,
        timeoutMs: long ? LONG_JOB_MS : SHORT_JOB_MS,
        signal,
        onStdout: (chunk) => {
          buffered += chunk;
          const lines = buffered.split('\n');
          buffered = lines.pop() ?? '';
          lines.forEach(onLine);
        },
      });
      onLine(buffered);
      const final = outcome as JobMessage | null;
      if (final?.type === 'result' && result.exitCode === 0) return final.result;
      if (final?.type === 'error')
        throw new HausmeisterError(final.reason as ErrorReason, {
          messageKey: final.messageKey,
          params: final.params,
          detail: final.detail,
        });
      throw new HausmeisterError('INTERNAL', {
        messageKey: 'backup.error.jobCrashed',
        params: { detail: result.signal ?? `exit ${result.exitCode}` },
        detail: result.stderr.split('\n').slice(-5).join('\n'),
      });
    },
  };
}
