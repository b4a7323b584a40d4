// `hausmeister backup …`: run, list, verify and restore backups, with live progress on stderr.
import path from 'node:path';
import type { JobView, RunView } from '../capabilities/backup/index.js';
import { UsageError, type CliContext } from './cli-context.js';
import { describe } from './messages.js';

export const BACKUP_USAGE = `  backup run [--full|--incremental] [--no-wait]   back up now and wait for the result
  backup list             the backups on the targets, newest first
  backup runs             the report: every backup, verify and restore run
  backup verify [ID]      download, decrypt and check every file (one backup or all)
  backup restore ID [PATH...] --to DIR | --in-place
                          restore files or folders (all when none is given) of backup ID into DIR
                          (keeping their paths below it), or over the originals with --in-place`;

const PROGRESS_EVERY_MS = 1000;

export async function runBackupCommand(command: string, args: string[], cli: CliContext): Promise<number> {
  const { request, print, out, options } = cli;
  switch (command) {
    case 'run': {
      if (options.full && options.incremental)
        throw new UsageError('choose --full or --incremental, not both');
      const kind = options.full ? 'full' : options.incremental ? 'incremental' : 'auto';
      return follow(cli, await request<JobView>('POST', '/api/v1/backup/run', { kind }));
    }
    case 'verify': {
      const [backupId] = args;
      return follow(
        cli,
        await request<JobView>('POST', '/api/v1/backup/verify', backupId ? { backupId } : {}),
      );
    }
    case 'restore': {
      const [backupId, ...paths] = args;
      if (!backupId) throw new UsageError('"backup restore" needs the ID of a backup (see "backup list")');
      if (!options.to && !options['in-place'])
        throw new UsageError(
          'say where to: --to DIR (a new folder) or --in-place (overwrites the originals)',
        );
      const body = {
        backupId,
        paths: paths.map((p) => path.resolve(p)),
        destination: options.to ? path.resolve(options.to) : null,
      };
      return follow(cli, await request<JobView>('POST', '/api/v1/backup/restore', body));
    }
    case 'list': {
      const { backups } = await request<{
        backups: { id: string; kind: string; createdAt: string; targets: string[]; storedBytes: number }[];
      }>('GET', '/api/v1/backup/backups');
      print(backups, () => {
        if (backups.length === 0) out('no backups yet');
        for (const b of backups)
          out(
            `${b.id.padEnd(48)} ${b.kind.padEnd(12)} ${size(b.storedBytes).padStart(10)}  ${b.targets.join(', ')}`,
          );
      });
      return 0;
    }
    case 'runs': {
      const { runs } = await request<{ runs: RunView[] }>('GET', '/api/v1/backup/runs');
      print(runs, () => {
        for (const run of runs) out(runLine(run));
      });
      return 0;
    }
    default:
      throw new UsageError(`unknown command "backup ${command}"`);
  }
}

/** Waits for the job's run to end, showing its progress; exit code 0 only when it succeeded. */
async function follow(cli: CliContext, job: JobView): Promise<number> {
  if (cli.options['no-wait']) {
    cli.print(job, () => cli.out(`started ${job.action} (run ${job.runId})`));
    return 0;
  }
  for (;;) {
    const { runs } = await cli.request<{ runs: RunView[] }>('GET', '/api/v1/backup/runs?limit=20');
    const run = runs.find((r) => r.id === job.runId);
    if (run && run.state !== 'running') {
      cli.print(run, () => {
        cli.out(runLine(run));
        for (const t of run.targets)
          if (t.error) cli.out(`  ${t.target}: ${describe(t.error.messageKey, t.error.params)}`);
        if (run.error) cli.out(`  ${describe(run.error.messageKey, run.error.params)}`);
        for (const w of run.warnings) cli.out(`  warning: ${describe(w.messageKey, w.params)}`);
      });
      return run.state === 'succeeded' ? 0 : 1;
    }
    const { job: current } = await cli.request<{ job: JobView | null }>('GET', '/api/v1/backup/job');
    const p = current?.runId === job.runId ? current.progress : null;
    if (p && !cli.options.json)
      cli.progress(
        `${p.phase}: ${p.filesDone}/${p.filesTotal} files, ${size(p.bytesDone)} of ${size(p.bytesTotal)}` +
          (p.bytesPerSecond ? `, ${size(p.bytesPerSecond)}/s` : '') +
          (p.secondsLeft !== null ? `, ${p.secondsLeft} s left` : ''),
      );
    await new Promise((resolve) => setTimeout(resolve, PROGRESS_EVERY_MS));
  }
}

function runLine(run: RunView): string {
  const what = run.action === 'backup' && run.kind ? `backup (${run.kind})` : run.action;
  const numbers =
    run.files !== null
      ? ` ${run.files} files, ${size(run.bytes ?? 0)} → ${size(run.storedBytes ?? 0)} stored`
      : '';
  const took = run.durationMs !== null ? ` in ${(run.durationMs / 1000).toFixed(1)} s` : '';
  return `${run.startedAt}  ${what.padEnd(20)} ${run.state.padEnd(11)}${numbers}${took}${run.backupId ? `  ${run.backupId}` : ''}`;
}

function size(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(unit === 0 ? 0 : 1)} ${units[unit]}`;
}
