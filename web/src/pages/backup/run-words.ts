// A backup run in words: what it did, how it ended, and why it failed, from the daemon's message keys.
import type { Message, RunView } from '../../api/backup-types.js';
import type { Translate } from '../../i18n/i18n.js';

/** "Backup (full)", "Verify", "Restore", "Prune". */
export function runActionText(t: Translate, run: Pick<RunView, 'action' | 'kind'>): string {
  if (run.action === 'backup' && run.kind) return t(`backupUi.action.backup.${run.kind}`);
  return t(`backupUi.action.${run.action}`);
}

/** A message of the daemon in words (an unknown key gets the generic text with the key). */
export function messageText(t: Translate, message: Message): string {
  return t(message.messageKey, message.params);
}

/** The stable result keys of a run: succeeded, partial, failed, interrupted, running. */
export function runStateText(t: Translate, run: Pick<RunView, 'state'>): string {
  return t(`backupUi.state.${run.state}`);
}

export function runBannerKind(
  run: Pick<RunView, 'state' | 'warnings'>,
): 'success' | 'warning' | 'error' | 'notice' {
  // Finished, but something was left out (a file that could not be read, a name a USB stick refuses).
  if (run.state === 'succeeded') return run.warnings.length > 0 ? 'warning' : 'success';
  if (run.state === 'partial') return 'warning';
  if (run.state === 'running') return 'notice';
  return 'error';
}

/** What a restore put back, as the job reports it in `details`. */
export interface RestoreDetails {
  files: number | null;
  skipped: { path: string; reason: string }[];
  destination: string | null;
}

export function restoreDetails(run: RunView): RestoreDetails {
  const details = run.details ?? {};
  const files = typeof details.files === 'number' ? details.files : run.files;
  const skipped = Array.isArray(details.skipped)
    ? (details.skipped as unknown[]).flatMap((item) => {
        const entry = item as { path?: unknown; reason?: unknown };
        return typeof entry.path === 'string'
          ? [{ path: entry.path, reason: typeof entry.reason === 'string' ? entry.reason : '' }]
          : [];
      })
    : [];
  const destination = typeof details.destination === 'string' ? details.destination : null;
  return { files, skipped, destination };
}

/** Problems a verify found, as messages (the job lists them per backup, or flat). */
export function verifyProblems(run: RunView): Message[] {
  const details = run.details ?? {};
  const flat = Array.isArray(details.problems) ? (details.problems as Message[]) : [];
  const perBackup = Array.isArray(details.backups)
    ? (details.backups as { problems?: Message[] }[]).flatMap((b) => b.problems ?? [])
    : [];
  return [...flat, ...perBackup].filter((m) => typeof m?.messageKey === 'string');
}

/** Old backups removed after a backup (`details.pruned`), or by a prune run of its own. */
/** Volumes an interrupted run of this backup had uploaded, which this run kept (0: it began it). */
export function resumedVolumes(run: RunView): number {
  const count = run.details?.resumedVolumes;
  return typeof count === 'number' ? count : 0;
}

export function prunedBackups(run: RunView): string[] {
  const pruned = (run.details?.pruned ?? run.details) as { removed?: unknown } | undefined;
  const removed = Array.isArray(pruned?.removed) ? (pruned.removed as unknown[]) : [];
  return removed.flatMap((item) => {
    if (typeof item === 'string') return [item];
    const backups = (item as { backups?: unknown }).backups;
    return Array.isArray(backups) ? backups.filter((b): b is string => typeof b === 'string') : [];
  });
}

/**
 * The files, bytes and targets of a run for the report. A backup has them at the top level; a restore
 * and a verify only in `details` (the job's own result), so they are read from there.
 */
export function runFigures(run: RunView): {
  files: number | null;
  bytes: number | null;
  targets: RunView['targets'];
} {
  const details = run.details ?? {};
  const number = (value: unknown) => (typeof value === 'number' ? value : null);
  if (run.action === 'restore') {
    const target = typeof details.target === 'string' ? details.target : null;
    return {
      files: run.files ?? number(details.files),
      bytes: run.bytes ?? number(details.bytes),
      targets: run.targets.length > 0 || !target ? run.targets : [{ target, ok: run.state === 'succeeded' }],
    };
  }
  if (run.action === 'verify' && Array.isArray(details.backups)) {
    const backups = details.backups as { target?: unknown; ok?: unknown; files?: unknown; bytes?: unknown }[];
    const byTarget = new Map<string, boolean>();
    for (const b of backups)
      if (typeof b.target === 'string')
        byTarget.set(b.target, (byTarget.get(b.target) ?? true) && b.ok === true);
    return {
      files: run.files ?? backups.reduce((sum, b) => sum + (number(b.files) ?? 0), 0),
      bytes: run.bytes ?? backups.reduce((sum, b) => sum + (number(b.bytes) ?? 0), 0),
      targets: run.targets.length > 0 ? run.targets : [...byTarget].map(([target, ok]) => ({ target, ok })),
    };
  }
  return { files: run.files, bytes: run.bytes, targets: run.targets };
}
