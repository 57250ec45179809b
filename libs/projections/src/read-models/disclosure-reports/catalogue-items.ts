import type Database from 'better-sqlite3';
import {
  catalogueItemFor,
  type CatalogueDomain,
  type CatalogueEventType,
  type DomainEvent,
} from '@gongkai/domain';
import type { RecordedEvent } from '@gongkai/event-store';
import type { ProjectionTables } from '../../runner/projection';
import { statementsOf } from '../shared/prepared';
import { utcInstant } from '../shared/sql-filters';
import {
  addCoverageChange,
  COVERAGE_STATEMENTS,
  writeCoverage,
  type CoverageDelta,
} from './coverage-counters';
import {
  dueDateSet,
  isLifecycleStage,
  LIFECYCLE_STAGES,
  stageIndex,
  type LifecycleStage,
} from './expected-items';

/** A catalogue item as stored (`catalogue_items`). */
export interface CatalogueItemRow {
  transaction_id: string;
  round: number;
  event_type: string;
  domain: string;
  region_code: string;
  publisher_name: string;
  publisher_credit_code: string;
  catalogue_id: string;
  expected: number;
  published_at: string | null;
  published_position: number | null;
  late: number;
  due_at: string | null;
  superseded_at: string | null;
  missing_since: string | null;
  /** Order of creation within the round: completeness lists a round's items in it. */
  seq: number;
}

interface RoundRow {
  round: number;
  domain: string;
  region_code: string;
  publisher_name: string;
  publisher_credit_code: string;
}

/** What an event may change of an item (the rest is fixed when it is created). */
const MUTABLE = [
  'published_at',
  'published_position',
  'late',
  'due_at',
  'superseded_at',
  'missing_since',
] as const;

const sql = statementsOf((t: ProjectionTables) => {
  const items = t.table('catalogue_items');
  return {
    round: `SELECT round, domain, region_code, publisher_name, publisher_credit_code FROM ${t.table('rounds')}
            WHERE transaction_id = ?`,
    saveRound: `INSERT OR REPLACE INTO ${t.table('rounds')}
        (transaction_id, round, domain, region_code, publisher_name, publisher_credit_code) VALUES (?, ?, ?, ?, ?, ?)`,
    items: `SELECT transaction_id, round, event_type, domain, region_code, publisher_name, publisher_credit_code,
              catalogue_id, expected, published_at, published_position, late, due_at, superseded_at, missing_since, seq
            FROM ${items} WHERE transaction_id = ? AND round = ?`,
    insert: `INSERT INTO ${items}
        (transaction_id, round, event_type, domain, region_code, publisher_name, publisher_credit_code, catalogue_id,
         expected, published_at, published_position, late, due_at, superseded_at, missing_since, seq)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    update: `UPDATE ${items} SET ${MUTABLE.map((column) => `${column} = ?`).join(', ')}
             WHERE transaction_id = ? AND round = ? AND event_type = ?`,
    delete: `DELETE FROM ${items} WHERE transaction_id = ? AND round = ? AND event_type = ?`,
    ...COVERAGE_STATEMENTS(t),
  };
});

const minText = (a: string | null, b: string) => (a !== null && a < b ? a : b);

/**
 * Per transaction round, the items its jurisdiction's catalogue expects (or that happened without being
 * expected), with when each was published or fell due, and their counts per day (coverage-counters.ts).
 *
 * The round's items (at most a handful) are read once per event, changed here, and each one that changed
 * is written once with the counters it moves: the rules below used to run as an SQL statement per item,
 * each item read before and after every change (about 10 % of a rebuild).
 */
export function trackCatalogueItems(
  db: Database.Database,
  t: ProjectionTables,
  recorded: RecordedEvent,
  event: DomainEvent,
  transactionId: string,
  late: boolean,
  publishedAt: string,
): void {
  const s = sql(db, t);
  const domain = (event.data as { domain: CatalogueDomain }).domain;
  let round = s.round.get(transactionId) as RoundRow | undefined;
  const announced = event.type === 'AnnouncementPublished';
  if (announced) {
    // A new round: what the catalogue expects of it, attributed to the announcing publisher (谁实施谁公开).
    round = {
      round: (round?.round ?? 0) + 1,
      domain,
      region_code: event.metadata.regionCode,
      publisher_name: event.metadata.publisher.name,
      publisher_credit_code: event.metadata.publisher.creditCode,
    };
    s.saveRound.run(
      transactionId,
      round.round,
      domain,
      round.region_code,
      round.publisher_name,
      round.publisher_credit_code,
    );
  }
  // An event before any announcement (the decider refuses it; a hand-written store might hold one) has no round.
  if (!round) return;
  const current = round;

  // The round's items as stored, and what they become; `undefined` after: deleted.
  const stored = new Map<string, CatalogueItemRow>();
  for (const row of s.items.all(transactionId, current.round) as CatalogueItemRow[])
    stored.set(row.event_type, row);
  const items = new Map<string, CatalogueItemRow | undefined>();
  for (const [type, row] of stored) items.set(type, { ...row });
  // Items created by this event (one may replace an item it deleted: a new row, as before).
  const created = new Set<CatalogueItemRow>();
  let seq = 0;
  for (const row of stored.values()) seq = Math.max(seq, row.seq);
  const create = (type: string, catalogueId: string, fields: Partial<CatalogueItemRow>) => {
    const item: CatalogueItemRow = {
      transaction_id: transactionId,
      round: current.round,
      event_type: type,
      domain,
      region_code: current.region_code,
      publisher_name: current.publisher_name,
      publisher_credit_code: current.publisher_credit_code,
      catalogue_id: catalogueId,
      expected: 1,
      published_at: null,
      published_position: null,
      late: 0,
      due_at: null,
      superseded_at: null,
      missing_since: null,
      seq: ++seq,
      ...fields,
    };
    created.add(item);
    items.set(type, item);
  };

  if (announced) {
    for (const stage of LIFECYCLE_STAGES) {
      const resolved = catalogueItemFor(current.region_code, stage, domain);
      if (resolved && !items.get(stage)) create(stage, resolved.catalogueId, {});
    }
  }

  if (event.type === 'TransactionTerminated') {
    // The round ends: what was not yet due is no longer expected; what had already fallen due stays missing.
    for (const [type, item] of items) {
      if (
        item &&
        item.published_at === null &&
        (item.missing_since === null || item.missing_since > publishedAt)
      )
        items.set(type, undefined);
    }
  }

  const own = items.get(event.type);
  if (own) {
    if (own.published_at === null) {
      own.published_at = publishedAt;
      own.published_position = recorded.position;
      own.late = late ? 1 : 0;
    }
  } else {
    const resolved = catalogueItemFor(current.region_code, event.type as CatalogueEventType, domain);
    if (resolved) {
      create(event.type, resolved.catalogueId, {
        expected: 0,
        published_at: publishedAt,
        published_position: recorded.position,
        late: late ? 1 : 0,
      });
    }
  }

  if (isLifecycleStage(event.type)) {
    // Every earlier stage still unpublished was skipped: it is missing from this publication on.
    for (const stage of LIFECYCLE_STAGES.slice(0, stageIndex(event.type as LifecycleStage))) {
      const item = items.get(stage);
      if (!item || item.published_at !== null) continue;
      item.superseded_at ??= publishedAt;
      item.missing_since = minText(item.missing_since, publishedAt);
    }
  }

  const due = dueDateSet(event);
  if (due) {
    for (const stage of due.stages) {
      const item = items.get(stage);
      if (!item) continue;
      if (item.published_at === null) {
        const dueAt = utcInstant(due.dueAt);
        item.due_at ??= dueAt;
        item.missing_since = minText(item.missing_since, dueAt);
      }
      break;
    }
  }

  // Written back: each item that changed, once.
  const coverage = new Map<string, CoverageDelta>();
  for (const [type, item] of items) {
    const before = stored.get(type);
    const fresh = item !== undefined && created.has(item);
    if (before && item && !fresh && MUTABLE.every((field) => before[field] === item[field])) continue;
    addCoverageChange(coverage, before, item);
    if (before && (!item || fresh)) s.delete.run(transactionId, current.round, type);
    if (item && fresh) {
      s.insert.run(
        item.transaction_id,
        item.round,
        item.event_type,
        item.domain,
        item.region_code,
        item.publisher_name,
        item.publisher_credit_code,
        item.catalogue_id,
        item.expected,
        ...MUTABLE.map((field) => item[field]),
        item.seq,
      );
    } else if (item) {
      s.update.run(...MUTABLE.map((field) => item[field]), transactionId, current.round, type);
    }
  }
  writeCoverage(s, coverage);
}
