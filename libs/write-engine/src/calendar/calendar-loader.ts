import { randomUUID } from 'node:crypto';
import {
  validateOfficialYear,
  type OfficialYearInput,
  type OfficialYearProblem,
  type YearCoverage,
} from '@gongkai/domain';
import { WrongExpectedVersion, type EventStore } from '@gongkai/event-store';
import { readStreamOrEmpty } from '../stream-reader';
import type { CalendarRegistry } from './calendar-registry';
import {
  CALENDAR_STREAM,
  CALENDAR_YEAR_LOADED,
  calendarLoadOf,
  calendarOf,
  type CalendarLoad,
  type CalendarYearLoaded,
} from './calendar-stream';
import { reevaluateAfterLoad, type ReevaluationSummary } from './reevaluate-findings';

export type LoadOutcome =
  | { ok: true; load: CalendarLoad; coverage: YearCoverage; reevaluation?: ReevaluationSummary }
  | { ok: false; problems: OfficialYearProblem[] };

/**
 * Loads one year's arrangement (PUT /v1/calendar/years/{year} and `gongkai calendar load`): validates it,
 * records it in the calendar stream, applies it to this process's registry at once (other processes follow
 * the stream), and re-evaluates the findings computed on the year while it was provisional (those not
 * re-evaluated by an earlier load of the year).
 */
export async function loadCalendarYear(
  store: EventStore,
  request: { year: number; input: OfficialYearInput; loadedBy: CalendarYearLoaded['loadedBy'] },
  registry?: CalendarRegistry,
): Promise<LoadOutcome> {
  const validated = validateOfficialYear(request.year, request.input);
  if (!validated.ok) return validated;
  for (let attempt = 0; ; attempt += 1) {
    // The stream, not this process's registry, says what the year was: another process may have loaded it.
    const recorded = await readStreamOrEmpty(store, CALENDAR_STREAM);
    const loads = recorded.flatMap((event) => calendarLoadOf(event) ?? []);
    const before = calendarOf(loads).yearCoverage(request.year);
    const data: CalendarYearLoaded = {
      ...validated.official,
      holidays: [...validated.official.holidays],
      workdays: [...validated.official.workdays],
      replaced: before?.provisional !== false ? 'provisional' : before.origin,
      loadedBy: request.loadedBy,
    };
    const last = recorded.at(-1)?.revision;
    let appended;
    try {
      appended = await store.append(
        CALENDAR_STREAM,
        [{ id: randomUUID(), type: CALENDAR_YEAR_LOADED, data }],
        {
          expectedRevision: last === undefined ? 'no_stream' : last,
        },
      );
    } catch (error) {
      // Two loads at once: read again and decide what this one replaces.
      if (attempt < 3 && error instanceof WrongExpectedVersion) continue;
      throw error;
    }
    const load = calendarLoadOf(appended.events[0]!)!;
    registry?.apply(appended.events[0]!);
    const calendar = calendarOf([...loads, load]);
    const coverage = calendar.yearCoverage(request.year)!;
    // A bundled year was never provisional; a loaded one may still have disclosures a crash left unre-evaluated.
    if (data.replaced === 'bundled') return { ok: true, load, coverage };
    const reevaluation = await reevaluateAfterLoad(store, load, calendar);
    return { ok: true, load, coverage, reevaluation };
  }
}
