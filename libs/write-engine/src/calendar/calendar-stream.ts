import { z } from 'zod';
import {
  CALENDAR_STREAM,
  createStatutoryCalendar,
  packagedArrangement,
  type OfficialYear,
  type StatutoryCalendar,
} from '@gongkai/domain';
import type { RecordedEvent } from '@gongkai/event-store';

/**
 * The system stream of the calendar: one `CalendarYearLoaded` event per arrangement an operator loads (who,
 * when, from which notice). It is not a transaction or credit stream, so the read models, sinks and feeds
 * of disclosures leave it alone; every process serving answers follows it (CalendarRegistry).
 */
export { CALENDAR_STREAM };
export const CALENDAR_YEAR_LOADED = 'CalendarYearLoaded';

const date = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
export const calendarYearLoadedSchema = z.object({
  year: z.number().int(),
  source: z.string().min(1),
  holidays: z.array(date),
  workdays: z.array(date),
  explanations: z.record(z.string(), z.string()).default({}),
  /** What the year was before this load: computed provisionally, the bundled data, or an earlier load. */
  replaced: z.enum(['provisional', 'bundled', 'loaded']),
  loadedBy: z.object({ subject: z.string(), tokenId: z.string().optional(), via: z.enum(['api', 'cli']) }),
});
export type CalendarYearLoaded = z.infer<typeof calendarYearLoadedSchema>;

/** A load as recorded: the event's data with its id, revision and the store's timestamp. */
export interface CalendarLoad extends CalendarYearLoaded {
  eventId: string;
  revision: number;
  position: number;
  loadedAt: string;
}

/** The load an event of the calendar stream records; undefined for anything else (skipped, never fatal). */
export function calendarLoadOf(recorded: RecordedEvent): CalendarLoad | undefined {
  if (recorded.streamId !== CALENDAR_STREAM || recorded.type !== CALENDAR_YEAR_LOADED) return undefined;
  const parsed = calendarYearLoadedSchema.safeParse(recorded.data);
  if (!parsed.success) return undefined;
  return {
    ...parsed.data,
    eventId: recorded.id,
    revision: recorded.revision,
    position: recorded.position,
    loadedAt: recorded.recordedAt,
  };
}

/** The calendar in force after these loads: the bundled data, each loaded year overriding it (last wins). */
export function calendarOf(loads: readonly OfficialYear[]): StatutoryCalendar {
  return createStatutoryCalendar(packagedArrangement, loads);
}
