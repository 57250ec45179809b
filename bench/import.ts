/**
 * `gongkai import` benchmark: generated procurement records of a centre (550 project, 551 announcement, 553
 * award, 554 contract per procurement: 4 rows, 3 events) imported with full validation through the write
 * engine (read, map, schema, publisher scope, decider, hash chain), against the store's own batch appends
 * of the same events (one `append` per transaction, nothing checked) in the same run.
 *
 *   npx tsx bench/import.ts [--rows 1000000] [--batch 500] [--json]
 *
 * The generated CSV files live in a temporary directory and are deleted afterwards (never committed).
 */
import { Command, InvalidArgumentError } from 'commander';
import { createWriteStream, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { once } from 'node:events';
import { systemClock, type EventStore } from '@gongkai/event-store';
import { toStoredMetadata } from '@gongkai/domain';
import { loadConfig, openEventStore } from '@gongkai/runtime';
import { CalendarRegistry, WriteEngine } from '@gongkai/write-engine';
import { engineAppender } from '../apps/cli/src/import/engine-appender';
import { runImport } from '../apps/cli/src/import/import-run';
import { RejectionReport } from '../apps/cli/src/import/rejection-report';
import type { ImportProgress } from '../apps/cli/src/import/import-progress';
import { buildTransaction, type ImportPublisher } from '../apps/cli/src/import/transaction-events';
import { procurementRecords } from '../apps/cli/src/import/testing/procurement-records';
import { readSource } from '../apps/cli/src/import/sources';
import type { SourceRow } from '../apps/cli/src/import/source-row';

const positiveInt = (value: string): number => {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
};

const options = new Command()
  .name('bench/import.ts')
  .option('--rows <n>', 'source rows generated (4 per procurement)', positiveInt, 1_000_000)
  .option(
    '--batch <n>',
    'transactions per store transaction (the import: one appendMany; the peer: that many appends at once)',
    positiveInt,
    500,
  )
  .option('--workers <n>', 'build worker threads of the import (0: build on the main thread)', Number, 1)
  .option('--json', 'one JSON object on stdout')
  .parse()
  .opts<{ rows: number; batch: number; workers: number; json?: boolean }>();

const PUBLISHER: ImportPublisher = {
  publisher: { name: '南通市公共资源交易中心', creditCode: '123206004667891235' },
  publisherRole: 'trading_centre',
  regionCode: '320600',
  sourceSystem: 'bench/import.ts',
};

const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** Streams `transactions` procurements to one CSV per data set, in chunks (the rows are never all in memory). */
async function writeSources(dir: string, transactions: number): Promise<string[]> {
  const sample = procurementRecords(1);
  const files = Object.keys(sample).map((code) => path.join(dir, `${code}.csv`));
  const outs = files.map((file) => createWriteStream(file));
  const columns = Object.values(sample).map((rows) => Object.keys(rows[0]!));
  outs.forEach((out, i) => out.write(`${columns[i]!.join(',')}\n`));
  const chunk = 5_000;
  for (let start = 0; start < transactions; start += chunk) {
    const records = Object.values(
      procurementRecords(Math.min(chunk, transactions - start), { offset: start }),
    );
    for (const [i, rows] of records.entries()) {
      const text = rows.map((row) => columns[i]!.map((c) => csvCell(row[c] ?? '')).join(',')).join('\n');
      if (!outs[i]!.write(`${text}\n`)) await once(outs[i]!, 'drain');
    }
  }
  await Promise.all(outs.map((out) => new Promise((resolve) => out.end(resolve))));
  return files;
}

const silent: ImportProgress = { start: () => undefined, advance: () => undefined, stop: () => undefined };

async function importRun(dataDir: string, files: string[]) {
  const config = loadConfig({ GONGKAI_DATA_DIR: dataDir });
  const store = await openEventStore(config);
  const calendar = await CalendarRegistry.open(store, { follow: false });
  const report = new RejectionReport(path.join(dataDir, 'rejected.csv'));
  try {
    const appender = new WriteEngine({
      store,
      clock: systemClock,
      publicationTolerances: config.publicationTolerances,
      calendar,
    });
    const rss = process.memoryUsage().rss;
    const summary = await runImport({
      files,
      dryRun: false,
      publisher: PUBLISHER,
      publishRefusal: () => undefined,
      appender: engineAppender(appender),
      progress: silent,
      report,
      batchSize: options.batch,
      workers: options.workers,
    });
    return { ...summary, rssMiB: Math.round((process.memoryUsage().rss - rss) / 2 ** 20) };
  } finally {
    await report.close();
    await store.close();
  }
}

/**
 * The peer: the same events, built the same way but untimed, appended with the store's own batch append (one
 * call per transaction, `options.batch` at once: the store commits them in one transaction). Only the appends
 * are timed.
 */
async function storeAppends(dataDir: string, files: string[]): Promise<{ events: number; seconds: number }> {
  const store: EventStore = await openEventStore(loadConfig({ GONGKAI_DATA_DIR: dataDir }));
  try {
    // Rows of a procurement are at the same index in each file: read them side by side.
    const readers = files.map((file) => readSource(file)!);
    let events = 0;
    let seconds = 0;
    for (;;) {
      const batch: { streamId: string; rows: SourceRow[] }[] = [];
      while (batch.length < options.batch) {
        const rows: SourceRow[] = [];
        for (const reader of readers) {
          const next = await reader.next();
          if (!next.done && 'row' in next.value) rows.push(next.value.row);
        }
        if (rows.length === 0) break;
        batch.push({ streamId: `txn-${rows[0]!.fields.PURCHASE_PROJECT_CODE}`, rows });
      }
      if (batch.length === 0) break;
      const built = batch.map(({ streamId, rows }) => buildTransaction(streamId, rows, PUBLISHER));
      const started = process.hrtime.bigint();
      await Promise.all(
        built.map((b) =>
          store.append(
            b.streamId,
            b.events.map(({ event }) => ({
              id: event.id,
              type: event.type,
              data: event.data,
              metadata: toStoredMetadata(event, []),
            })),
            { expectedRevision: 'no_stream' },
          ),
        ),
      );
      seconds += Number(process.hrtime.bigint() - started) / 1e9;
      events += built.reduce((n, b) => n + b.events.length, 0);
    }
    return { events, seconds };
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-import-'));
  try {
    const transactions = Math.ceil(options.rows / 4);
    process.stderr.write(`generating ${transactions * 4} rows (${transactions} procurements)...\n`);
    const files = await writeSources(dir, transactions);
    process.stderr.write('import (full validation, write engine)...\n');
    const imported = await importRun(path.join(dir, 'import'), files);
    process.stderr.write('peer (store batch appends of the same events)...\n');
    const peer = await storeAppends(path.join(dir, 'peer'), files);
    const result = {
      rows: imported.rows,
      events: imported.events.appended,
      rejectedRows: imported.rejectedRows,
      importSeconds: imported.seconds,
      importEventsPerSecond: imported.eventsPerSecond,
      importRowsPerSecond: Math.round(imported.rows / imported.seconds),
      importRssGrowthMiB: imported.rssMiB,
      peerEvents: peer.events,
      peerAppendSeconds: Number(peer.seconds.toFixed(2)),
      peerEventsPerSecond: Math.round(peer.events / peer.seconds),
    };
    if (options.json) process.stdout.write(`${JSON.stringify(result)}\n`);
    else {
      process.stdout.write(
        [
          `rows ${result.rows}, events ${result.events}, rejected rows ${result.rejectedRows}`,
          `gongkai import (read CSV, map, validate, decide, append): ${result.importSeconds.toFixed(1)} s, ${result.importEventsPerSecond} events/s, ${result.importRowsPerSecond} rows/s`,
          `store batch appends of the same events (peer):          ${result.peerAppendSeconds} s, ${result.peerEventsPerSecond} events/s`,
        ].join('\n') + '\n',
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
