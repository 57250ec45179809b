import type Database from 'better-sqlite3';
import { isDisclosureEventType, parseStreamId, toPublicView, type DomainEvent } from '@gongkai/domain';
import type { RecordedEvent } from '@gongkai/event-store';
import type { ProjectionTables, SqlProjection } from '../../runner/projection';
import { prepared } from '../shared/prepared';
import { REGION_LEVEL_COLUMNS, REGION_LEVEL_INSERT, utcInstant } from '../shared/sql-filters';
import { storedDomainEvent } from '../shared/stored-event';
import { storedFindingsOf } from '../supervision-findings/stored-finding';

export const STANDALONE_DISCLOSURES = 'standalone-disclosures';

/**
 * Disclosures outside a transaction (`disclosure-<id>` streams: supply plans, procurement catalogues,
 * approvals, housing plans…): one row per disclosure as it now stands, holding the domain's public view of
 * its latest version (only public data is written here, so rows are served to anyone as they are); one row per
 * version; and the transactions each names, so a transaction's page lists the disclosures about it.
 */
export const standaloneDisclosuresProjection: SqlProjection = {
  name: STANDALONE_DISCLOSURES,
  version: 1,
  // No `filter` (see credit-registry): `apply` skips other streams before parsing anything.
  tableNames: ['disclosures', 'versions', 'links'],
  queryIndexes: [
    'disclosures_by_date',
    'disclosures_by_province',
    'disclosures_by_city',
    'disclosures_by_district',
    'disclosures_by_kind',
  ],

  setup(db: Database.Database, t: ProjectionTables): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${t.table('disclosures')} (
        disclosure_id TEXT PRIMARY KEY,
        stream_id TEXT NOT NULL,
        kind TEXT NOT NULL,
        domain TEXT NOT NULL,
        region_code TEXT NOT NULL, ${REGION_LEVEL_COLUMNS},
        publisher_name TEXT NOT NULL,
        publisher_credit_code TEXT NOT NULL,
        publisher_role TEXT NOT NULL,
        title TEXT NOT NULL,
        version INTEGER NOT NULL,
        first_published_at TEXT NOT NULL,
        last_published_at TEXT NOT NULL,
        late INTEGER NOT NULL,
        transaction_ids TEXT NOT NULL,
        view TEXT NOT NULL
      );
      CREATE TABLE IF NOT EXISTS ${t.table('versions')} (
        event_id TEXT PRIMARY KEY,
        disclosure_id TEXT NOT NULL,
        revision INTEGER NOT NULL,
        position INTEGER NOT NULL,
        type TEXT NOT NULL,
        occurred_at TEXT NOT NULL,
        published_at TEXT NOT NULL,
        finding_codes TEXT NOT NULL
      );
      CREATE INDEX IF NOT EXISTS ${t.table('versions_by_disclosure')}
        ON ${t.table('versions')} (disclosure_id, revision);
      CREATE TABLE IF NOT EXISTS ${t.table('links')} (
        transaction_id TEXT NOT NULL,
        disclosure_id TEXT NOT NULL,
        PRIMARY KEY (transaction_id, disclosure_id)
      ) WITHOUT ROWID;
      CREATE INDEX IF NOT EXISTS ${t.table('links_by_disclosure')} ON ${t.table('links')} (disclosure_id);
    `);
    // Query indexes (left out while a generation is built from empty, see SqlProjection.queryIndexes).
    const table = t.table('disclosures');
    const byKey = (name: string, leading: string) =>
      `CREATE INDEX IF NOT EXISTS ${t.table(`disclosures_by_${name}`)}
         ON ${table} (${leading}last_published_at, disclosure_id);`;
    db.exec(
      [
        byKey('date', ''),
        byKey('province', 'region_province, '),
        byKey('city', 'region_city, '),
        byKey('district', 'region_code, '),
        byKey('kind', 'kind, '),
      ].join('\n'),
    );
  },

  apply(db: Database.Database, t: ProjectionTables, recorded: RecordedEvent): void {
    if (
      parseStreamId(recorded.streamId)?.kind !== 'disclosure' ||
      !isDisclosureEventType(recorded.type as never)
    ) {
      return;
    }
    const event = storedDomainEvent(recorded);
    if (!event) return;
    upsertDisclosure(db, t, recorded, event);
  },
};

interface DisclosureFields {
  disclosureId: string;
  kind: string;
  domain: string;
  title: string;
  transactionIds?: string[];
}

function upsertDisclosure(
  db: Database.Database,
  t: ProjectionTables,
  recorded: RecordedEvent,
  event: DomainEvent,
): void {
  const data = event.data as unknown as DisclosureFields;
  const { metadata } = event;
  const publishedAt = utcInstant(metadata.publishedAt);
  const codes = [...new Set(storedFindingsOf(recorded.metadata).map((f) => f.code))];
  const late = codes.includes('LATE_DISCLOSURE') ? 1 : 0;
  const inserted = prepared(
    db,
    `INSERT OR IGNORE INTO ${t.table('versions')}
       (event_id, disclosure_id, revision, position, type, occurred_at, published_at, finding_codes)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    recorded.id,
    data.disclosureId,
    recorded.revision,
    recorded.position,
    event.type,
    utcInstant(metadata.occurredAt),
    publishedAt,
    codes.join(','),
  );
  if (inserted.changes === 0) return;
  const links = data.transactionIds ?? [];
  const view = JSON.stringify(toPublicView(event));
  prepared(
    db,
    `INSERT INTO ${t.table('disclosures')}
       (disclosure_id, stream_id, kind, domain, region_code, ${REGION_LEVEL_INSERT.columns}, publisher_name,
        publisher_credit_code, publisher_role, title, version, first_published_at, last_published_at, late,
        transaction_ids, view)
     VALUES (?, ?, ?, ?, ?, ${REGION_LEVEL_INSERT.values}, ?, ?, ?, ?, 1, ?, ?, ?, ?, ?)
     ON CONFLICT (disclosure_id) DO UPDATE SET
       title = excluded.title, version = version + 1, last_published_at = excluded.last_published_at,
       late = MAX(late, excluded.late), transaction_ids = excluded.transaction_ids, view = excluded.view`,
  ).run(
    data.disclosureId,
    recorded.streamId,
    data.kind,
    data.domain,
    metadata.regionCode,
    metadata.regionCode,
    metadata.regionCode,
    metadata.publisher.name,
    metadata.publisher.creditCode,
    metadata.publisherRole,
    data.title,
    publishedAt,
    publishedAt,
    late,
    JSON.stringify(links),
    view,
  );
  // The links follow the disclosure as it now stands: an amendment may add or drop transactions.
  prepared(db, `DELETE FROM ${t.table('links')} WHERE disclosure_id = ?`).run(data.disclosureId);
  const link = prepared(
    db,
    `INSERT OR IGNORE INTO ${t.table('links')} (transaction_id, disclosure_id) VALUES (?, ?)`,
  );
  for (const transactionId of links) link.run(transactionId, data.disclosureId);
}
