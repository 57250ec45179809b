import { createHash } from 'node:crypto';
import {
  CREDIT_STREAM_PREFIX,
  DISCLOSURE_STREAM_PREFIX,
  FINDINGS_REEVALUATED,
  isTransactionEventType,
  transactionIdOf,
  REEVALUATION_STREAM,
  TRANSACTION_STREAM_PREFIX,
  reevaluateFindings,
  type DomainEvent,
  type FindingsReevaluated,
  type StatutoryCalendar,
} from '@gongkai/domain';
import type { EventData, EventStore, RecordedEvent } from '@gongkai/event-store';
import { findingsOf, fromRecordedEvent } from '../event-codec';
import { readStreamOrEmpty } from '../stream-reader';
import type { CalendarLoad } from './calendar-stream';

/** What a load's re-evaluation did: events looked at again, and how many records it wrote. */
export interface ReevaluationSummary {
  year: number;
  /** Disclosures whose timing relied on the provisional year. */
  reevaluated: number;
  /** FindingsReevaluated records written (one per disclosure with a finding before or after). */
  recorded: number;
  changes: { confirmed: number; changed: number; withdrawn: number; raised: number };
}

const PAGE = 1000;

/** A stable id per (year, disclosure): a disclosure is re-evaluated once per year, whichever load did it. */
function recordId(year: number, eventId: string): string {
  const hex = createHash('sha256').update(`reevaluation|${year}|${eventId}`).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-8${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function subjectOf(event: DomainEvent): FindingsReevaluated['subject'] {
  const data = event.data as { domain?: string };
  const transactionId = isTransactionEventType(event.type) ? transactionIdOf(event.data) : undefined;
  return {
    eventType: event.type,
    regionCode: event.metadata.regionCode,
    publisher: { name: event.metadata.publisher.name, creditCode: event.metadata.publisher.creditCode },
    publishedAt: event.metadata.publishedAt,
    ...(data.domain ? { domain: data.domain } : {}),
    ...(transactionId ? { transactionId } : {}),
  };
}

function reliedOn(recorded: RecordedEvent, year: number): boolean {
  const years = (recorded.metadata as { provisionalYears?: unknown }).provisionalYears;
  return Array.isArray(years) && years.includes(year);
}

/**
 * After `load` replaced a provisional year: every disclosure whose timing relied on that year (marked
 * `provisionalYears` in its metadata when accepted) is evaluated again on `calendar`, and what became of
 * its findings is recorded in the re-evaluation stream. The stored disclosures are never edited.
 *
 * It reads the disclosures of $all once (a load happens about once a year). A disclosure already re-evaluated
 * for the year is skipped, so a re-evaluation interrupted by a crash is completed by loading the arrangement
 * again (the year is then `loaded`, and the remaining provisional disclosures are evaluated on it).
 */
export async function reevaluateAfterLoad(
  store: EventStore,
  load: CalendarLoad,
  calendar: StatutoryCalendar,
): Promise<ReevaluationSummary> {
  const summary: ReevaluationSummary = {
    year: load.year,
    reevaluated: 0,
    recorded: 0,
    changes: { confirmed: 0, changed: 0, withdrawn: 0, raised: 0 },
  };
  // Disclosures of this year already re-evaluated by an earlier load are not evaluated again: a re-load (after
  // a crash mid-way, or a correction) completes what is missing and records each disclosure once per year.
  const done = new Set<string>();
  for (const record of await readStreamOrEmpty(store, REEVALUATION_STREAM)) {
    const data = record.data as { eventId?: unknown; year?: unknown };
    if (data.year === load.year && typeof data.eventId === 'string') done.add(data.eventId);
  }
  const histories = new Map<string, DomainEvent[]>();
  const historyBefore = async (recorded: RecordedEvent): Promise<DomainEvent[]> => {
    if (!recorded.streamId.startsWith(TRANSACTION_STREAM_PREFIX) || recorded.revision === 0) return [];
    let all = histories.get(recorded.streamId);
    if (!all) {
      all = (await store.readStream(recorded.streamId)).map(fromRecordedEvent);
      histories.set(recorded.streamId, all);
    }
    return all.slice(0, recorded.revision);
  };
  const records: EventData[] = [];
  let after: number | undefined;
  for (;;) {
    const page = await store.readAll({
      from: after === undefined ? 'start' : { after },
      maxCount: PAGE,
      filter: { streamPrefixes: [TRANSACTION_STREAM_PREFIX, CREDIT_STREAM_PREFIX, DISCLOSURE_STREAM_PREFIX] },
    });
    for (const recorded of page) {
      if (recorded.position > load.position || !reliedOn(recorded, load.year) || done.has(recorded.id))
        continue;
      summary.reevaluated += 1;
      const event = fromRecordedEvent(recorded);
      const changes = reevaluateFindings(
        event,
        await historyBefore(recorded),
        findingsOf(recorded),
        calendar,
      );
      if (changes.length === 0) continue;
      for (const change of changes) summary.changes[change.change] += 1;
      const data: FindingsReevaluated = {
        eventId: recorded.id,
        streamId: recorded.streamId,
        revision: recorded.revision,
        position: recorded.position,
        year: load.year,
        calendarEventId: load.eventId,
        source: load.source,
        subject: subjectOf(event),
        changes,
      };
      records.push({ id: recordId(load.year, recorded.id), type: FINDINGS_REEVALUATED, data });
    }
    if (page.length < PAGE) break;
    after = page[page.length - 1]!.position;
  }
  for (let i = 0; i < records.length; i += PAGE) {
    const result = await store.append(REEVALUATION_STREAM, records.slice(i, i + PAGE));
    summary.recorded += result.events.length;
  }
  return summary;
}
