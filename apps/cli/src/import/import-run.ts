import { transactionStreamId, type DomainEvent } from '@gongkai/domain';
import type { ImportAppender } from './import-appender';
import type { ImportProgress } from './import-progress';
import { DATA_SET_IMPORTS, RecordView } from './national';
import type { RejectionReport } from './rejection-report';
import { rejectedRow, type SourceRow } from './source-row';
import { readSource } from './sources';
import { Staging } from './staging';
import { buildTransaction, reasonOf, type ImportPublisher } from './transaction-events';

export interface ImportRun {
  files: readonly string[];
  dryRun: boolean;
  publisher: ImportPublisher;
  /** Why the importing principal may not publish an event (the API's scope check); undefined: it may. */
  publishRefusal(event: DomainEvent): string | undefined;
  appender: ImportAppender;
  progress: ImportProgress;
  report: RejectionReport;
  /** Transactions appended side by side (the store commits concurrent appends together). */
  concurrency?: number;
}

export interface ImportSummary {
  files: number;
  rows: number;
  transactions: number;
  events: { appended: number; alreadyStored: number; wouldAppend: number };
  rejectedRows: number;
  dryRun: boolean;
  seconds: number;
  eventsPerSecond: number;
}

/**
 * Reads every file, groups the records by transaction, maps each transaction to events, validates them, and
 * appends each transaction's events through the write engine in one batch. A re-run (or a run after a crash)
 * maps the same records to the same event ids: what is stored is answered as already stored, the rest is
 * appended.
 */
export async function runImport(run: ImportRun): Promise<ImportSummary> {
  const started = Date.now();
  const staging = new Staging();
  try {
    const readRejections = await stageFiles(run, staging);
    run.progress.start(staging.size);
    const counts = { transactions: 0, appended: 0, alreadyStored: 0, wouldAppend: 0 };
    const inFlight = new Set<Promise<void>>();
    const limit = run.concurrency ?? 16;
    for (const { streamId, rows } of staging.transactions()) {
      counts.transactions++;
      const task = importTransaction(run, streamId, rows, counts).finally(() => inFlight.delete(task));
      inFlight.add(task);
      if (inFlight.size >= limit) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    run.progress.stop();
    const seconds = (Date.now() - started) / 1000;
    const stored = run.dryRun ? counts.wouldAppend : counts.appended;
    return {
      files: run.files.length,
      rows: staging.size + readRejections,
      transactions: counts.transactions,
      events: {
        appended: counts.appended,
        alreadyStored: counts.alreadyStored,
        wouldAppend: counts.wouldAppend,
      },
      rejectedRows: run.report.size,
      dryRun: run.dryRun,
      seconds,
      eventsPerSecond: seconds > 0 ? Math.round(stored / seconds) : stored,
    };
  } finally {
    staging.close();
  }
}

/** Reads every file into the staging area; answers how many rows were rejected while reading. */
async function stageFiles(run: ImportRun, staging: Staging): Promise<number> {
  let rejected = 0;
  for (const file of run.files) {
    const items = readSource(file);
    if (!items) {
      run.report.add({ file, row: 0, dataSet: '', reason: 'not a .json, .csv or .xlsx file' });
      rejected++;
      continue;
    }
    for await (const item of items) {
      if ('rejected' in item) {
        run.report.add(item.rejected);
        rejected++;
        continue;
      }
      const stream = streamOf(item.row);
      if (typeof stream !== 'string') {
        run.report.add(rejectedRow(item.row, stream.reason));
        rejected++;
        continue;
      }
      staging.add(stream, item.row);
    }
  }
  return rejected;
}

function streamOf(row: SourceRow): string | { reason: string } {
  const entry = DATA_SET_IMPORTS.get(row.dataSet)!;
  try {
    return transactionStreamId(entry.transactionId(new RecordView(row)));
  } catch (error) {
    return { reason: reasonOf(error) };
  }
}

async function importTransaction(
  run: ImportRun,
  streamId: string,
  rows: SourceRow[],
  counts: { appended: number; alreadyStored: number; wouldAppend: number },
): Promise<void> {
  const build = buildTransaction(streamId, rows, run.publisher);
  if (build.rejected.length > 0) {
    for (const rejected of build.rejected) run.report.add(rejected);
    run.progress.advance(build.rows, 0);
    return;
  }
  const refusal = build.events
    .map(({ event, rows: [main] }) => ({ reason: run.publishRefusal(event), main }))
    .find(({ reason }) => reason !== undefined);
  if (refusal) {
    for (const row of rows)
      run.report.add(rejectedRow(row, `the token may not publish this transaction: ${refusal.reason}`));
    run.progress.advance(build.rows, 0);
    return;
  }
  let outcomes;
  try {
    outcomes = await run.appender.appendBatch(
      streamId,
      build.events.map(({ event }) => event),
      { dryRun: run.dryRun },
    );
  } catch (error) {
    for (const row of rows)
      run.report.add(rejectedRow(row, `${streamId} could not be appended: ${reasonOf(error)}`));
    run.progress.advance(build.rows, 0);
    return;
  }
  let events = 0;
  outcomes.forEach((outcome, i) => {
    const { rows: eventRows, event } = build.events[i]!;
    if (outcome.ok) {
      events++;
      if (run.dryRun) counts.wouldAppend++;
      else if (outcome.replayed) counts.alreadyStored++;
      else counts.appended++;
      return;
    }
    const reason = `${event.type} refused${outcome.code ? ` (${outcome.code})` : ''}: ${outcome.reason}`;
    for (const row of eventRows) run.report.add(rejectedRow(row, reason));
  });
  run.progress.advance(build.rows, events);
}
