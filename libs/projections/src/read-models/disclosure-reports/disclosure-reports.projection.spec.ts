import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { DomainEvent } from '@gongkai/domain';
import { CATALOGUE_DOMAINS, LIFECYCLE_ORDER, TRANSACTION_ID_FIELD, exampleDisclosure } from '@gongkai/domain';
import {
  example,
  findingsAfter,
  lifecycle,
  project,
  recorded,
  temporaryReadModels,
} from '../testing/read-model-fixtures';
import { disclosureReportsProjection } from './disclosure-reports.projection';
import { annualReport, completenessReport, timelinessReport } from './disclosure-reports.queries';

const TXN = '3206022026A000127001';

/** Events with the findings the decider stores for them (so late ones carry LATE_DISCLOSURE). */
function withFindings(events: DomainEvent[]): Array<{ event: DomainEvent; findings: unknown[] }> {
  return events.map((event, i) => ({ event, findings: findingsAfter(events.slice(0, i), event) }));
}

const statuses = (report: ReturnType<typeof completenessReport>) =>
  Object.fromEntries(report.transactions.items[0]!.items.map((i) => [i.eventType, i.status]));

/**
 * Each read of a day/month/year counts table in the statements `prepare` saw is a seek of its primary key by
 * level and period: the rows read are the periods', not every day of the store (issue 17).
 */
function expectPeriodSeeks(db: Database.Database, prepared: readonly string[], table: string): void {
  const statements = [...new Set(prepared.filter((sql) => sql.includes(`_${table}__`)))];
  expect(statements.length).toBeGreaterThan(0);
  for (const sql of statements) {
    const params = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => '2026');
    const reads = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>)
      .map((row) => row.detail)
      .filter((detail) => detail.includes(`_${table}__`));
    expect(reads.length).toBeGreaterThan(0);
    for (const detail of reads) expect(detail).toMatch(/^SEARCH \S+ USING PRIMARY KEY \(level=\? AND period/);
  }
}

describe('disclosure-reports read model', () => {
  let temp: ReturnType<typeof temporaryReadModels>;
  beforeEach(() => (temp = temporaryReadModels()));
  afterEach(() => temp.dispose());

  it('a stage skipped is missing from the publication that skipped it; the next stage only once its period ran out', () => {
    // Bids close 2026-03-25: a result (candidates) is awaited for 60 days, until 2026-05-24.
    const handle = project(
      temp.readModels,
      disclosureReportsProjection,
      recorded([example('AnnouncementPublished')]),
    );
    const before = completenessReport(handle, { asOf: '2026-05-20T00:00:00Z' });
    expect(statuses(before)).toEqual({
      AnnouncementPublished: 'onTime',
      QualificationResultPublished: 'pending',
      CandidatesPublicized: 'pending',
      AwardPublished: 'pending',
      ContractSigned: 'pending',
    });
    expect(before.totals).toMatchObject({ due: 1, onTime: 1, missing: 0, coverage: 1 });
    const after = completenessReport(handle, { asOf: '2026-05-25T00:00:00Z' });
    expect(statuses(after).CandidatesPublicized).toBe('missing');
    expect(after.totals).toMatchObject({ due: 2, missing: 1, coverage: 0.5 });
    expect(after.catalogues.map((c) => c.catalogueId)).toEqual(['nantong']);
    expect(after.publishers[0]).toMatchObject({ missing: 1, onTime: 1 });

    // An award published straight after the announcement leaves qualification and candidates missing.
    disclosureReportsProjection.apply(handle.db, handle.tables, recorded([example('AwardPublished')], 2)[0]!);
    const skipped = completenessReport(handle, { asOf: '2026-04-15T00:00:00Z' });
    expect(statuses(skipped)).toMatchObject({
      QualificationResultPublished: 'missing',
      CandidatesPublicized: 'missing',
      AwardPublished: 'onTime',
      ContractSigned: 'pending',
    });
  });

  it('counts late disclosures and missing items by region, publisher and month', () => {
    const late = example('CandidatesPublicized', 'engineering', {
      data: { publicityStart: '2026-04-07T09:00:00+08:00', publicityEnd: '2026-04-10T17:00:00+08:00' },
      metadata: { publishedAt: '2026-04-07T09:00:00+08:00' },
    });
    const events = [example('AnnouncementPublished'), example('QualificationResultPublished'), late];
    const handle = project(temp.readModels, disclosureReportsProjection, recorded(withFindings(events)));
    const byRegion = timelinessReport(handle, { asOf: '2026-04-08T00:00:00Z', groupBy: 'region' });
    expect(byRegion.rows).toEqual([{ key: '320602', published: 3, onTime: 2, late: 1, missing: 0 }]);
    // The award is awaited 30 days after the publicity ends (2026-05-10): missing from then on.
    const later = timelinessReport(handle, { asOf: '2026-06-01T00:00:00Z', groupBy: 'month' });
    expect(later.rows.find((r) => r.key === '2026-05')).toMatchObject({ missing: 1 });
    expect(later.totals).toEqual({ published: 3, onTime: 2, late: 1, missing: 1 });
    const byPublisher = timelinessReport(handle, { asOf: '2026-06-01T00:00:00Z', groupBy: 'publisher' });
    expect(byPublisher.rows[0]!.name).toBeTruthy();
    // Scoped to another jurisdiction, nothing shows.
    expect(
      timelinessReport(handle, { asOf: '2026-06-01T00:00:00Z', groupBy: 'region', withinRegions: ['320500'] })
        .totals.published,
    ).toBe(0);
    expect(
      completenessReport(handle, { asOf: '2026-06-01T00:00:00Z', withinRegions: ['320500'] }).transactions
        .items,
    ).toEqual([]);
  });

  it("pages a region's transactions from its first district, walking the region index (no scan of the ids sorting before)", () => {
    const announce = (id: string, regionCode: string) =>
      example('AnnouncementPublished', 'engineering', {
        data: { [TRANSACTION_ID_FIELD.engineering]: id },
        metadata: { regionCode },
      });
    // Tender codes start with their district: Nanjing's (3201…) sort before every Nantong one (3206…).
    const handle = project(
      temp.readModels,
      disclosureReportsProjection,
      recorded([
        announce('320102S0000000001001', '320102'),
        announce('320612S0000000002001', '320612'),
        announce('320602S0000000003001', '320602'),
        announce('320612S0000000004001', '320612'),
      ]),
    );
    const prepares = jest.spyOn(handle.db, 'prepare');
    const asOf = '2026-06-01T00:00:00Z';
    const first = completenessReport(handle, { asOf, region: '320600', limit: 2 });
    expect(first.transactions.items.map((t) => t.transactionId)).toEqual([
      '320602S0000000003001',
      '320612S0000000002001',
    ]);
    const second = completenessReport(handle, {
      asOf,
      region: '320600',
      limit: 2,
      cursor: first.transactions.nextCursor!,
    });
    expect(second.transactions.items.map((t) => t.transactionId)).toEqual(['320612S0000000004001']);
    expect(second.transactions.nextCursor).toBeNull();
    // The page's statements seek the (region_code, transaction_id) index: their cost does not grow with the
    // transactions of other regions (at 1M events the first page had scanned half the table: 190 ms).
    const pages = prepares.mock.calls
      .map(([sql]) => sql)
      .filter((sql) => /SELECT DISTINCT/.test(sql) && /catalogue_items/.test(sql));
    expect(pages).toHaveLength(2);
    for (const sql of pages) {
      const params = Array.from({ length: (sql.match(/\?/g) ?? []).length }, () => '3206');
      const plan = (
        handle.db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...params) as Array<{ detail: string }>
      )
        .map((row) => row.detail)
        .join('; ');
      expect(plan).toMatch(/SEARCH \S+ USING COVERING INDEX \S*catalogue_items_by_region\S* \(/);
    }
  });

  it('a termination withdraws what was not yet due', () => {
    const handle = project(
      temp.readModels,
      disclosureReportsProjection,
      recorded([example('AnnouncementPublished'), example('TransactionTerminated')]),
    );
    const report = completenessReport(handle, { asOf: '2027-01-01T00:00:00Z', transactionId: TXN });
    expect(report.totals.missing).toBe(0);
    expect(Object.keys(statuses(report))).toEqual(
      expect.arrayContaining(['AnnouncementPublished', 'TransactionTerminated']),
    );
  });

  it('annual figures: disclosures by category, corrections, complaint decisions, penalties', () => {
    const events = [
      example('AnnouncementPublished'),
      example('AnnouncementCorrected'),
      example('ComplaintDecided'),
      example('PenaltyImposed'),
    ];
    const handle = project(temp.readModels, disclosureReportsProjection, recorded(events));
    const report = annualReport(handle, { year: 2026, now: '2027-02-01T00:00:00Z' });
    expect(report.asOf).toBe('2026-12-31T16:00:00.000Z');
    expect(report.proactive.total).toBe(4);
    expect(report.corrections).toBe(1);
    expect(report.complaintDecisions.total).toBe(1);
    expect(report.penalties).toBe(1);
    expect(annualReport(handle, { year: 2025, now: '2027-02-01T00:00:00Z' }).proactive.total).toBe(0);
  });

  it('annual figures for the 年度报告: penalties and licences by decision year, corrections of every stage', () => {
    // A penalty decided on 2025-12-30 and published in January: one of 2025's 行政处罚 decisions, though
    // a 2026 disclosure. A licence decided and published in 2026: table 二's 行政许可 row.
    const penalty = example('PenaltyImposed', 'engineering', {
      data: { decidedOn: '2025-12-30' },
      metadata: { occurredAt: '2025-12-30T10:00:00+08:00', publishedAt: '2026-01-05T10:00:00+08:00' },
    });
    const licence = example('LicenceGranted');
    const handle = project(temp.readModels, disclosureReportsProjection, recorded([penalty, licence]));
    const y2025 = annualReport(handle, { year: 2025, now: '2027-02-01T00:00:00Z' });
    const y2026 = annualReport(handle, { year: 2026, now: '2027-02-01T00:00:00Z' });
    expect(y2025.penalties).toBe(1);
    expect(y2026.penalties).toBe(0);
    expect(y2025.proactive.total).toBe(0);
    expect(y2026.proactive.total).toBe(2);
    expect(y2026.licences).toBe(1);
    expect(y2025.licences).toBe(0);
  });

  it('annual figures count disclosures outside a transaction, and their decision dates are no 行政处罚 or 行政许可', () => {
    const plan = exampleDisclosure('land_supply_plan');
    const amended = {
      ...plan,
      id: randomUUID(),
      type: 'DisclosureAmended',
      data: { ...(plan.data as Record<string, unknown>), reason: '调整' },
      metadata: {
        ...plan.metadata,
        occurredAt: '2026-03-20T09:00:00+08:00',
        publishedAt: '2026-03-23T09:00:00+08:00',
      },
    } as DomainEvent;
    const events = [plan, amended, exampleDisclosure('procurement_catalogue')];
    const handle = project(temp.readModels, disclosureReportsProjection, recorded(events));
    const report = annualReport(handle, { year: 2026, now: '2027-02-01T00:00:00Z' });
    expect(report.standaloneDisclosures).toEqual({ published: 2, amended: 1 });
    expect(report.proactive.total).toBe(3);
    expect(report.proactive.byCategory).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ domain: 'land', eventType: 'DisclosurePublished', count: 1 }),
      ]),
    );
    expect([report.penalties, report.licences, report.corrections]).toEqual([0, 0, 0]);
  });

  it('completeness from the daily counters equals the items judged one by one, at any instant', () => {
    // Every domain's lifecycle cut short at a different stage (items left missing, pending, or terminated),
    // with the findings the service stores, so late items count as late.
    const events = CATALOGUE_DOMAINS.flatMap((domain, i) => {
      const types = LIFECYCLE_ORDER.slice(0, 1 + (i % LIFECYCLE_ORDER.length));
      const run = lifecycle(domain, types);
      // Every other one publishes its last stage 90 days after it happened: late.
      if (i % 2 === 1) {
        const last = run[run.length - 1]!;
        const publishedAt = new Date(Date.parse(last.metadata.occurredAt) + 90 * 86_400_000).toISOString();
        run[run.length - 1] = { ...last, metadata: { ...last.metadata, publishedAt } };
      }
      if (i % 3 === 2) run.push(example('TransactionTerminated', domain));
      return withFindings(run);
    });
    const handle = project(temp.readModels, disclosureReportsProjection, recorded(events));
    const prepares = jest.spyOn(handle.db, 'prepare');
    const start = Date.parse('2026-02-01T00:00:00Z');
    const reached = { late: 0, missing: 0 };
    // Every 29 hours for a year: instants early, late and in the middle of Beijing days.
    for (let at = start; at < start + 366 * 86_400_000; at += 29 * 3600_000) {
      const asOf = new Date(at).toISOString();
      const report = completenessReport(handle, { asOf, limit: 500 });
      const judged = { onTime: 0, late: 0, missing: 0, pending: 0 };
      const byCatalogue = new Map<string, typeof judged>();
      for (const txn of report.transactions.items) {
        for (const item of txn.items) {
          judged[item.status] += 1;
          const c = byCatalogue.get(item.catalogueId) ?? { onTime: 0, late: 0, missing: 0, pending: 0 };
          c[item.status] += 1;
          byCatalogue.set(item.catalogueId, c);
        }
      }
      expect(report.totals).toMatchObject(judged);
      for (const c of report.catalogues) {
        expect({ catalogueId: c.catalogueId, ...byCatalogue.get(c.catalogueId) }).toEqual({
          catalogueId: c.catalogueId,
          onTime: c.onTime,
          late: c.late,
          missing: c.missing,
          pending: c.pending,
        });
      }
      reached.late += judged.late;
      reached.missing += judged.missing;
    }
    // The sample reached missing and late items, not only published ones.
    expect(reached.late).toBeGreaterThan(0);
    expect(reached.missing).toBeGreaterThan(0);
    expectPeriodSeeks(
      handle.db,
      prepares.mock.calls.map(([sql]) => sql),
      'coverage',
    );
  });

  it('timeliness and annual figures from the day, month and year counts equal the days added up one by one', () => {
    // Disclosures every 5 days and 7 hours over two and a half years, in two districts, by two publishers
    // (one renamed half-way: a period shows the greatest of its days' names, as its days would), some late.
    const events: Array<{ event: DomainEvent; findings: unknown[] }> = [];
    const start = Date.parse('2025-10-20T03:00:00Z');
    for (let i = 0; i < 190; i++) {
      const publishedAt = new Date(start + i * (5 * 86_400_000 + 7 * 3_600_000)).toISOString();
      const publisher =
        i % 3 === 0
          ? {
              name: i < 95 ? '南通市公共资源交易中心' : '南通市公共资源交易中心（新）',
              creditCode: '11320600014123459H',
            }
          : { name: '南通市崇川区城市建设投资有限公司', creditCode: '91320602MA1X5Y2L0F' };
      const event = example(i % 4 === 0 ? 'AnnouncementCorrected' : 'AnnouncementPublished', 'engineering', {
        data: {
          [TRANSACTION_ID_FIELD.engineering]: `3206${i % 2 === 0 ? '02' : '84'}S${String(i).padStart(10, '0')}001`,
        },
        metadata: { publishedAt, regionCode: i % 2 === 0 ? '320602' : '320684', publisher },
      });
      const findings =
        i % 5 === 0
          ? [{ code: 'LATE_DISCLOSURE', ruleId: 'test.late', message: { zh: '逾期', en: 'late' } }]
          : [];
      events.push({ event, findings });
    }
    const handle = project(temp.readModels, disclosureReportsProjection, recorded(events));
    const prepares = jest.spyOn(handle.db, 'prepare');

    // Day by day over the whole span, each day a report of its own (day counts only).
    const days: string[] = [];
    for (
      let at = Date.parse('2025-10-01T00:00:00Z');
      at < Date.parse('2028-09-01T00:00:00Z');
      at += 86_400_000
    )
      days.push(new Date(at).toISOString().slice(0, 10));
    const asOfLate = '2030-01-01T00:00:00Z';
    const perDay = new Map(
      days.map((day, i) => {
        const report = timelinessReport(handle, {
          asOf: asOfLate,
          from: day,
          to: days[i + 1] ?? '2028-09-01',
          groupBy: 'publisher',
        });
        return [day, report.rows] as const;
      }),
    );
    const addedUp = (from: string | undefined, until: string) => {
      const rows = new Map<string, { key: string; name: string; published: number; late: number }>();
      for (const [day, dayRows] of perDay) {
        if ((from !== undefined && day < from) || day >= until) continue;
        // A day's name is its first disclosure's (rows of missing items only carry the items' names).
        for (const r of dayRows.filter((row) => row.published > 0)) {
          const row = rows.get(r.key) ?? { key: r.key, name: r.name!, published: 0, late: 0 };
          row.published += r.published;
          row.late += r.late;
          if (r.name! > row.name) row.name = r.name!;
          rows.set(r.key, row);
        }
      }
      return [...rows.values()].sort((a, b) => a.key.localeCompare(b.key));
    };
    expect(addedUp(undefined, '2028-09-01').reduce((n, r) => n + r.published, 0)).toBe(190);
    const instants = [
      '2025-12-31T16:00:00Z',
      '2026-02-28T15:59:59Z',
      '2026-07-04T12:00:00Z',
      '2027-01-01T00:00:00Z',
      '2027-11-30T20:00:00Z',
      asOfLate,
    ];
    for (const from of [undefined, '2025-11-03', '2026-01-01', '2026-03-17T18:00:00Z']) {
      for (const to of [undefined, '2026-02-01', '2027-01-01', '2027-08-09']) {
        for (const asOf of instants) {
          const report = timelinessReport(handle, { asOf, from, to, groupBy: 'publisher' });
          const dayOf = (instant: string) =>
            new Date(Date.parse(instant) + 8 * 3_600_000).toISOString().slice(0, 10);
          const afterAsOf = new Date(Date.parse(`${dayOf(asOf)}T00:00:00Z`) + 86_400_000)
            .toISOString()
            .slice(0, 10);
          const until = to === undefined || afterAsOf < dayOf(to) ? afterAsOf : dayOf(to);
          const published = report.rows.filter((r) => r.published > 0);
          expect(
            published.map(({ key, name, published: n, late }) => ({ key, name, published: n, late })),
          ).toEqual(addedUp(from === undefined ? undefined : dayOf(from), until));
          const byMonth = timelinessReport(handle, { asOf, from, to, groupBy: 'month' });
          expect(byMonth.totals.published).toBe(report.totals.published);
        }
      }
    }
    // By month: each month's row is its days added up.
    const months = timelinessReport(handle, { asOf: asOfLate, groupBy: 'month' }).rows;
    expect(months.length).toBeGreaterThan(24);
    for (const month of months)
      expect(month.published).toBe(
        [...perDay]
          .filter(([day]) => day.startsWith(month.key))
          .reduce((n, [, rows]) => n + rows.reduce((m, r) => m + r.published, 0), 0),
      );
    for (const year of [2025, 2026, 2027, 2028]) {
      const annual = annualReport(handle, { year, now: asOfLate });
      expect(annual.proactive.total).toBe(
        addedUp(`${year}-01-01`, `${year + 1}-01-01`).reduce((n, r) => n + r.published, 0),
      );
      expect(annual.timeliness.late).toBe(
        addedUp(`${year}-01-01`, `${year + 1}-01-01`).reduce((n, r) => n + r.late, 0),
      );
    }

    // Each branch of the statement seeks the counts' primary key by level and period: its cost is the
    // periods' rows, not every day of the store (issue 17).
    expectPeriodSeeks(
      handle.db,
      prepares.mock.calls.map(([sql]) => sql),
      'publications',
    );
  });
});
