// Recurring times on the box's local calendar (hourly, daily, weekly, monthly at a time of day), for
// everything that runs on a schedule: backups, reports.

export interface Recurrence {
  frequency: 'hourly' | 'daily' | 'weekly' | 'monthly';
  /** Local time of day, `HH:MM` (24 h); hourly ones use its minutes. */
  timeOfDay: string;
  /** For weekly ones: 0 = Sunday … 6 = Saturday. */
  weekday?: number;
  /** For monthly ones: 1–28, so that every month has the day. */
  dayOfMonth?: number;
}

/** The scheduled time on the calendar day of `day` (local time). */
function atTimeOfDay(day: Date, timeOfDay: string): Date {
  const [hours, minutes] = timeOfDay.split(':').map(Number);
  return new Date(day.getFullYear(), day.getMonth(), day.getDate(), hours ?? 0, minutes ?? 0, 0, 0);
}

function matchesDay(recurrence: Recurrence, day: Date): boolean {
  switch (recurrence.frequency) {
    case 'hourly':
    case 'daily':
      return true;
    case 'weekly':
      return day.getDay() === (recurrence.weekday ?? 0);
    case 'monthly':
      return day.getDate() === (recurrence.dayOfMonth ?? 1);
  }
}

/** The first scheduled time strictly after `after`. */
export function nextOccurrenceAfter(recurrence: Recurrence, after: Date): Date {
  if (recurrence.frequency === 'hourly') {
    const minutes = Number(recurrence.timeOfDay.split(':')[1] ?? 0);
    const next = new Date(after);
    next.setMinutes(minutes, 0, 0);
    if (next <= after) next.setHours(next.getHours() + 1);
    return next;
  }
  // At most 31 days ahead for monthly schedules; walking day by day keeps DST changes right.
  for (let offset = 0; offset <= 32; offset++) {
    const day = new Date(after.getFullYear(), after.getMonth(), after.getDate() + offset);
    if (!matchesDay(recurrence, day)) continue;
    const candidate = atTimeOfDay(day, recurrence.timeOfDay);
    if (candidate > after) return candidate;
  }
  throw new Error('no scheduled time within 32 days');
}
