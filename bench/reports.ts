/**
 * Report queries over a large read model: the supervisors' reports (timeliness, completeness, annual) and red
 * flags, against the findings query of the same read-model file (the peer, measured in the same run).
 *
 *   npx tsx bench/reports.ts [--events 1000000] [--iterations 50] [--json]
 *
 * The events are the feeds bench's (bench/lib/feed-workload.ts: whole 10-event transactions and credit subjects,
 * every one in region 320602, so a supervisor's scope matches them all: the worst case), applied straight to the
 * projections in pages of 1,000 as the runner does, without an event store in between: this measures the queries.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { RecordedEvent } from '@gongkai/event-store';
import {
  annualReport,
  completenessReport,
  disclosureReportsProjection,
  listFindings,
  listOpenItemsPastDue,
  listRedFlags,
  ReadModelDatabase,
  redFlagsProjection,
  supervisionFindingsProjection,
  tablesFor,
  timelinessReport,
  type ReadModelHandle,
  type SqlProjection,
} from '@gongkai/projections';
import { FeedWorkload } from './lib/feed-workload';
import { nowMs, percentile, Progress } from './lib/stats';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}
const EVENTS = option('events', 1_000_000);
const ITERATIONS = option('iterations', 50);
const JSON_OUT = process.argv.includes('--json');
const log = (line: string) => process.stderr.write(`${line}\n`);

const PROJECTIONS: SqlProjection[] = [
  disclosureReportsProjection,
  redFlagsProjection,
  supervisionFindingsProjection,
];

function load(readModels: ReadModelDatabase): void {
  const workload = new FeedWorkload();
  const progress = new Progress('apply', EVENTS);
  const revisions = new Map<string, number>();
  let position = 0;
  let page: RecordedEvent[] = [];
  const flush = () => {
    readModels.db.transaction(() => {
      for (const projection of PROJECTIONS) {
        const tables = tablesFor(projection.name, 1);
        for (const event of page) projection.apply(readModels.db, tables, event);
      }
    })();
    page = [];
    progress.update(position);
  };
  let appends = 0;
  while (position < EVENTS) {
    const append = ++appends % 11 === 0 ? workload.creditSubject() : workload.transaction();
    for (const data of append.events) {
      if (position >= EVENTS) break;
      const revision = (revisions.get(append.streamId) ?? -1) + 1;
      revisions.set(append.streamId, revision);
      position += 1;
      page.push({
        id: data.id,
        type: data.type,
        data: data.data,
        metadata: data.metadata ?? {},
        streamId: append.streamId,
        revision,
        position,
        recordedAt: new Date(Date.UTC(2026, 5, 1) + position).toISOString(),
        prevHash: '0'.repeat(64),
        hash: '0'.repeat(64),
      } as RecordedEvent);
      if (page.length === 1000) flush();
    }
  }
  if (page.length > 0) flush();
}

function latency(work: () => unknown): { p50: number; p99: number } {
  work(); // warm the statement cache
  const samples: number[] = [];
  for (let i = 0; i < ITERATIONS; i++) {
    const start = nowMs();
    work();
    samples.push(nowMs() - start);
  }
  return { p50: percentile(samples, 50), p99: percentile(samples, 99) };
}

function main(): void {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-reports-'));
  try {
    const readModels = ReadModelDatabase.open(path.join(dir, 'read-models.sqlite'));
    const handle = (projection: SqlProjection): ReadModelHandle => ({
      db: readModels.db,
      tables: tablesFor(projection.name, 1),
    });
    for (const projection of PROJECTIONS) projection.setup(readModels.db, tablesFor(projection.name, 1));
    const start = nowMs();
    load(readModels);
    log(
      `applied ${EVENTS.toLocaleString('en')} events to 3 read models in ${((nowMs() - start) / 1000).toFixed(1)} s`,
    );

    const reports = handle(disclosureReportsProjection);
    const flags = handle(redFlagsProjection);
    const findings = handle(supervisionFindingsProjection);
    const asOf = '2027-01-01T00:00:00Z';
    const scope = { withinRegions: ['320600'] };
    const figures: Record<string, { p50: number; p99: number }> = {
      'timeliness by region': latency(() => timelinessReport(reports, { ...scope, asOf, groupBy: 'region' })),
      'timeliness by month': latency(() => timelinessReport(reports, { ...scope, asOf, groupBy: 'month' })),
      'timeliness by publisher': latency(() =>
        timelinessReport(reports, { ...scope, asOf, groupBy: 'publisher' }),
      ),
      'completeness, first page': latency(() => completenessReport(reports, { ...scope, asOf, limit: 50 })),
      'completeness, one transaction': latency(() =>
        completenessReport(reports, { ...scope, asOf, transactionId: 'none-such' }),
      ),
      'annual 2026': latency(() => annualReport(reports, { ...scope, year: 2026, now: asOf })),
      'red flags, first page': latency(() => listRedFlags(flags, { ...scope, limit: 50 })),
      'peer: findings, first page': latency(() => listFindings(findings, { ...scope, limit: 50 })),
      'peer: open items past due': latency(() =>
        listOpenItemsPastDue(findings, { ...scope, asOf, limit: 50 }),
      ),
    };
    readModels.close();
    if (JSON_OUT) {
      process.stdout.write(`${JSON.stringify({ events: EVENTS, iterations: ITERATIONS, figures })}\n`);
      return;
    }
    log(`\nquery latency over ${EVENTS.toLocaleString('en')} events (${ITERATIONS} runs each, ms)`);
    for (const [name, { p50, p99 }] of Object.entries(figures)) {
      log(`  ${name.padEnd(32)} p50 ${p50.toFixed(1).padStart(8)}   p99 ${p99.toFixed(1).padStart(8)}`);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
