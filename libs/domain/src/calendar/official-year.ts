import { z } from 'zod';
import { dayOfWeek, isCalendarDate, type CalendarDate } from './calendar-date';
import { FESTIVAL_NAMES, PROVISIONAL_YEARS, statutoryDaysOf } from './provisional-holidays';
import type { OfficialYear } from './statutory-calendar';

/** The first year an arrangement may be loaded for: the first year of the bundled data. */
export const LOADABLE_YEARS = Object.freeze({ from: 2004, to: PROVISIONAL_YEARS.to });

/**
 * A year's arrangement as an operator types it from the State Council's notice (PUT /v1/calendar/years/{year},
 * `gongkai calendar load`). `explanations` names, for each statutory day that is not a rest day in the
 * arrangement, why (a later revision of the measures, a notice that says otherwise).
 */
export const officialYearInputSchema = z
  .object({
    source: z.string().trim().min(1).max(200),
    holidays: z.array(z.string()).max(366),
    workdays: z.array(z.string()).max(366),
    explanations: z.record(z.string(), z.string().trim().min(1).max(500)).optional(),
  })
  .strict();
export type OfficialYearInput = z.infer<typeof officialYearInputSchema>;

export interface OfficialYearProblem {
  /** JSON pointer-like path inside the input: `holidays/3`, `workdays/0`, `explanations/2027-05-01`. */
  field: string;
  message: string;
}

/**
 * Checks an arrangement against its year: real dates inside the year, listed once; workdays only on
 * Saturdays and Sundays; no date both a holiday and a workday; and, for years under the 2024 measures,
 * every statutory day a rest day or explained. Pure: the caller records and applies it.
 */
export function validateOfficialYear(
  year: number,
  input: OfficialYearInput,
):
  | { ok: true; official: OfficialYear & { explanations: Record<string, string> } }
  | { ok: false; problems: OfficialYearProblem[] } {
  const problems: OfficialYearProblem[] = [];
  if (!Number.isInteger(year) || year < LOADABLE_YEARS.from || year > LOADABLE_YEARS.to) {
    return {
      ok: false,
      problems: [
        { field: 'year', message: `must be a year from ${LOADABLE_YEARS.from} to ${LOADABLE_YEARS.to}` },
      ],
    };
  }
  const dates = (list: readonly string[], name: 'holidays' | 'workdays'): Set<CalendarDate> => {
    const seen = new Set<CalendarDate>();
    list.forEach((date, i) => {
      const field = `${name}/${i}`;
      if (!isCalendarDate(date) || !/^\d{4}-\d{2}-\d{2}$/.test(date)) {
        problems.push({ field, message: `${JSON.stringify(date)} is not a date YYYY-MM-DD` });
      } else if (!date.startsWith(`${year}-`)) {
        problems.push({ field, message: `${date} is not in ${year}` });
      } else if (seen.has(date)) {
        problems.push({ field, message: `${date} is listed twice` });
      } else {
        seen.add(date);
      }
    });
    return seen;
  };
  const holidays = dates(input.holidays, 'holidays');
  const workdays = dates(input.workdays, 'workdays');
  input.workdays.forEach((date, i) => {
    if (!workdays.has(date)) return;
    const weekday = dayOfWeek(date);
    if (weekday !== 0 && weekday !== 6) {
      problems.push({
        field: `workdays/${i}`,
        message: `${date} is a weekday: only a Saturday or Sunday can be declared a working day (调休上班)`,
      });
    }
    if (holidays.has(date)) {
      problems.push({
        field: `workdays/${i}`,
        message: `${date} is listed both as a holiday and as a workday`,
      });
    }
  });
  const explanations = input.explanations ?? {};
  const statutory = year >= PROVISIONAL_YEARS.from ? statutoryDaysOf(year) : [];
  const statutoryDates = new Set(statutory.map((day) => day.date));
  for (const day of statutory) {
    const weekday = dayOfWeek(day.date);
    const rest = holidays.has(day.date) || ((weekday === 0 || weekday === 6) && !workdays.has(day.date));
    if (!rest && explanations[day.date] === undefined) {
      problems.push({
        field: 'holidays',
        message:
          `${day.date} (${FESTIVAL_NAMES[day.festival].zh}) is a statutory holiday under 全国年节及纪念日放假办法 ` +
          `第二条 but is not a rest day in this arrangement; list it, or explain the difference in explanations`,
      });
    }
  }
  for (const date of Object.keys(explanations)) {
    if (!statutoryDates.has(date)) {
      problems.push({
        field: `explanations/${date}`,
        message: `${date} is not a statutory holiday of ${year}: nothing to explain`,
      });
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const sorted = (set: Set<CalendarDate>) => [...set].sort();
  return {
    ok: true,
    official: {
      year,
      source: input.source.trim(),
      holidays: sorted(holidays),
      workdays: sorted(workdays),
      explanations,
    },
  };
}
