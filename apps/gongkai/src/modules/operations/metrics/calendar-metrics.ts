import { Gauge, type Registry } from 'prom-client';
import type { CalendarRegistry } from '@gongkai/write-engine';
import { calendarOutlook } from '../../supervision/core/calendar-outlook';

/** `gongkai_calendar_next_year_official` (0/1) and, from 1 November, `..._missing_warning` (0/1). */
export function registerCalendarMetrics(
  registry: Registry,
  calendar: CalendarRegistry,
  now = () => new Date(),
): void {
  new Gauge({
    name: 'gongkai_calendar_next_year_official',
    help: "1 when next year's official holiday arrangement is loaded or bundled, 0 while it is provisional",
    registers: [registry],
    collect() {
      this.set(calendarOutlook(calendar.current, now()).nextYearOfficial ? 1 : 0);
    },
  });
  new Gauge({
    name: 'gongkai_calendar_next_year_missing_warning',
    help: "1 from 1 November (Beijing) while next year's official holiday arrangement is not loaded",
    registers: [registry],
    collect() {
      this.set(calendarOutlook(calendar.current, now()).warning ? 1 : 0);
    },
  });
}
