/**
 * Counts kept per Beijing day are also kept per month and per year (levels `D`, `M`, `Y`; periods
 * `2026-03-25`, `2026-03`, `2026`), so a report over any range of days adds up at most a month's days at
 * each end, the months of two years and the whole years between: bounded by the calendar, not by how many
 * days the store covers (issue 17: the timeliness and annual reports scanned every day of every region).
 */
export type PeriodLevel = 'D' | 'M' | 'Y';

/** The day, month and year periods a day (`2026-03-25`) is counted in. */
export function periodsOf(day: string): ReadonlyArray<readonly [PeriodLevel, string]> {
  return [
    ['D', day],
    ['M', day.slice(0, 7)],
    ['Y', day.slice(0, 4)],
  ];
}

/** A range of one level's periods, [from, to). */
export interface PeriodRange {
  level: PeriodLevel;
  from: string;
  to: string;
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
/** The first day of the month after `day`'s. */
function nextMonthStart(day: string): string {
  const year = Number(day.slice(0, 4));
  const month = Number(day.slice(5, 7));
  return month === 12 ? `${pad(year + 1, 4)}-01-01` : `${day.slice(0, 4)}-${pad(month + 1)}-01`;
}
/** The first day of the year after `day`'s. */
function nextYearStart(day: string): string {
  return `${pad(Number(day.slice(0, 4)) + 1, 4)}-01-01`;
}
const minDay = (a: string, b: string) => (a < b ? a : b);

/**
 * The days [from, to) (`YYYY-MM-DD`; `from` undefined: from the first day there is) as ranges of days,
 * months and years covering each day exactly once, the largest periods that fit: at most five ranges.
 */
export function periodRanges(from: string | undefined, to: string): PeriodRange[] {
  const ranges: PeriodRange[] = [];
  const push = (level: PeriodLevel, a: string, b: string) => {
    if (a < b) ranges.push({ level, from: a, to: b });
  };
  const toMonth = to.slice(0, 7);
  const toYear = to.slice(0, 4);
  let day = from;
  if (day !== undefined) {
    if (day >= to) return [];
    // Up the levels: days to the next month's start, months to the next year's start.
    if (!day.endsWith('-01')) {
      const end = minDay(to, nextMonthStart(day));
      push('D', day, end);
      day = end;
    }
    if (day < to && day.slice(5, 7) !== '01') {
      const end = minDay(`${toMonth}-01`, nextYearStart(day));
      if (day < end) {
        push('M', day.slice(0, 7), end.slice(0, 7));
        day = end;
      }
    }
    if (day >= to) return ranges;
  }
  // Whole years, then down the levels to `to`: months of its year, days of its month.
  push('Y', day === undefined ? '' : day.slice(0, 4), toYear);
  const monthsFrom = day !== undefined && day > `${toYear}-01-01` ? day.slice(0, 7) : `${toYear}-01`;
  push('M', monthsFrom, toMonth);
  const daysFrom = day !== undefined && day > `${toMonth}-01` ? day : `${toMonth}-01`;
  push('D', daysFrom, to);
  return ranges;
}

/** The day after `day` (`YYYY-MM-DD`). */
export function nextDay(day: string): string {
  return new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10);
}
