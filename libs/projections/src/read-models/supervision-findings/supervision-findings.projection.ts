import type Database from 'better-sqlite3';
import { z } from 'zod';
import { isTransactionEventType, parseStreamId, PERIOD_CURED, REEVALUATION_STREAM } from '@gongkai/domain';
import type { DomainEvent } from '@gongkai/domain';
import type { RecordedEvent } from '@gongkai/event-store';
import type { ProjectionTables, SqlProjection } from '../../runner/projection';
import { prepared, statementsOf } from '../shared/prepared';
import { storedDomainEvent } from '../shared/stored-event';
import { REGION_LEVEL_COLUMNS, REGION_LEVEL_INSERT, utcInstant } from '../shared/sql-filters';
import { openItemChange } from './open-items';
import { type StoredFinding, storedFindingsOf } from './stored-finding';

export const SUPERVISION_FINDINGS = 'supervision-findings';

/**
 * What supervisors look for: every statutory timing finding the service stored with an event (late
 * disclosure, deadline missed, period too short), and the stages still awaited (open items, see
 * open-items.ts), each with the region, domain and publisher it concerns.
 */
export const supervisionFindingsProjection: SqlProjection = {
  name: SUPERVISION_FINDINGS,
  // 5: cures (a correction extending a period cures an earlier PERIOD_TOO_SHORT; see recordCures).
  version: 5,
  // No `filter`: in live mode the runner's checkpoint only moves on delivered events, so a filtered projection
  // would report lag (and never satisfy waitForCatchUp) while other streams are written. `apply` skips
  // other streams itself, before parsing anything.
  tableNames: ['findings', 'open_items', 'reevaluations', 'cures'],
  // apply reads and writes by primary key only ((event id, seq), (transaction, awaiting), (re-evaluation, rule)).
  queryIndexes: [
    ...['position', 'province', 'city', 'district', 'transaction', 'rule', 'publisher'].map(
      (n) => `findings_by_${n}`,
    ),
    'open_items_by_due',
    ...['due', 'province', 'city', 'district'].map((n) => `open_items_open_by_${n}`),
    'open_items_by_closed',
    'reevaluations_by_finding',
  ],

  setup(db: Database.Database, t: ProjectionTables): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${t.table('findings')} (
        event_id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        position INTEGER NOT NULL,
        stream_id TEXT NOT NULL,
        transaction_id TEXT,
        event_type TEXT NOT NULL,
        domain TEXT,
        region_code TEXT NOT NULL,${REGION_LEVEL_COLUMNS},
        publisher_name TEXT NOT NULL,
        publisher_credit_code TEXT NOT NULL,
        code TEXT NOT NULL,
        rule_id TEXT NOT NULL,
        origin TEXT,
        catalogue_id TEXT,
        source_text TEXT,
        from_date TEXT,
        due_date TEXT,
        actual_date TEXT,
        late_by_working_days INTEGER,
        late_by_calendar_days INTEGER,
        short_by_working_days INTEGER,
        short_by_calendar_days INTEGER,
        message_zh TEXT,
        message_en TEXT,
        published_at TEXT NOT NULL,
        provisional_years TEXT,
        provisional_source TEXT,
        PRIMARY KEY (event_id, seq)
      );
      ${findingIndexes(t)}
      CREATE TABLE IF NOT EXISTS ${t.table('open_items')} (
        transaction_id TEXT NOT NULL,
        awaiting TEXT NOT NULL,
        domain TEXT NOT NULL,
        region_code TEXT NOT NULL,
        publisher_name TEXT NOT NULL,
        publisher_credit_code TEXT NOT NULL,
        opened_by TEXT NOT NULL,
        opened_position INTEGER NOT NULL,
        opened_at TEXT NOT NULL,
        due_at TEXT NOT NULL,${REGION_LEVEL_COLUMNS},
        closed_by TEXT,
        closed_position INTEGER,
        closed_at TEXT,
        PRIMARY KEY (transaction_id, awaiting)
      );
      ${openItemIndexes(t)}
      CREATE TABLE IF NOT EXISTS ${t.table('reevaluations')} (
        reevaluation_id TEXT NOT NULL,
        event_id TEXT NOT NULL,
        rule_id TEXT NOT NULL,
        change TEXT NOT NULL,
        due_before TEXT,
        due_after TEXT,
        source TEXT NOT NULL,
        calendar_event_id TEXT NOT NULL,
        position INTEGER NOT NULL,
        recorded_at TEXT NOT NULL,
        PRIMARY KEY (reevaluation_id, rule_id)
      );
      CREATE INDEX IF NOT EXISTS ${t.table('reevaluations_by_finding')} ON ${t.table('reevaluations')} (event_id, rule_id, position);
      CREATE TABLE IF NOT EXISTS ${t.table('cures')} (
        event_id TEXT NOT NULL,
        rule_id TEXT NOT NULL,
        cured_by_event_id TEXT NOT NULL,
        cured_by_event_type TEXT NOT NULL,
        cured_at TEXT NOT NULL,
        position INTEGER NOT NULL,
        due_date TEXT,
        actual_date TEXT,
        PRIMARY KEY (event_id, rule_id)
      );
    `);
  },

  apply(db: Database.Database, t: ProjectionTables, recorded: RecordedEvent): void {
    if (recorded.streamId === REEVALUATION_STREAM) {
      recordReevaluation(db, t, recorded);
      return;
    }
    const stream = parseStreamId(recorded.streamId);
    if (!stream) return;
    const event = storedDomainEvent(recorded);
    if (!event) return;
    const data = event.data as { domain?: string; transactionId?: string };
    const transactionId = stream.kind === 'transaction' ? stream.transactionId : data.transactionId;
    recordFindings(db, t, recorded, event, transactionId, data.domain);
    if (stream.kind === 'transaction' && isTransactionEventType(event.type)) {
      trackOpenItems(db, t, recorded, event, stream.transactionId);
    }
  },
};

/**
 * Findings are listed in recorded order (position, seq) and open items by due instant: each list has an
 * index per filter a page can walk (region at each level, and the most asked-for others), ending with the
 * sort key, so a page is a walk from its cursor (see shared/keyset.ts).
 */
function findingIndexes(t: ProjectionTables): string {
  const findings = t.table('findings');
  const index = (name: string, lead?: string) =>
    `CREATE INDEX IF NOT EXISTS ${t.table(`findings_by_${name}`)}
       ON ${findings} (${lead ? `${lead}, ` : ''}position, seq);`;
  return [
    index('position'),
    index('province', 'region_province'),
    index('city', 'region_city'),
    index('district', 'region_code'),
    index('transaction', 'transaction_id'),
    index('rule', 'rule_id'),
    index('publisher', 'publisher_credit_code'),
  ].join('\n');
}

/**
 * Most items are settled long ago, so "still open" is asked of partial indexes holding only the unsettled
 * ones (`open_by_*`, by region level); a judgement as of an instant before some item was settled walks all
 * items by due instant (`by_due`), the region checked along the walk.
 */
function openItemIndexes(t: ProjectionTables): string {
  const items = t.table('open_items');
  const index = (name: string, lead: string | undefined, where = '') =>
    `CREATE INDEX IF NOT EXISTS ${t.table(`open_items_${name}`)}
       ON ${items} (${lead ? `${lead}, ` : ''}due_at, transaction_id, awaiting) ${where};`;
  const levels: Array<[string, string | undefined]> = [
    ['due', undefined],
    ['province', 'region_province'],
    ['city', 'region_city'],
    ['district', 'region_code'],
  ];
  return [
    index('by_due', undefined),
    ...levels.map(([name, lead]) => index(`open_by_${name}`, lead, 'WHERE closed_at IS NULL')),
    `CREATE INDEX IF NOT EXISTS ${t.table('open_items_by_closed')} ON ${items} (closed_at);`,
  ].join('\n');
}

function recordFindings(
  db: Database.Database,
  t: ProjectionTables,
  recorded: RecordedEvent,
  event: DomainEvent,
  transactionId: string | undefined,
  domain: string | undefined,
): void {
  // Read from the stored metadata: the parsed event leaves findings out (see shared/stored-event.ts).
  const findings = storedFindingsOf(recorded.metadata);
  if (findings.length === 0) return;
  recordCures(db, t, recorded, event, findings);
  const insert = prepared(
    db,
    `INSERT OR IGNORE INTO ${t.table('findings')}
      (event_id, seq, position, stream_id, transaction_id, event_type, domain, region_code,
       ${REGION_LEVEL_INSERT.columns}, publisher_name, publisher_credit_code, code, rule_id, origin, catalogue_id,
       source_text, from_date, due_date, actual_date, late_by_working_days, late_by_calendar_days,
       short_by_working_days, short_by_calendar_days, message_zh, message_en, published_at, provisional_years,
       provisional_source)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ${REGION_LEVEL_INSERT.values}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const { metadata } = event;
  findings.forEach((finding, seq) => {
    if (finding.code === PERIOD_CURED) return;
    insert.run(
      recorded.id,
      seq,
      recorded.position,
      recorded.streamId,
      transactionId ?? null,
      event.type,
      domain ?? null,
      metadata.regionCode,
      metadata.regionCode,
      metadata.regionCode,
      metadata.publisher.name,
      metadata.publisher.creditCode,
      finding.code,
      finding.ruleId,
      finding.origin ?? null,
      finding.catalogueId ?? null,
      finding.sourceText ?? null,
      finding.from ?? null,
      finding.due ?? null,
      finding.actual ?? null,
      finding.lateByWorkingDays ?? null,
      finding.lateByCalendarDays ?? null,
      finding.shortByWorkingDays ?? null,
      finding.shortByCalendarDays ?? null,
      finding.message?.zh ?? null,
      finding.message?.en ?? null,
      utcInstant(metadata.publishedAt),
      finding.provisional ? (finding.provisionalYears ?? []).join(',') : null,
      finding.provisional ? (finding.provisionalBasis?.source ?? null) : null,
    );
  });
}

/**
 * A correction's PERIOD_CURED elements: the finding it cures keeps its row (raised by its event, at its time),
 * and the cure is kept beside it (by which correction, published when), so the finding's history reads
 * raised, then cured. The first cure counts; a finding cured twice (it cannot be, the decider forgets it once
 * cured) keeps the first.
 */
function recordCures(
  db: Database.Database,
  t: ProjectionTables,
  recorded: RecordedEvent,
  event: DomainEvent,
  findings: readonly StoredFinding[],
): void {
  const insert = prepared(
    db,
    `INSERT OR IGNORE INTO ${t.table('cures')}
      (event_id, rule_id, cured_by_event_id, cured_by_event_type, cured_at, position, due_date, actual_date)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  for (const finding of findings) {
    const cured = (finding as { curedEventId?: unknown }).curedEventId;
    if (finding.code !== PERIOD_CURED || typeof cured !== 'string') continue;
    insert.run(
      cured,
      finding.ruleId,
      recorded.id,
      event.type,
      utcInstant(event.metadata.publishedAt),
      recorded.position,
      finding.due ?? null,
      finding.actual ?? null,
    );
  }
}

const reevaluationSchema = z.looseObject({
  eventId: z.string(),
  calendarEventId: z.string(),
  source: z.string(),
  subject: z.looseObject({
    eventType: z.string(),
    regionCode: z.string(),
    publisher: z.looseObject({ name: z.string(), creditCode: z.string() }),
    publishedAt: z.string(),
    domain: z.string().optional(),
    transactionId: z.string().optional(),
  }),
  changes: z.array(
    z.looseObject({
      ruleId: z.string(),
      change: z.enum(['confirmed', 'changed', 'withdrawn', 'raised']),
      before: z.looseObject({ due: z.string().optional() }).optional(),
      after: z.unknown().optional(),
    }),
  ),
});

/**
 * A provisional year replaced by its official arrangement (see docs/deadlines.md): each finding's fate is
 * kept beside the finding, which stays as it was recorded; a breach only the official calendar shows is
 * added as a finding of its own, pointing at the re-evaluation that raised it.
 */
function recordReevaluation(db: Database.Database, t: ProjectionTables, recorded: RecordedEvent): void {
  const parsed = reevaluationSchema.safeParse(recorded.data);
  if (!parsed.success) return;
  const { eventId, calendarEventId, source, subject, changes } = parsed.data;
  const insert = prepared(
    db,
    `INSERT OR IGNORE INTO ${t.table('reevaluations')}
      (reevaluation_id, event_id, rule_id, change, due_before, due_after, source, calendar_event_id, position, recorded_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const raised = prepared(
    db,
    `INSERT OR IGNORE INTO ${t.table('findings')}
      (event_id, seq, position, stream_id, transaction_id, event_type, domain, region_code,
       ${REGION_LEVEL_INSERT.columns}, publisher_name, publisher_credit_code, code, rule_id, origin, catalogue_id,
       source_text, from_date, due_date, actual_date, late_by_working_days, late_by_calendar_days,
       short_by_working_days, short_by_calendar_days, message_zh, message_en, published_at, provisional_years,
       provisional_source)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ${REGION_LEVEL_INSERT.values}, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL)`,
  );
  const streamId =
    typeof (recorded.data as { streamId?: unknown }).streamId === 'string'
      ? (recorded.data as { streamId: string }).streamId
      : '';
  changes.forEach((change, index) => {
    const [after] = storedFindingsOf({ findings: change.after === undefined ? [] : [change.after] });
    insert.run(
      recorded.id,
      eventId,
      change.ruleId,
      change.change,
      change.before?.due ?? null,
      after?.due ?? null,
      source,
      calendarEventId,
      recorded.position,
      recorded.recordedAt,
    );
    if (change.change !== 'raised' || !after) return;
    raised.run(
      eventId,
      // Past any seq of the stored findings, unique per re-evaluation record.
      1_000_000 + recorded.revision * 100 + index,
      recorded.position,
      streamId,
      subject.transactionId ?? null,
      subject.eventType,
      subject.domain ?? null,
      subject.regionCode,
      subject.regionCode,
      subject.regionCode,
      subject.publisher.name,
      subject.publisher.creditCode,
      after.code,
      after.ruleId,
      after.origin ?? null,
      after.catalogueId ?? null,
      after.sourceText ?? null,
      after.from ?? null,
      after.due ?? null,
      after.actual ?? null,
      after.lateByWorkingDays ?? null,
      after.lateByCalendarDays ?? null,
      after.shortByWorkingDays ?? null,
      after.shortByCalendarDays ?? null,
      after.message?.zh ?? null,
      after.message?.en ?? null,
      utcInstant(subject.publishedAt),
    );
  });
}

function trackOpenItems(
  db: Database.Database,
  t: ProjectionTables,
  recorded: RecordedEvent,
  event: DomainEvent,
  transactionId: string,
): void {
  const s = openItemStatements(db, t);
  const change = openItemChange(event);
  const publishedAt = utcInstant(event.metadata.publishedAt);
  for (const awaiting of change.close)
    s.close.run(event.type, recorded.position, publishedAt, transactionId, awaiting);
  if (!change.open) return;
  if (change.redateOnly) {
    s.redate.run(change.open.dueAt, transactionId, change.open.awaiting);
    return;
  }
  // One row per awaited stage: a new round's item replaces the settled one of the round before.
  s.open.run(
    transactionId,
    change.open.awaiting,
    (event.data as { domain: string }).domain,
    event.metadata.regionCode,
    event.metadata.regionCode,
    event.metadata.regionCode,
    event.metadata.publisher.name,
    event.metadata.publisher.creditCode,
    event.type,
    recorded.position,
    publishedAt,
    change.open.dueAt,
  );
}

const openItemStatements = statementsOf((t: ProjectionTables) => {
  const table = t.table('open_items');
  return {
    close: `UPDATE ${table} SET closed_by = ?, closed_position = ?, closed_at = ?
     WHERE transaction_id = ? AND awaiting = ? AND closed_at IS NULL`,
    redate: `UPDATE ${table} SET due_at = ? WHERE transaction_id = ? AND awaiting = ? AND closed_at IS NULL`,
    open: `INSERT OR REPLACE INTO ${table}
      (transaction_id, awaiting, domain, region_code, ${REGION_LEVEL_INSERT.columns}, publisher_name,
       publisher_credit_code, opened_by, opened_position, opened_at, due_at, closed_by, closed_position, closed_at)
     VALUES (?, ?, ?, ?, ${REGION_LEVEL_INSERT.values}, ?, ?, ?, ?, ?, ?, NULL, NULL, NULL)`,
  };
});
