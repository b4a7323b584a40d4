// Entry point of the backup job process: one request as JSON on stdin (secrets included, so they never
// show in argv or the environment), progress and the result as JSON lines on stdout.
import { runJob } from '../capabilities/backup/job/run-job.js';
import type { BackupJobRequest, JobMessage } from '../capabilities/backup/index.js';
import { createCommandRunner } from '../drivers/command-runner/command-runner.js';
import { createBackupTarget } from '../drivers/backup-targets.js';
import { isHausmeisterError } from '../errors.js';
import { exitAfterOutput } from '../exit-after-output.js';

const emit = (message: JobMessage) => process.stdout.write(`${JSON.stringify(message)}\n`);

async function readStdin(): Promise<string> {
  const parts: Buffer[] = [];
  for await (const chunk of process.stdin) parts.push(chunk as Buffer);
  return Buffer.concat(parts).toString('utf8');
}

async function main(): Promise<void> {
  const request = JSON.parse(await readStdin()) as BackupJobRequest;
  const abort = new AbortController();
  // SIGTERM (a cancelled job, the daemon stopping) aborts the writes; the next run discards the rest.
  process.once('SIGTERM', () => abort.abort(new Error('cancelled')));
  const runner = createCommandRunner();
  const result = await runJob(request, {
    createTarget: (config) => createBackupTarget(config, { runner }),
    emit,
    signal: abort.signal,
  });
  emit({ type: 'result', result });
}

main().then(
  () => exitAfterOutput(0),
  (error: unknown) => {
    emit(
      isHausmeisterError(error)
        ? {
            type: 'error',
            reason: error.reason,
            messageKey: error.messageKey,
            params: error.params,
            detail: error.detail,
          }
        : {
            type: 'error',
            reason: 'INTERNAL',
            messageKey: 'error.internal',
            params: {},
            detail: String(error),
          },
    );
    return exitAfterOutput(1);
  },
);
