// The backup results as a check of the report, added to the list by the composition root now that
// backups exist: a failed last backup is a problem (and so an alert), one that reached only some
// targets or is overdue is a warning.
import { finding, type SystemCheck } from './system-checks.js';

export interface BackupState {
  /** Backups are set up and switched on. */
  enabled: boolean;
  /** When the next scheduled backup is due; null while backups are off. */
  nextRunAt: string | null;
  last: { state: 'succeeded' | 'partial' | 'failed'; finishedAt: string; files: number | null } | null;
}

const DAY = 86_400_000;

export function backupCheck(state: () => BackupState, now: () => Date = () => new Date()): SystemCheck {
  return {
    id: 'backup',
    run(_readings, settings) {
      const backups = state();
      if (!settings.backup.enabled || !backups.enabled) return [];
      const { last } = backups;
      if (!last) return [finding('backup', 'warning', 'none', {})];
      const days = Math.floor((now().getTime() - Date.parse(last.finishedAt)) / DAY);
      if (last.state === 'failed') return [finding('backup', 'problem', 'failed', { days })];
      // Overdue: the next run should have happened more than a day ago (the box was off, or it hangs).
      if (backups.nextRunAt && now().getTime() - Date.parse(backups.nextRunAt) > DAY)
        return [finding('backup', 'warning', 'overdue', { days })];
      if (last.state === 'partial') return [finding('backup', 'warning', 'partial', { days })];
      return [finding('backup', 'ok', 'ok', { days, files: last.files ?? 0 })];
    },
  };
}
