// When backups run: the owner's frequency and time of day, the monthly full backup, and catching up
// on a run that was missed because the box was off. Pure functions of the clock, in the box's local time.

import { nextOccurrenceAfter } from '../../schedule/calendar.js';

export type BackupFrequency = 'daily' | 'weekly' | 'monthly';

export interface BackupSchedule {
  frequency: BackupFrequency;
  /** Local time of day, `HH:MM` (24 h). */
  timeOfDay: string;
  /** For weekly backups: 0 = Sunday … 6 = Saturday. */
  weekday?: number;
  /** For monthly backups: 1–28, so that every month has the day. */
  dayOfMonth?: number;
}

/** The first scheduled time strictly after `after`. */
export function nextRunAfter(schedule: BackupSchedule, after: Date): Date {
  return nextOccurrenceAfter(schedule, after);
}

/**
 * Whether a backup is due now: a scheduled time has passed since the last run started. A box that was
 * off at the scheduled time therefore runs soon after it starts again, once, not once per missed time.
 */
export function isDue(schedule: BackupSchedule, lastRunAt: Date | null, now: Date, setUpAt: Date): boolean {
  const since = lastRunAt ?? setUpAt;
  return nextRunAfter(schedule, since) <= now;
}

/** A full backup once a month, incremental ones in between. */
export function kindOfNextBackup(lastFullAt: Date | null, now: Date): 'full' | 'incremental' {
  if (!lastFullAt) return 'full';
  const monthLater = new Date(lastFullAt);
  monthLater.setMonth(monthLater.getMonth() + 1);
  // setMonth overflows (31 Jan + 1 month = 3 Mar); clamp to the month's last day instead.
  if (monthLater.getDate() !== lastFullAt.getDate()) monthLater.setDate(0);
  return now >= monthLater ? 'full' : 'incremental';
}

const VERIFY_EVERY_DAYS = { weekly: 7, monthly: 30 } as const;

/**
 * Which scheduled job is due now: the backup when its time has passed since the last run, else the
 * integrity check when the last one is older than its period (and there is something to check).
 */
export function dueJob(
  settings: { schedule: BackupSchedule; verify: 'off' | 'weekly' | 'monthly'; setUpAt: string },
  now: Date,
  last: { lastBackup: Date | null; lastGoodBackup: Date | null; lastVerify: Date | null },
): 'backup' | 'verify' | null {
  if (isDue(settings.schedule, last.lastBackup, now, new Date(settings.setUpAt))) return 'backup';
  if (settings.verify === 'off' || !last.lastGoodBackup) return null;
  const since = (last.lastVerify ?? new Date(settings.setUpAt)).getTime();
  return now.getTime() - since > VERIFY_EVERY_DAYS[settings.verify] * 86_400_000 ? 'verify' : null;
}
