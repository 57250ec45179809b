import type Database from 'better-sqlite3';
import {
  displayPeriod,
  isCreditEventType,
  parseStreamId,
  toPublicView,
  toShanghaiDate,
  type DomainEvent,
  type EventData,
} from '@gongkai/domain';
import type { RecordedEvent } from '@gongkai/event-store';
import type { ProjectionTables, SqlProjection } from '../../runner/projection';
import { prepared } from '../shared/prepared';
import { storedDomainEvent } from '../shared/stored-event';

export const CREDIT_REGISTRY = 'credit-registry';

/**
 * The credit registry (信用记录) by unified social credit code: administrative penalties (双公示), credit
 * records, and blacklist listings with their Order 36 display periods and removal (repair, expiry,
 * revocation). Rows are written from the domain's public view, so the registry can be served as it is.
 */
export const creditRegistryProjection: SqlProjection = {
  name: CREDIT_REGISTRY,
  // 2: subject_regions (where each subject's records were published), for the scoped subject list.
  version: 2,
  // No `filter`: in live mode the runner's checkpoint only moves on delivered events, so a filtered projection
  // would report lag (and never satisfy waitForCatchUp) while other streams are written. `apply` skips
  // other streams itself, before parsing anything.
  tableNames: ['subjects', 'penalties', 'credit_records', 'blacklist', 'subject_regions'],

  setup(db: Database.Database, t: ProjectionTables): void {
    const common = `
        position INTEGER NOT NULL,
        credit_code TEXT NOT NULL,
        domain TEXT NOT NULL,
        transaction_id TEXT,
        authority_name TEXT NOT NULL,
        authority_credit_code TEXT NOT NULL,
        published_at TEXT NOT NULL`;
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${t.table('subjects')} (
        credit_code TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        last_position INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS ${t.table('subject_regions')} (
        credit_code TEXT NOT NULL,
        region_code TEXT NOT NULL,
        PRIMARY KEY (credit_code, region_code)
      );
      CREATE TABLE IF NOT EXISTS ${t.table('penalties')} (
        event_id TEXT PRIMARY KEY, ${common},
        decision_number TEXT NOT NULL,
        legal_representative TEXT,
        facts TEXT NOT NULL,
        basis TEXT NOT NULL,
        categories TEXT NOT NULL,
        content TEXT NOT NULL,
        fine_amount TEXT,
        decided_on TEXT NOT NULL,
        valid_until TEXT,
        display_until TEXT,
        data_source_name TEXT NOT NULL,
        data_source_credit_code TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS ${t.table('penalties_by_code')} ON ${t.table('penalties')} (credit_code, position);
      CREATE TABLE IF NOT EXISTS ${t.table('credit_records')} (
        event_id TEXT PRIMARY KEY, ${common},
        record_kind TEXT NOT NULL,
        severity TEXT,
        record_number TEXT NOT NULL,
        title TEXT NOT NULL,
        description TEXT NOT NULL,
        decided_on TEXT NOT NULL,
        display_until TEXT
      );
      CREATE INDEX IF NOT EXISTS ${t.table('credit_records_by_code')}
        ON ${t.table('credit_records')} (credit_code, position);
      CREATE TABLE IF NOT EXISTS ${t.table('blacklist')} (
        event_id TEXT NOT NULL UNIQUE, ${common},
        decision_number TEXT NOT NULL,
        severity TEXT NOT NULL,
        reason TEXT NOT NULL,
        basis TEXT NOT NULL,
        restrictions TEXT NOT NULL,
        decided_on TEXT NOT NULL,
        repairable_from TEXT NOT NULL,
        display_until TEXT NOT NULL,
        removed_on TEXT,
        removal_reason TEXT,
        repair_decision_number TEXT,
        removal_position INTEGER,
        PRIMARY KEY (credit_code, decision_number)
      );
    `);
  },

  apply(db: Database.Database, t: ProjectionTables, recorded: RecordedEvent): void {
    const stream = parseStreamId(recorded.streamId);
    if (stream?.kind !== 'credit') return;
    const event = storedDomainEvent(recorded);
    if (!event || !isCreditEventType(event.type)) return;
    const view = toPublicView(event);
    const subject = (view.data as EventData<'PenaltyImposed'>).subject;
    prepared(
      db,
      `INSERT INTO ${t.table('subjects')} (credit_code, name, last_position) VALUES (?, ?, ?)
       ON CONFLICT (credit_code) DO UPDATE SET name = excluded.name, last_position = excluded.last_position`,
    ).run(stream.creditCode, subject.name, recorded.position);
    prepared(
      db,
      `INSERT OR IGNORE INTO ${t.table('subject_regions')} (credit_code, region_code) VALUES (?, ?)`,
    ).run(stream.creditCode, view.metadata.regionCode);
    applyCreditEvent(db, t, recorded, stream.creditCode, view);
  },
};

/** Values of the columns every credit table shares, in the order of `common` above. */
function commonValues(recorded: RecordedEvent, creditCode: string, view: DomainEvent): unknown[] {
  const data = view.data as EventData<'PenaltyImposed'>;
  return [
    recorded.position,
    creditCode,
    data.domain,
    data.transactionId ?? null,
    data.authority.name,
    data.authority.creditCode,
    new Date(Date.parse(view.metadata.publishedAt)).toISOString(),
  ];
}
const COMMON_COLUMNS =
  'position, credit_code, domain, transaction_id, authority_name, authority_credit_code, published_at';

function applyCreditEvent(
  db: Database.Database,
  t: ProjectionTables,
  recorded: RecordedEvent,
  creditCode: string,
  view: DomainEvent,
): void {
  const common = commonValues(recorded, creditCode, view);
  const placeholders = (n: number) => Array.from({ length: n }, () => '?').join(', ');
  switch (view.type) {
    case 'PenaltyImposed': {
      const d = view.data;
      prepared(
        db,
        `INSERT OR IGNORE INTO ${t.table('penalties')} (event_id, ${COMMON_COLUMNS}, decision_number,
           legal_representative, facts, basis, categories, content, fine_amount, decided_on, valid_until,
           display_until, data_source_name, data_source_credit_code)
         VALUES (${placeholders(20)})`,
      ).run(
        recorded.id,
        ...common,
        d.decisionNumber,
        d.legalRepresentative ?? null,
        d.facts,
        d.basis,
        JSON.stringify(d.categories),
        d.content,
        d.fineAmount ?? null,
        d.decidedOn,
        d.validUntil ?? null,
        d.displayUntil ?? null,
        d.dataSource.name,
        d.dataSource.creditCode,
      );
      return;
    }
    case 'CreditRecorded': {
      const d = view.data;
      prepared(
        db,
        `INSERT OR IGNORE INTO ${t.table('credit_records')} (event_id, ${COMMON_COLUMNS}, record_kind, severity,
           record_number, title, description, decided_on, display_until)
         VALUES (${placeholders(15)})`,
      ).run(
        recorded.id,
        ...common,
        d.recordKind,
        d.severity ?? null,
        d.recordNumber,
        d.title,
        d.description,
        d.decidedOn,
        d.displayUntil ?? null,
      );
      return;
    }
    case 'BlacklistEntered': {
      const d = view.data;
      // Order 36: repair may take effect once the minimum display period has run (see display-periods.ts).
      const period = displayPeriod(d.severity, d.decidedOn);
      prepared(
        db,
        `INSERT OR IGNORE INTO ${t.table('blacklist')} (event_id, ${COMMON_COLUMNS}, decision_number, severity,
           reason, basis, restrictions, decided_on, repairable_from, display_until)
         VALUES (${placeholders(16)})`,
      ).run(
        recorded.id,
        ...common,
        d.decisionNumber,
        d.severity,
        d.reason,
        d.basis,
        JSON.stringify(d.restrictions),
        period.decidedOn,
        period.repairableFrom,
        toShanghaiDate(d.displayUntil),
      );
      return;
    }
    case 'BlacklistRemoved': {
      const d = view.data;
      // A removal naming no listing of this subject changes nothing (the decider refuses those anyway).
      prepared(
        db,
        `UPDATE ${t.table('blacklist')}
         SET removed_on = ?, removal_reason = ?, repair_decision_number = ?, removal_position = ?
         WHERE credit_code = ? AND decision_number = ? AND removed_on IS NULL`,
      ).run(
        toShanghaiDate(d.removedOn),
        d.removalReason,
        d.repairDecisionNumber ?? null,
        recorded.position,
        creditCode,
        d.entryDecisionNumber,
      );
      return;
    }
    default:
      return;
  }
}
