import type Database from 'better-sqlite3';
import { correctedStageData, isCorrectionEventType, parseStreamId, type DomainEvent } from '@gongkai/domain';
import type { RecordedEvent } from '@gongkai/event-store';
import type { ProjectionTables, SqlProjection } from '../../runner/projection';
import { prepared } from '../shared/prepared';
import { storedDomainEvent } from '../shared/stored-event';
import { utcInstant } from '../shared/sql-filters';
import { RED_FLAG_THRESHOLDS as T, type RedFlagCode } from './red-flag-definitions';

export const RED_FLAGS_READ_MODEL = 'red-flags';

type Party = { name: string; creditCode: string };
type Candidate = Party & { bidPrice?: string; rank?: number };

/** What the indicators need to remember of a transaction's current round. */
interface Context {
  transaction_id: string;
  round: number;
  domain: string;
  region_code: string;
  publisher_name: string;
  publisher_credit_code: string;
  buyer_name: string;
  buyer_credit_code: string;
  ceiling: string | null;
  ceiling_kind: string | null;
  bid_start: string | null;
  bid_end: string | null;
  passed: string;
  rejected: string;
  candidates: string;
  award_amount: string | null;
  contract_amount: string | null;
}

const DAY_MS = 86_400_000;
/** Domains where the public side buys, so a lower price is better (elsewhere it sells to the highest bid). */
const BUYING_DOMAINS: readonly string[] = ['engineering', 'procurement', 'medical'];
const money = (value: unknown): number | undefined => {
  if (typeof value !== 'string' && typeof value !== 'number') return undefined;
  const n = Number(value);
  return Number.isFinite(n) ? n : undefined;
};
const isParty = (value: unknown): value is Party =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as Party).creditCode === 'string' &&
  typeof (value as Party).name === 'string';
const parties = (value: unknown): Party[] => (Array.isArray(value) ? value.filter(isParty) : []);

/** The organisation that buys or sells: the tenderer (招标人) or purchaser (采购人), else the publisher. */
function buyerOf(event: DomainEvent): Party {
  const data = event.data as Record<string, unknown>;
  for (const field of ['tenderer', 'purchaser']) if (isParty(data[field])) return data[field] as Party;
  return event.metadata.publisher;
}

/** Where the bid period starts and ends for the statutory minimum, or undefined where none applies. */
function bidPeriod(event: DomainEvent): { start?: string; end?: string } | undefined {
  const data = event.data as Record<string, unknown>;
  const s = (field: string) => (typeof data[field] === 'string' ? (data[field] as string) : undefined);
  switch (data.domain) {
    case 'engineering':
    case 'medical':
      return { start: s('documentsIssueStart'), end: s('bidDeadline') };
    case 'procurement': {
      const method = s('procurementMethod');
      // Negotiation and enquiry have shorter periods of their own; the 20 days are the tender's.
      if (method !== undefined && !['open_tender', 'invited_tender'].includes(method)) return undefined;
      return { start: s('documentsIssueStart') ?? s('announcementStart'), end: s('bidDeadline') };
    }
    case 'land':
      return { start: event.metadata.publishedAt, end: s('listingStart') ?? s('tradingStart') };
    default:
      return undefined;
  }
}

/**
 * Integrity indicators (廉政风险预警, see red-flag-definitions.ts), raised as the events arrive: each flag with
 * the event that raised it and its evidence. Some are withdrawn by a later event (a correction extending the
 * bid period, later awards diluting a supplier's share). The projection never refuses an event: what does
 * not parse is skipped, and a field an indicator needs but the event lacks means no flag.
 */
export const redFlagsProjection: SqlProjection = {
  name: RED_FLAGS_READ_MODEL,
  // 2: supplier shares are counted per buyer as awards arrive (supplier_awards, buyer_awards) instead of
  // regrouping every award of the buyer on each new one, which grew with the store.
  // 3: a corrected qualification result or candidates publicity is checked again (correctedStageData).
  version: 3,
  tableNames: ['flags', 'contexts', 'awards', 'supplier_awards', 'buyer_awards', 'penalties'],
  // Not penalties_by_subject nor supplier_awards_by_count: apply looks penalties and shares up through them.
  queryIndexes: ['flags_by_region', 'flags_by_transaction'],

  setup(db: Database.Database, t: ProjectionTables): void {
    db.exec(`
      CREATE TABLE IF NOT EXISTS ${t.table('flags')} (
        code TEXT NOT NULL,
        subject TEXT NOT NULL,
        transaction_id TEXT,
        domain TEXT,
        region_code TEXT NOT NULL,
        publisher_name TEXT NOT NULL,
        publisher_credit_code TEXT NOT NULL,
        event_id TEXT NOT NULL,
        event_type TEXT NOT NULL,
        position INTEGER NOT NULL,
        raised_at TEXT NOT NULL,
        evidence TEXT NOT NULL,
        PRIMARY KEY (code, subject)
      );
      CREATE INDEX IF NOT EXISTS ${t.table('flags_by_region')} ON ${t.table('flags')} (region_code, position);
      CREATE INDEX IF NOT EXISTS ${t.table('flags_by_transaction')} ON ${t.table('flags')} (transaction_id);
      CREATE TABLE IF NOT EXISTS ${t.table('contexts')} (
        transaction_id TEXT PRIMARY KEY,
        round INTEGER NOT NULL,
        domain TEXT NOT NULL,
        region_code TEXT NOT NULL,
        publisher_name TEXT NOT NULL,
        publisher_credit_code TEXT NOT NULL,
        buyer_name TEXT NOT NULL,
        buyer_credit_code TEXT NOT NULL,
        ceiling TEXT,
        ceiling_kind TEXT,
        bid_start TEXT,
        bid_end TEXT,
        passed TEXT NOT NULL DEFAULT '[]',
        rejected TEXT NOT NULL DEFAULT '[]',
        candidates TEXT NOT NULL DEFAULT '[]',
        award_amount TEXT,
        contract_amount TEXT
      );
      CREATE TABLE IF NOT EXISTS ${t.table('awards')} (
        transaction_id TEXT NOT NULL,
        round INTEGER NOT NULL,
        buyer_credit_code TEXT NOT NULL,
        supplier_credit_code TEXT NOT NULL,
        supplier_name TEXT NOT NULL,
        PRIMARY KEY (transaction_id, round)
      );
      CREATE TABLE IF NOT EXISTS ${t.table('supplier_awards')} (
        buyer_credit_code TEXT NOT NULL,
        supplier_credit_code TEXT NOT NULL,
        supplier_name TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (buyer_credit_code, supplier_credit_code)
      );
      CREATE INDEX IF NOT EXISTS ${t.table('supplier_awards_by_count')} ON ${t.table('supplier_awards')} (buyer_credit_code, n);
      CREATE TABLE IF NOT EXISTS ${t.table('buyer_awards')} (
        buyer_credit_code TEXT PRIMARY KEY,
        buyer_name TEXT NOT NULL,
        total INTEGER NOT NULL
      );
      CREATE TABLE IF NOT EXISTS ${t.table('penalties')} (
        event_id TEXT PRIMARY KEY,
        credit_code TEXT NOT NULL,
        decision_number TEXT NOT NULL,
        decided_on TEXT NOT NULL,
        display_until TEXT
      );
      CREATE INDEX IF NOT EXISTS ${t.table('penalties_by_subject')} ON ${t.table('penalties')} (credit_code);
    `);
  },

  apply(db: Database.Database, t: ProjectionTables, recorded: RecordedEvent): void {
    const stream = parseStreamId(recorded.streamId);
    if (!stream) return;
    const event = storedDomainEvent(recorded);
    if (!event) return;
    if (stream.kind === 'credit') {
      if (event.type === 'PenaltyImposed') recordPenalty(db, t, recorded, event);
      return;
    }
    // Disclosures outside a transaction raise no red flag of a round; other stages raise none either.
    if (stream.kind === 'disclosure' || !JUDGED.has(event.type)) return;
    new Indicators(db, t, recorded, event, stream.transactionId).run();
  },
};

function recordPenalty(
  db: Database.Database,
  t: ProjectionTables,
  recorded: RecordedEvent,
  event: DomainEvent,
) {
  const data = event.data as {
    subject?: Party;
    decisionNumber?: string;
    decidedOn?: string;
    displayUntil?: string;
  };
  if (!isParty(data.subject) || !data.decidedOn) return;
  prepared(
    db,
    `INSERT OR IGNORE INTO ${t.table('penalties')} (event_id, credit_code, decision_number, decided_on, display_until)
     VALUES (?, ?, ?, ?, ?)`,
  ).run(
    recorded.id,
    data.subject.creditCode,
    data.decisionNumber ?? '',
    data.decidedOn,
    data.displayUntil ?? null,
  );
}

/** The event types `Indicators.run` judges (the others leave the context and the flags as they are). */
const JUDGED = new Set<string>([
  'AnnouncementPublished',
  'AnnouncementCorrected',
  'QualificationResultPublished',
  'CandidatesPublicized',
  'QualificationResultCorrected',
  'CandidatesCorrected',
  'AwardPublished',
  'ContractSigned',
  'ContractChanged',
]);

/** The indicators for one transaction event, against the transaction's remembered context. */
class Indicators {
  private readonly data: Record<string, unknown>;
  private context: Context | undefined;

  constructor(
    private readonly db: Database.Database,
    private readonly t: ProjectionTables,
    private readonly recorded: RecordedEvent,
    private readonly event: DomainEvent,
    private readonly transactionId: string,
  ) {
    // A correction of a later stage is read as the stage it restates.
    this.data = (
      isCorrectionEventType(event.type) && event.type !== 'AnnouncementCorrected'
        ? correctedStageData(event)
        : event.data
    ) as Record<string, unknown>;
    this.context = prepared(db, `SELECT * FROM ${t.table('contexts')} WHERE transaction_id = ?`).get(
      transactionId,
    ) as Context | undefined;
  }

  run(): void {
    switch (this.event.type) {
      case 'AnnouncementPublished':
        return this.announced();
      case 'AnnouncementCorrected':
        return this.corrected();
      case 'QualificationResultPublished':
        return this.qualified();
      case 'CandidatesPublicized':
        return this.candidatesPublicized();
      // The corrected stage is judged again: what it no longer shows is withdrawn.
      case 'QualificationResultCorrected':
        this.withdrawStage('R018', 'qualification');
        this.withdraw('R038');
        return this.qualified();
      case 'CandidatesCorrected':
        this.withdrawStage('R018', 'candidates');
        this.withdraw('R028');
        return this.candidatesPublicized();
      case 'AwardPublished':
        return this.awarded();
      case 'ContractSigned':
        return this.contracted();
      case 'ContractChanged':
        return this.contractChanged();
      default:
        return;
    }
  }

  private get subject(): string {
    return `${this.transactionId}#${this.context?.round ?? 0}`;
  }

  private update(fields: Partial<Context>): void {
    if (!this.context) return;
    const names = Object.keys(fields);
    prepared(
      this.db,
      `UPDATE ${this.t.table('contexts')} SET ${names.map((n) => `${n} = ?`).join(', ')} WHERE transaction_id = ?`,
    ).run(...names.map((n) => fields[n as keyof Context] ?? null), this.transactionId);
    this.context = { ...this.context, ...fields };
  }

  private raise(code: RedFlagCode, evidence: Record<string, unknown>, subject = this.subject): void {
    const { metadata } = this.event;
    const context = this.context;
    prepared(
      this.db,
      `INSERT OR REPLACE INTO ${this.t.table('flags')}
        (code, subject, transaction_id, domain, region_code, publisher_name, publisher_credit_code, event_id,
         event_type, position, raised_at, evidence)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      code,
      subject,
      this.transactionId,
      (this.data.domain as string | undefined) ?? null,
      context?.region_code ?? metadata.regionCode,
      context?.publisher_name ?? metadata.publisher.name,
      context?.publisher_credit_code ?? metadata.publisher.creditCode,
      this.recorded.id,
      this.event.type,
      this.recorded.position,
      utcInstant(metadata.publishedAt),
      JSON.stringify(evidence),
    );
  }

  private withdraw(code: RedFlagCode, subject = this.subject): void {
    prepared(this.db, `DELETE FROM ${this.t.table('flags')} WHERE code = ? AND subject = ?`).run(
      code,
      subject,
    );
  }

  /** Withdraws a flag only if the stage named in its evidence raised it (R018 is raised by two stages). */
  private withdrawStage(code: RedFlagCode, stage: string): void {
    const row = prepared(
      this.db,
      `SELECT evidence FROM ${this.t.table('flags')} WHERE code = ? AND subject = ?`,
    ).get(code, this.subject) as { evidence: string } | undefined;
    if (row && (JSON.parse(row.evidence) as { stage?: string }).stage === stage) this.withdraw(code);
  }

  private announced(): void {
    const buyer = buyerOf(this.event);
    const ceiling = money(this.data.maximumPrice) !== undefined ? 'maximumPrice' : 'budgetAmount';
    const period = bidPeriod(this.event);
    const round = (this.context?.round ?? 0) + 1;
    prepared(
      this.db,
      `INSERT OR REPLACE INTO ${this.t.table('contexts')}
        (transaction_id, round, domain, region_code, publisher_name, publisher_credit_code, buyer_name,
         buyer_credit_code, ceiling, ceiling_kind, bid_start, bid_end)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(
      this.transactionId,
      round,
      this.data.domain as string,
      this.event.metadata.regionCode,
      this.event.metadata.publisher.name,
      this.event.metadata.publisher.creditCode,
      buyer.name,
      buyer.creditCode,
      typeof this.data[ceiling] === 'string' ? (this.data[ceiling] as string) : null,
      ceiling,
      period?.start ?? null,
      period?.end ?? null,
    );
    // The row as just written (read back, it cost a statement per announcement).
    this.context = {
      transaction_id: this.transactionId,
      round,
      domain: this.data.domain as string,
      region_code: this.event.metadata.regionCode,
      publisher_name: this.event.metadata.publisher.name,
      publisher_credit_code: this.event.metadata.publisher.creditCode,
      buyer_name: buyer.name,
      buyer_credit_code: buyer.creditCode,
      ceiling: typeof this.data[ceiling] === 'string' ? (this.data[ceiling] as string) : null,
      ceiling_kind: ceiling,
      bid_start: period?.start ?? null,
      bid_end: period?.end ?? null,
      passed: '[]',
      rejected: '[]',
      candidates: '[]',
      award_amount: null,
      contract_amount: null,
    };
    this.checkBidPeriod();
  }

  private corrected(): void {
    const end = ['bidDeadline', 'tradingStart'].map((f) => this.data[f]).find((v) => typeof v === 'string');
    if (typeof end !== 'string' || !this.context?.bid_end) return;
    this.update({ bid_end: end });
    this.checkBidPeriod();
  }

  private checkBidPeriod(): void {
    const { bid_start: start, bid_end: end } = this.context ?? {};
    if (!start || !end) return;
    const days = (Date.parse(end) - Date.parse(start)) / DAY_MS;
    if (!Number.isFinite(days)) return;
    if (days < T.minimumBidPeriodDays) {
      this.raise('R003', {
        periodStart: start,
        periodEnd: end,
        days: Math.round(days * 100) / 100,
        minimumDays: T.minimumBidPeriodDays,
      });
    } else {
      this.withdraw('R003');
    }
  }

  private qualified(): void {
    const passed = parties(this.data.passed);
    const rejected = parties(this.data.rejected);
    this.update({
      passed: JSON.stringify(passed),
      rejected: JSON.stringify(rejected.map(({ name, creditCode }) => ({ name, creditCode }))),
    });
    if (this.data.domain === 'housing') return;
    if (passed.length === 1)
      this.raise('R018', { stage: 'qualification', passed, rejected: rejected.length });
    const total = passed.length + rejected.length;
    if (rejected.length >= 2 && rejected.length / total >= T.disqualifiedShare) {
      this.raise('R038', {
        rejected: rejected.length,
        applicants: total,
        share: Math.round((rejected.length / total) * 10_000) / 10_000,
        threshold: T.disqualifiedShare,
      });
    }
  }

  private candidatesPublicized(): void {
    const candidates = (Array.isArray(this.data.candidates) ? this.data.candidates : []).filter(
      isParty,
    ) as Candidate[];
    const list = candidates.map(({ name, creditCode, bidPrice, rank }) => ({
      name,
      creditCode,
      bidPrice,
      rank,
    }));
    this.update({ candidates: JSON.stringify(list) });
    if (candidates.length === 1) this.raise('R018', { stage: 'candidates', candidates: list });
    const byPrice = new Map<number, Candidate[]>();
    for (const candidate of candidates) {
      const price = money(candidate.bidPrice);
      if (price === undefined) continue;
      byPrice.set(price, [...(byPrice.get(price) ?? []), candidate]);
    }
    const identical = [...byPrice.values()].filter(
      (group) => new Set(group.map((c) => c.creditCode)).size > 1,
    );
    if (identical.length > 0) {
      this.raise('R028', {
        groups: identical.map((group) => ({
          bidPrice: group[0]!.bidPrice,
          candidates: group.map(({ name, creditCode }) => ({ name, creditCode })),
        })),
      });
    }
  }

  private winners(): Party[] {
    const data = this.data;
    for (const field of ['winBidder', 'supplier', 'landee', 'transferee', 'buyer']) {
      if (isParty(data[field])) return [data[field] as Party];
    }
    return [];
  }

  private awarded(): void {
    const winners = this.winners();
    const amountField = ['bidAmount', 'dealAmount', 'dealPrice'].find(
      (f) => typeof this.data[f] === 'string',
    );
    const amount = amountField ? (this.data[amountField] as string) : undefined;
    this.update({ award_amount: amount ?? null });
    const context = this.context;
    if (!context || winners.length === 0) return;
    const winnerCodes = new Set(winners.map((w) => w.creditCode));

    const passed = JSON.parse(context.passed) as Party[];
    const rejected = JSON.parse(context.rejected) as Party[];
    if (passed.length === 1 && rejected.length >= 1 && winnerCodes.has(passed[0]!.creditCode)) {
      this.raise('R035', { winner: passed[0], disqualified: rejected });
    }

    const candidates = (JSON.parse(context.candidates) as Candidate[]).filter(
      (c) => money(c.bidPrice) !== undefined,
    );
    // Only where the lowest price should win: in land, mining or property sales the highest bid wins.
    if (candidates.length >= 2 && BUYING_DOMAINS.includes(context.domain)) {
      const lowest = candidates.reduce((a, b) => (money(b.bidPrice)! < money(a.bidPrice)! ? b : a));
      const lowestPrice = money(lowest.bidPrice)!;
      const lowestWon = candidates.some(
        (c) => money(c.bidPrice) === lowestPrice && winnerCodes.has(c.creditCode),
      );
      if (!lowestWon) {
        this.raise('R036', { lowest, winners, winningAmount: amount });
      }
    }

    const ceiling = money(context.ceiling);
    const awarded = money(amount);
    if (
      ceiling !== undefined &&
      ceiling > 0 &&
      awarded !== undefined &&
      awarded >= ceiling * T.ceilingShare
    ) {
      this.raise('GK_PRICE_AT_CEILING', {
        awardAmount: amount,
        [context.ceiling_kind ?? 'ceiling']: context.ceiling,
        share: Math.round((awarded / ceiling) * 10_000) / 10_000,
        threshold: T.ceilingShare,
      });
    }

    this.checkPenalties(winners);
    this.checkDominance(winners[0]!);
  }

  private checkPenalties(winners: Party[]): void {
    const chosen =
      typeof this.data.winnerChosen === 'string' ? this.data.winnerChosen : this.event.metadata.publishedAt;
    // Dates of penalties are Beijing calendar days; compare with the award's Beijing day.
    const awardDay = new Date(Date.parse(chosen) + 8 * 3600_000).toISOString().slice(0, 10);
    const since = `${Number(awardDay.slice(0, 4)) - T.penaltyLookbackYears}${awardDay.slice(4)}`;
    const open = winners.flatMap((winner) =>
      (
        prepared(
          this.db,
          `SELECT * FROM ${this.t.table('penalties')} WHERE credit_code = ? AND decided_on <= ?
             AND (decided_on >= ? OR (display_until IS NOT NULL AND display_until >= ?)) ORDER BY decided_on`,
        ).all(winner.creditCode, awardDay, since, awardDay) as Array<{
          credit_code: string;
          decision_number: string;
          decided_on: string;
          display_until: string | null;
        }>
      ).map((p) => ({
        winner,
        decisionNumber: p.decision_number,
        decidedOn: p.decided_on,
        ...(p.display_until ? { displayUntil: p.display_until } : {}),
      })),
    );
    if (open.length > 0) this.raise('GK_AWARD_TO_PENALIZED', { awardDay, penalties: open });
  }

  /**
   * Counts the award for its buyer and supplier (replacing the round's earlier award, if any), then raises
   * the flag for each supplier now above the share and withdraws it from each flagged one no longer above.
   * Work per award is bounded by the suppliers above the share (at most one above a half) and those flagged.
   */
  private checkDominance(winner: Party): void {
    const context = this.context!;
    const t = this.t;
    const previous = prepared(
      this.db,
      `SELECT buyer_credit_code AS buyer, supplier_credit_code AS supplier FROM ${t.table('awards')}
       WHERE transaction_id = ? AND round = ?`,
    ).get(this.transactionId, context.round) as { buyer: string; supplier: string } | undefined;
    if (previous) this.countAward(previous.buyer, previous.supplier, undefined, -1);
    prepared(
      this.db,
      `INSERT OR REPLACE INTO ${t.table('awards')}
        (transaction_id, round, buyer_credit_code, supplier_credit_code, supplier_name) VALUES (?, ?, ?, ?, ?)`,
    ).run(this.transactionId, context.round, context.buyer_credit_code, winner.creditCode, winner.name);
    this.countAward(context.buyer_credit_code, winner.creditCode, winner.name, 1, context.buyer_name);
    if (previous && previous.buyer !== context.buyer_credit_code) this.judgeDominance(previous.buyer);
    this.judgeDominance(context.buyer_credit_code);
  }

  private countAward(
    buyer: string,
    supplier: string,
    name: string | undefined,
    delta: 1 | -1,
    buyerName?: string,
  ): void {
    const t = this.t;
    prepared(
      this.db,
      `INSERT INTO ${t.table('supplier_awards')} (buyer_credit_code, supplier_credit_code, supplier_name, n)
       VALUES (?, ?, ?, ?)
       ON CONFLICT (buyer_credit_code, supplier_credit_code)
       DO UPDATE SET n = n + excluded.n, supplier_name = MAX(supplier_name, excluded.supplier_name)`,
    ).run(buyer, supplier, name ?? '', delta);
    prepared(
      this.db,
      `INSERT INTO ${t.table('buyer_awards')} (buyer_credit_code, buyer_name, total) VALUES (?, ?, ?)
       ON CONFLICT (buyer_credit_code) DO UPDATE SET total = total + excluded.total,
         buyer_name = CASE WHEN excluded.buyer_name = '' THEN buyer_name ELSE excluded.buyer_name END`,
    ).run(buyer, buyerName ?? '', delta);
  }

  private judgeDominance(buyer: string): void {
    const t = this.t;
    const counted = prepared(
      this.db,
      `SELECT buyer_name AS name, total FROM ${t.table('buyer_awards')} WHERE buyer_credit_code = ?`,
    ).get(buyer) as { name: string; total: number } | undefined;
    const total = counted?.total ?? 0;
    const above =
      total >= T.dominantMinimumAwards
        ? (prepared(
            this.db,
            `SELECT supplier_credit_code AS code, supplier_name AS name, n FROM ${t.table('supplier_awards')}
             WHERE buyer_credit_code = ? AND n > ?`,
          ).all(buyer, total * T.dominantShare) as Array<{ code: string; name: string; n: number }>)
        : [];
    const dominant = new Set<string>();
    for (const supplier of above) {
      const share = supplier.n / total;
      if (share <= T.dominantShare) continue;
      const subject = `${buyer}:${supplier.code}`;
      dominant.add(subject);
      this.raise(
        'GK_DOMINANT_SUPPLIER',
        {
          buyer: { name: counted!.name, creditCode: buyer },
          supplier: { name: supplier.name, creditCode: supplier.code },
          awardsWon: supplier.n,
          buyerAwards: total,
          share: Math.round(share * 10_000) / 10_000,
        },
        subject,
      );
    }
    // Subjects are `buyer:supplier`: the flags of this buyer are one range of the primary key.
    const flagged = prepared(
      this.db,
      `SELECT subject FROM ${t.table('flags')} WHERE code = 'GK_DOMINANT_SUPPLIER' AND subject > ? AND subject < ?`,
    ).all(`${buyer}:`, `${buyer};`) as Array<{ subject: string }>;
    for (const { subject } of flagged)
      if (!dominant.has(subject)) this.withdraw('GK_DOMINANT_SUPPLIER', subject);
  }

  private contracted(): void {
    const amount = typeof this.data.contractAmount === 'string' ? this.data.contractAmount : undefined;
    this.update({ contract_amount: amount ?? null });
    this.checkAmountChange(this.context?.award_amount ?? undefined, amount, 'award');
  }

  private contractChanged(): void {
    const amount = typeof this.data.newContractAmount === 'string' ? this.data.newContractAmount : undefined;
    if (!amount) return;
    const before = this.context?.contract_amount ?? this.context?.award_amount ?? undefined;
    this.update({ contract_amount: amount });
    this.checkAmountChange(before, amount, 'contract');
  }

  private checkAmountChange(before: string | undefined, after: string | undefined, against: string): void {
    const a = money(before);
    const b = money(after);
    if (a === undefined || b === undefined || a <= 0) return;
    const change = (b - a) / a;
    if (Math.abs(change) > T.amountChangeShare) {
      this.raise('GK_CONTRACT_AMOUNT_CHANGED', {
        against,
        before,
        after,
        change: Math.round(change * 10_000) / 10_000,
        threshold: T.amountChangeShare,
      });
    }
  }
}
