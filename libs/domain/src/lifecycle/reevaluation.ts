import type { StatutoryCalendar } from '../calendar';
import type { CatalogueFinding } from '../catalogues';
import { isCreditEventType, isDisclosureEventType, type DomainEvent } from '../events';
import { CONDUCT_FINDING_CODES } from './conduct-findings';
import { disclosureTiming } from './disclosure-decider';
import { PERIOD_CURED } from './period-cures';
import { timingOf } from './timing';
import { replayTransaction } from './transaction-state';

/**
 * System streams: not disclosures, so the disclosure read models, sinks and feeds skip them.
 * - the calendar stream holds one `CalendarYearLoaded` event per arrangement an operator loads;
 * - the re-evaluation stream holds one `FindingsReevaluated` event per disclosure whose timing was computed
 *   on a provisional year that an arrangement has since replaced.
 */
export const CALENDAR_STREAM = 'gongkai-calendar';
export const REEVALUATION_STREAM = 'gongkai-reevaluations';
export const FINDINGS_REEVALUATED = 'FindingsReevaluated';

/**
 * What became of one rule's finding when the provisional year was replaced by the official arrangement:
 * `confirmed` (same finding, same due date), `changed` (still a finding, other due date or figures),
 * `withdrawn` (no longer breached), `raised` (a breach the provisional calendar did not show).
 */
export interface FindingChange {
  ruleId: string;
  change: 'confirmed' | 'changed' | 'withdrawn' | 'raised';
  /** The finding as stored with the event (provisional), for every change but `raised`. */
  before?: { code: string; due?: string; provisional?: boolean };
  /** The finding on the official calendar, for `confirmed`, `changed` and `raised`. */
  after?: CatalogueFinding;
}

/** The data of a `FindingsReevaluated` event. */
export interface FindingsReevaluated {
  /** The disclosure re-evaluated (its stored event is never edited). */
  eventId: string;
  streamId: string;
  revision: number;
  position: number;
  year: number;
  /** The `CalendarYearLoaded` event that replaced the provisional year, and its notice. */
  calendarEventId: string;
  source: string;
  /** What the read models need to list a raised finding beside the others. */
  subject: {
    eventType: string;
    regionCode: string;
    publisher: { name: string; creditCode: string };
    publishedAt: string;
    domain?: string;
    transactionId?: string;
  };
  changes: FindingChange[];
}

interface StoredFindingLike {
  code?: unknown;
  ruleId?: unknown;
  due?: unknown;
  provisional?: unknown;
  lateByWorkingDays?: unknown;
  lateByCalendarDays?: unknown;
  shortByWorkingDays?: unknown;
  shortByCalendarDays?: unknown;
}

const FIGURES = [
  'code',
  'due',
  'lateByWorkingDays',
  'lateByCalendarDays',
  'shortByWorkingDays',
  'shortByCalendarDays',
] as const;

/**
 * Evaluates a disclosure's timing again on `calendar` and compares it with the findings stored with it.
 * `history` is the stream's events before this one (a transaction's state anchors some rules).
 */
export function reevaluateFindings(
  event: DomainEvent,
  history: readonly DomainEvent[],
  storedFindings: readonly unknown[],
  calendar: StatutoryCalendar,
): FindingChange[] {
  // A disclosure outside a transaction has its kind's own rules (disclosure-kinds.ts), not a stage's.
  const timing = isDisclosureEventType(event.type)
    ? disclosureTiming(event, calendar)
    : timingOf(event, isCreditEventType(event.type) ? undefined : replayTransaction([...history]), calendar);
  const after = new Map(timing.findings.map((finding) => [finding.ruleId, finding]));
  const changes: FindingChange[] = [];
  const seen = new Set<string>();
  for (const raw of storedFindings) {
    const stored = raw as StoredFindingLike;
    if (typeof stored.ruleId !== 'string' || typeof stored.code !== 'string') continue;
    // Conduct findings (a winner chosen during the publicity…) do not depend on the calendar.
    if ((CONDUCT_FINDING_CODES as readonly string[]).includes(stored.code)) continue;
    // A correction's cures and the stage rules it re-checked belong to the stage's dates, not to this
    // event's own rules (period-cures.ts): not this re-evaluation's to withdraw.
    if (stored.code === PERIOD_CURED || typeof (stored as { stage?: unknown }).stage === 'string') continue;
    seen.add(stored.ruleId);
    const before = {
      code: stored.code,
      ...(typeof stored.due === 'string' ? { due: stored.due } : {}),
      ...(stored.provisional === true ? { provisional: true } : {}),
    };
    const now = after.get(stored.ruleId);
    if (!now) {
      changes.push({ ruleId: stored.ruleId, change: 'withdrawn', before });
      continue;
    }
    const same = FIGURES.every((key) => (stored as Record<string, unknown>)[key] === now[key]);
    // A finding computed on official years only cannot have moved: it is not news.
    if (same && stored.provisional !== true) continue;
    changes.push({ ruleId: stored.ruleId, change: same ? 'confirmed' : 'changed', before, after: now });
  }
  for (const [ruleId, finding] of after) {
    if (!seen.has(ruleId)) changes.push({ ruleId, change: 'raised', after: finding });
  }
  return changes;
}
