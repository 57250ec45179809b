import { type CalendarDate, toShanghaiDate } from '../calendar';

/**
 * Display periods of dishonesty records under NDRC Order 36 (失信行为纠正后的信用信息修复管理办法, in force
 * 2026-04-01): ordinary dishonesty is shown from 3 months to 1 year, serious dishonesty from 1 to 3 years,
 * counted from the decision date. Credit repair may be applied for once the minimum has run; display ends at the
 * maximum whatever happens.
 */
export type DishonestySeverity = 'ordinary' | 'serious';

export const DISPLAY_PERIOD_MONTHS: Readonly<
  Record<DishonestySeverity, { minimum: number; maximum: number }>
> = {
  ordinary: { minimum: 3, maximum: 12 },
  serious: { minimum: 12, maximum: 36 },
};

export interface DisplayPeriod {
  severity: DishonestySeverity;
  decidedOn: CalendarDate;
  /** First day a repair may take effect: the minimum period has run. */
  repairableFrom: CalendarDate;
  /** Last day the record may be shown. */
  displayEndsOn: CalendarDate;
}

/**
 * `months` after `date` on the corresponding day, or the month's last day when it has none (民法典 §201:
 * the period ends on the day corresponding to the start; 1-31 + 1 month = 2-28/29).
 */
export function addMonths(date: CalendarDate, months: number): CalendarDate {
  const [year, month, day] = date.split('-').map(Number) as [number, number, number];
  const index = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(index / 12);
  const targetMonth = (index % 12) + 1;
  const lastDay = new Date(Date.UTC(targetYear, targetMonth, 0)).getUTCDate();
  const d = Math.min(day, lastDay);
  return `${String(targetYear).padStart(4, '0')}-${String(targetMonth).padStart(2, '0')}-${String(d).padStart(2, '0')}` as CalendarDate;
}

export function displayPeriod(severity: DishonestySeverity, decidedOn: CalendarDate | string): DisplayPeriod {
  const decided = toShanghaiDate(decidedOn);
  const months = DISPLAY_PERIOD_MONTHS[severity];
  return {
    severity,
    decidedOn: decided,
    repairableFrom: addMonths(decided, months.minimum),
    displayEndsOn: addMonths(decided, months.maximum),
  };
}

/** Does a display end chosen by the deciding authority lie within the Order 36 range? */
export function displayEndWithinRange(period: DisplayPeriod, displayUntil: CalendarDate | string): boolean {
  const end = toShanghaiDate(displayUntil);
  return end >= period.repairableFrom && end <= period.displayEndsOn;
}
