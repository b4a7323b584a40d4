// When backups run: the owner's frequency and time of day, the monthly full backup, and catching up
// on a run that was missed because the box was off. Pure functions of the clock, in the box's local time.

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

/** The scheduled time on the calendar day of `day` (local time). */
function atTimeOfDay(day: Date, timeOfDay: string): Date {
  const [hours, minutes] = timeOfDay.split(':').map(Number);
  return new Date(day.getFullYear(), day.getMonth(), day.getDate(), hours ?? 0, minutes ?? 0, 0, 0);
}

function matchesDay(schedule: BackupSchedule, day: Date): boolean {
  switch (schedule.frequency) {
    case 'daily':
      return true;
    case 'weekly':
      return day.getDay() === (schedule.weekday ?? 0);
    case 'monthly':
      return day.getDate() === (schedule.dayOfMonth ?? 1);
  }
}

/** The first scheduled time strictly after `after`. */
export function nextRunAfter(schedule: BackupSchedule, after: Date): Date {
  // At most 31 days ahead for monthly schedules; walking day by day keeps DST changes right.
  for (let offset = 0; offset <= 32; offset++) {
    const day = new Date(after.getFullYear(), after.getMonth(), after.getDate() + offset);
    if (!matchesDay(schedule, day)) continue;
    const candidate = atTimeOfDay(day, schedule.timeOfDay);
    if (candidate > after) return candidate;
  }
  throw new Error('no scheduled time within 32 days');
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
