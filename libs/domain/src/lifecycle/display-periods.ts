import { addDays, type CalendarDate, toShanghaiDate } from '../calendar';

/** The measures in force: they replaced the trial measures (失信行为纠正后的信用信息修复管理办法（试行）). */
export const DISPLAY_PERIOD_SOURCE = '信用修复管理办法（国家发展改革委令第36号，2026年4月1日起施行）';

/**
 * Display periods of dishonesty information under the measures in force, counted from the decision date:
 * minor (轻微) in principle not displayed and at most 3 months, repairable once its obligations are met; ordinary
 * (一般) from 3 months to 1 year; serious (严重) from 1 to 3 years. Repair may take effect once the minimum has run;
 * display ends at the maximum unless a sector rule extends it for a subject that has not corrected.
 */
export type DishonestySeverity = 'minor' | 'ordinary' | 'serious';

export const DISPLAY_PERIOD_MONTHS: Readonly<
  Record<DishonestySeverity, { minimum: number; maximum: number }>
> = {
  minor: { minimum: 0, maximum: 3 },
  ordinary: { minimum: 3, maximum: 12 },
  serious: { minimum: 12, maximum: 36 },
};

export interface DisplayPeriod {
  severity: DishonestySeverity;
  decidedOn: CalendarDate;
  /** Last day of the minimum period (it ends at 24:00 of this day, 民法典 第二百零三条第二款). */
  minimumEndsOn: CalendarDate;
  /** First day a repair may take effect: the day after the minimum period ends (for minor, the decision day). */
  repairableFrom: CalendarDate;
  /** Last day the record may be shown. */
  displayEndsOn: CalendarDate;
}

/**
 * `months` after `date` on the corresponding day, or the month's last day when it has none (民法典 第二百零二条:
 * 到期月的对应日为期间的最后一日；没有对应日的，月末日为期间的最后一日; 1-31 + 1 month = 2-28/29).
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
  const minimumEndsOn = addMonths(decided, months.minimum);
  return {
    severity,
    decidedOn: decided,
    minimumEndsOn,
    // The last day of the minimum counts in full: repair takes effect the day after (no minimum: at once).
    repairableFrom: months.minimum === 0 ? decided : addDays(minimumEndsOn, 1),
    displayEndsOn: addMonths(decided, months.maximum),
  };
}

/** Where a display end chosen by the deciding authority lies against the period. */
export type DisplayEndCheck = 'within' | 'belowMinimum' | 'aboveMaximum';

export function checkDisplayEnd(period: DisplayPeriod, displayUntil: CalendarDate | string): DisplayEndCheck {
  const end = toShanghaiDate(displayUntil);
  if (end < period.minimumEndsOn) return 'belowMinimum';
  if (end > period.displayEndsOn) return 'aboveMaximum';
  return 'within';
}

/** Does a display end chosen by the deciding authority lie within the range for its class? */
export function displayEndWithinRange(period: DisplayPeriod, displayUntil: CalendarDate | string): boolean {
  return checkDisplayEnd(period, displayUntil) === 'within';
}
