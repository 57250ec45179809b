import { toShanghaiDate, type StatutoryCalendar } from '@gongkai/domain';

/** Whether next year's official arrangement is in, and, from 1 November (Beijing) on, a warning when it is not. */
export interface CalendarOutlook {
  /** The year after today's (Asia/Shanghai). */
  nextYear: number;
  nextYearOfficial: boolean;
  /** Set from 1 November while next year has no official arrangement: load it when the notice is out. */
  warning?: string;
}

/**
 * The State Council publishes next year's arrangement in the autumn; from 1 November a deployment still
 * without it says so in /health and /metrics, so operators load it on the day (PUT /v1/calendar/years).
 */
export function calendarOutlook(calendar: StatutoryCalendar, now: Date): CalendarOutlook {
  const today = toShanghaiDate(now);
  const nextYear = Number(today.slice(0, 4)) + 1;
  const nextYearOfficial = calendar.yearCoverage(nextYear)?.provisional === false;
  const warn = !nextYearOfficial && today.slice(5) >= '11-01';
  return {
    nextYear,
    nextYearOfficial,
    ...(warn
      ? {
          warning:
            `No official holiday arrangement for ${nextYear} is loaded: deadlines reaching into it are provisional. ` +
            `Load the State Council notice (国务院办公厅关于${nextYear}年部分节假日安排的通知) with ` +
            `PUT /v1/calendar/years/${nextYear} or \`gongkai calendar load ${nextYear} <file>\`.`,
        }
      : {}),
  };
}
