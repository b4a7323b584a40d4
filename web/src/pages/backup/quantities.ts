// Sizes, rates, durations and counts in the owner's language (1,5 GB in German, 1.5 GB in English).
import { useMemo } from 'react';
import { useI18n } from '../../i18n/i18n.js';

const BYTE_UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

export interface Quantities {
  bytes(value: number | null | undefined): string;
  rate(bytesPerSecond: number): string;
  /** 2 h 5 min, 4 min 10 s, 12 s. */
  duration(seconds: number | null | undefined): string;
  count(value: number | null | undefined): string;
  /** A weekday's name, 0 = Sunday. */
  weekday(day: number): string;
}

export function useQuantities(): Quantities {
  const { language } = useI18n();
  return useMemo(() => {
    const locale = language === 'de' ? 'de-DE' : 'en-GB';
    const unitFormats = BYTE_UNITS.map(
      (unit) =>
        new Intl.NumberFormat(locale, {
          style: 'unit',
          unit,
          // The short form of a byte is "byte" in English ("7 byte"); the long one says "7 bytes".
          unitDisplay: unit === 'byte' ? 'long' : 'short',
          maximumFractionDigits: 1,
        }),
    );
    const timeUnit = (unit: 'hour' | 'minute' | 'second') =>
      new Intl.NumberFormat(locale, { style: 'unit', unit, unitDisplay: 'narrow' });
    const hours = timeUnit('hour');
    const minutes = timeUnit('minute');
    const secondsFormat = timeUnit('second');
    const counts = new Intl.NumberFormat(locale);
    const weekdays = new Intl.DateTimeFormat(locale, { weekday: 'long', timeZone: 'UTC' });
    const dash = '–';

    const bytes = (value: number | null | undefined) => {
      if (value === null || value === undefined || !Number.isFinite(value)) return dash;
      let unit = 0;
      let scaled = value;
      while (scaled >= 1000 && unit < BYTE_UNITS.length - 1) {
        scaled /= 1000;
        unit++;
      }
      return (unitFormats[unit] ?? unitFormats[0])!.format(unit === 0 ? Math.round(scaled) : scaled);
    };
    return {
      bytes,
      rate: (bytesPerSecond) => `${bytes(bytesPerSecond)}/s`,
      duration: (seconds) => {
        if (seconds === null || seconds === undefined || !Number.isFinite(seconds)) return dash;
        const total = Math.max(0, Math.round(seconds));
        const h = Math.floor(total / 3600);
        const m = Math.floor((total % 3600) / 60);
        const s = total % 60;
        if (h > 0) return `${hours.format(h)} ${minutes.format(m)}`;
        if (m > 0) return `${minutes.format(m)} ${secondsFormat.format(s)}`;
        return secondsFormat.format(s);
      },
      count: (value) => (value === null || value === undefined ? dash : counts.format(value)),
      // 1970-01-04 was a Sunday.
      weekday: (day) => weekdays.format(new Date(Date.UTC(1970, 0, 4 + day))),
    };
  }, [language]);
}
