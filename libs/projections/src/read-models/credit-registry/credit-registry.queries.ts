import {
  activeBlacklistEntries,
  toShanghaiDate,
  type BlacklistEntry,
  type BlacklistLookup,
  type DishonestySeverity,
} from '@gongkai/domain';
import type { ReadModelHandle } from '../shared/read-model-handle';
import { decodeCursor, encodeCursor } from '../shared/keyset';
import { likePrefix, regionPrefix } from '../shared/sql-filters';

interface Origin {
  domain: string;
  transactionId?: string;
  authority: { name: string; creditCode: string };
  position: number;
  publishedAt: string;
}

export interface PenaltyRecord extends Origin {
  eventId: string;
  decisionNumber: string;
  legalRepresentative?: string;
  facts: string;
  basis: string;
  categories: string[];
  content: string;
  fineAmount?: string;
  decidedOn: string;
  validUntil?: string;
  displayUntil?: string;
  dataSource: { name: string; creditCode: string };
  /** Whether it is still shown at the instant asked about (decided, and display not ended). */
  displayed: boolean;
}

export interface CreditRecordEntry extends Origin {
  eventId: string;
  recordKind: 'reward' | 'dishonesty';
  severity?: DishonestySeverity;
  recordNumber: string;
  title: string;
  description: string;
  decidedOn: string;
  displayUntil?: string;
  displayed: boolean;
}

export interface BlacklistListing extends BlacklistEntry, Origin {
  eventId: string;
  reason: string;
  basis: string;
  restrictions: string[];
  removalReason?: 'credit_repaired' | 'display_expired' | 'decision_revoked';
  repairDecisionNumber?: string;
  /** In force at the instant asked about (domain's isBlacklistedAt rule). */
  inForce: boolean;
}

/** What `GET /v1/credit/{creditCode}` answers. */
export interface CreditProfile {
  creditCode: string;
  name: string;
  /** The instant the `displayed`/`inForce` flags and `blacklisted` were judged at. */
  at: string;
  blacklisted: boolean;
  penalties: PenaltyRecord[];
  creditRecords: CreditRecordEntry[];
  blacklist: BlacklistListing[];
}

type Row = Record<string, string | number | null>;

const str = (row: Row, column: string): string => String(row[column]);
const opt = (row: Row, column: string): string | undefined =>
  row[column] === null || row[column] === undefined ? undefined : String(row[column]);

/** Keeps optional fields absent rather than undefined-valued, so results compare and serialise cleanly. */
function compact<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function originOf(row: Row): Origin {
  return compact({
    domain: str(row, 'domain'),
    transactionId: opt(row, 'transaction_id'),
    authority: { name: str(row, 'authority_name'), creditCode: str(row, 'authority_credit_code') },
    position: Number(row['position']),
    publishedAt: str(row, 'published_at'),
  });
}

/** Shown from the decision day through the display end (inclusive), read in China Standard Time. */
function shownOn(day: string, decidedOn: string, displayUntil: string | undefined): boolean {
  return decidedOn <= day && (displayUntil === undefined || day <= displayUntil);
}

function toListing(row: Row, at: string): BlacklistListing {
  const entry = compact<BlacklistEntry>({
    creditCode: str(row, 'credit_code'),
    subjectName: opt(row, 'subject_name'),
    decisionNumber: str(row, 'decision_number'),
    severity: str(row, 'severity') as DishonestySeverity,
    decidedOn: str(row, 'decided_on'),
    repairableFrom: str(row, 'repairable_from'),
    displayUntil: str(row, 'display_until'),
    removedOn: opt(row, 'removed_on'),
  });
  return compact({
    ...entry,
    ...originOf(row),
    eventId: str(row, 'event_id'),
    reason: str(row, 'reason'),
    basis: str(row, 'basis'),
    restrictions: JSON.parse(str(row, 'restrictions')) as string[],
    removalReason: opt(row, 'removal_reason') as BlacklistListing['removalReason'],
    repairDecisionNumber: opt(row, 'repair_decision_number'),
    inForce: activeBlacklistEntries([entry], entry.creditCode, at).length > 0,
  });
}

function blacklistRows(handle: ReadModelHandle, creditCode: string): Row[] {
  const { db, tables } = handle;
  return db
    .prepare(
      `SELECT b.*, s.name AS subject_name FROM ${tables.table('blacklist')} b
       LEFT JOIN ${tables.table('subjects')} s ON s.credit_code = b.credit_code
       WHERE b.credit_code = ? ORDER BY b.position`,
    )
    .all(creditCode) as Row[];
}

/**
 * Everything the registry holds on one credit code, with what is shown and in force at `at` (default: now).
 * `undefined` when the code has no record at all.
 */
export function getCreditProfile(
  handle: ReadModelHandle,
  creditCode: string,
  at: string = new Date().toISOString(),
): CreditProfile | undefined {
  const { db, tables } = handle;
  const subject = db
    .prepare(`SELECT name FROM ${tables.table('subjects')} WHERE credit_code = ?`)
    .get(creditCode) as { name: string } | undefined;
  if (!subject) return undefined;
  const day = toShanghaiDate(at);
  const penalties = (
    db
      .prepare(`SELECT * FROM ${tables.table('penalties')} WHERE credit_code = ? ORDER BY position`)
      .all(creditCode) as Row[]
  ).map((row) =>
    compact<PenaltyRecord>({
      ...originOf(row),
      eventId: str(row, 'event_id'),
      decisionNumber: str(row, 'decision_number'),
      legalRepresentative: opt(row, 'legal_representative'),
      facts: str(row, 'facts'),
      basis: str(row, 'basis'),
      categories: JSON.parse(str(row, 'categories')) as string[],
      content: str(row, 'content'),
      fineAmount: opt(row, 'fine_amount'),
      decidedOn: str(row, 'decided_on'),
      validUntil: opt(row, 'valid_until'),
      displayUntil: opt(row, 'display_until'),
      dataSource: { name: str(row, 'data_source_name'), creditCode: str(row, 'data_source_credit_code') },
      displayed: shownOn(day, str(row, 'decided_on'), opt(row, 'display_until')),
    }),
  );
  const creditRecords = (
    db
      .prepare(`SELECT * FROM ${tables.table('credit_records')} WHERE credit_code = ? ORDER BY position`)
      .all(creditCode) as Row[]
  ).map((row) =>
    compact<CreditRecordEntry>({
      ...originOf(row),
      eventId: str(row, 'event_id'),
      recordKind: str(row, 'record_kind') as CreditRecordEntry['recordKind'],
      severity: opt(row, 'severity') as DishonestySeverity | undefined,
      recordNumber: str(row, 'record_number'),
      title: str(row, 'title'),
      description: str(row, 'description'),
      decidedOn: str(row, 'decided_on'),
      displayUntil: opt(row, 'display_until'),
      displayed: shownOn(day, str(row, 'decided_on'), opt(row, 'display_until')),
    }),
  );
  const blacklist = blacklistRows(handle, creditCode).map((row) => toListing(row, at));
  return {
    creditCode,
    name: subject.name,
    at,
    blacklisted: blacklist.some((listing) => listing.inForce),
    penalties,
    creditRecords,
    blacklist,
  };
}

/** The subject's blacklist listings in the domain's shape (removed ones included). */
export function blacklistEntriesOf(handle: ReadModelHandle, creditCode: string): BlacklistEntry[] {
  return blacklistRows(handle, creditCode).map((row) =>
    compact<BlacklistEntry>({
      creditCode: str(row, 'credit_code'),
      subjectName: opt(row, 'subject_name'),
      decisionNumber: str(row, 'decision_number'),
      severity: str(row, 'severity') as DishonestySeverity,
      decidedOn: str(row, 'decided_on'),
      repairableFrom: str(row, 'repairable_from'),
      displayUntil: str(row, 'display_until'),
      removedOn: opt(row, 'removed_on'),
    }),
  );
}

/** Is this credit code blacklisted at instant `at`? With the listings that make it so. */
export function blacklistStatusAt(
  handle: ReadModelHandle,
  creditCode: string,
  at: string | Date,
): { blacklisted: boolean; entries: BlacklistEntry[] } {
  const entries = activeBlacklistEntries(blacklistEntriesOf(handle, creditCode), creditCode, at);
  return { blacklisted: entries.length > 0, entries };
}

/**
 * The registry as the decider's blacklist source (`DecideContext`): refuses an award to a subject listed at
 * the award date. The handle is read on every call, so it follows the live generation it was given.
 */
export function creditRegistryBlacklistLookup(handle: () => ReadModelHandle): BlacklistLookup {
  return (creditCode, atIso) => blacklistStatusAt(handle(), creditCode, atIso).entries;
}

/** One subject of the credit registry as listed: what it has on record. */
export interface CreditSubjectSummary {
  creditCode: string;
  name: string;
  penalties: number;
  creditRecords: number;
  blacklistEntries: number;
  /** Listings not removed (whether their display period has run is judged by the profile, at an instant). */
  blacklistNotRemoved: number;
}

export interface CreditSubjectFilter {
  /** GB/T 2260 code; nests (`320600` = the whole city): subjects with a record published there. */
  region?: string;
  /** The caller's jurisdictions (a supervisor's scope). */
  withinRegions?: readonly string[];
  limit?: number;
  cursor?: string;
}

/**
 * The subjects with a record (penalty, credit record, listing) published within the regions, by credit code,
 * a page at a time from `cursor` (keyset on the credit code). Throws InvalidCursor for a cursor it did not issue.
 */
export function listCreditSubjects(
  handle: ReadModelHandle,
  filter: CreditSubjectFilter = {},
): { items: CreditSubjectSummary[]; nextCursor: string | null } {
  const { db, tables } = handle;
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 500);
  const regions = [
    ...(filter.withinRegions ?? []).map((r) => ({ scope: true, prefix: regionPrefix(r)! })),
    ...(filter.region ? [{ scope: false, prefix: regionPrefix(filter.region)! }] : []),
  ];
  const scoped = regions.filter((r) => r.scope);
  const chosen = regions.filter((r) => !r.scope);
  const where: string[] = [];
  const params: unknown[] = [];
  const inRegions = (list: Array<{ prefix: string }>) => {
    where.push(
      `EXISTS (SELECT 1 FROM ${tables.table('subject_regions')} r WHERE r.credit_code = s.credit_code AND (${list
        .map(() => "r.region_code LIKE ? ESCAPE '\\'")
        .join(' OR ')}))`,
    );
    params.push(...list.map((r) => likePrefix(r.prefix)));
  };
  if (filter.withinRegions !== undefined) {
    if (scoped.length === 0) return { items: [], nextCursor: null };
    inRegions(scoped);
  }
  if (chosen.length > 0) inRegions(chosen);
  if (filter.cursor !== undefined) {
    const [after] = decodeCursor(filter.cursor, ['string']);
    where.push('s.credit_code > ?');
    params.push(after);
  }
  const count = (table: string, extra = '') =>
    `(SELECT COUNT(*) FROM ${tables.table(table)} x WHERE x.credit_code = s.credit_code${extra})`;
  const rows = db
    .prepare(
      `SELECT s.credit_code AS creditCode, s.name AS name,
              ${count('penalties')} AS penalties, ${count('credit_records')} AS creditRecords,
              ${count('blacklist')} AS blacklistEntries,
              ${count('blacklist', ' AND x.removed_on IS NULL')} AS blacklistNotRemoved
       FROM ${tables.table('subjects')} s ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY s.credit_code LIMIT ?`,
    )
    .all(...params, limit + 1) as CreditSubjectSummary[];
  const items = rows.slice(0, limit);
  const more = rows.length > limit;
  return { items, nextCursor: more ? encodeCursor([items[items.length - 1]!.creditCode]) : null };
}
