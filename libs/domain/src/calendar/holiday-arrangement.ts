import { z } from 'zod';
import packaged from 'chinese-days/dist/chinese-days.json';

/**
 * The State Council holiday arrangements (国务院办公厅关于部分节假日安排的通知) as published data:
 * `holidays` are days off (法定节假日 and the days moved next to them by 调休), `workdays` are weekend days
 * declared working days (调休上班). Keys are `YYYY-MM-DD`; values are chinese-days' labels
 * (`"Spring Festival,春节,4"`).
 *
 * We read chinese-days' data table rather than calling its functions: those parse dates into the machine's
 * local time zone (`isWorkday('2025-01-27')` is false when TZ=America/New_York), and domain code must never
 * depend on the machine's zone.
 */
export interface HolidayArrangement {
  holidays: Readonly<Record<string, string>>;
  workdays: Readonly<Record<string, string>>;
}

const arrangementSchema = z.object({
  holidays: z.record(z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.string()),
  workdays: z.record(z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.string()),
});

/** The arrangement shipped with the installed chinese-days package, validated on load. */
export const packagedArrangement: HolidayArrangement = arrangementSchema.parse(packaged);

/**
 * A year counts as covered only when the data holds that year's notice: both a Spring Festival (春节) and a
 * National Day (国庆节) holiday dated in that year. A year with weekends only is not a calendar we know.
 */
export function coveredYearsOf(arrangement: HolidayArrangement): number[] {
  const springFestival = new Set<number>();
  const nationalDay = new Set<number>();
  for (const [date, label] of Object.entries(arrangement.holidays)) {
    const year = Number(date.slice(0, 4));
    if (label.includes('春节')) springFestival.add(year);
    if (label.includes('国庆')) nationalDay.add(year);
  }
  return [...springFestival].filter((year) => nationalDay.has(year)).sort((a, b) => a - b);
}

/** `"Spring Festival,春节,4"` → `{ en: 'Spring Festival', zh: '春节' }`. */
export function holidayName(label: string): { en: string; zh: string } {
  const [en = label, zh = label] = label.split(',');
  return { en, zh };
}
