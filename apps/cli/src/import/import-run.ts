import { transactionStreamId, type DomainEvent } from '@gongkai/domain';
import type { ImportAppender } from './import-appender';
import type { ImportProgress } from './import-progress';
import { DATA_SET_IMPORTS, RecordView } from './national';
import type { RejectionReport } from './rejection-report';
import { rejectedRow, type SourceRow } from './source-row';
import { readSource } from './sources';
import { Staging } from './staging';
import { inlineBuilder, workerBuilder, type StagedTransaction } from './transaction-builder';
import { reasonOf, type ImportPublisher, type TransactionBuild } from './transaction-events';

export interface ImportRun {
  files: readonly string[];
  dryRun: boolean;
  publisher: ImportPublisher;
  /** Why the importing principal may not publish an event (the API's scope check); undefined: it may. */
  publishRefusal(event: DomainEvent): string | undefined;
  appender: ImportAppender;
  progress: ImportProgress;
  report: RejectionReport;
  /** Transactions decided then committed together, in one store transaction (default 500). */
  batchSize?: number;
  /** Worker threads mapping and validating records while batches are appended (0, the default: none). */
  workers?: number;
}

/** Transactions per job sent to a build worker, and jobs kept in flight per worker. */
const JOB_SIZE = 100;
const JOBS_PER_WORKER = 4;

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
 * appends them through the write engine, `batchSize` transactions at a time in one store transaction (each
 * transaction standing alone in it). A re-run (or a run after a crash)
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
    const limit = run.batchSize ?? 500;
    const workers = run.workers ?? 0;
    const builder = workers > 0 ? workerBuilder(run.publisher, workers) : inlineBuilder(run.publisher);
    // Jobs in staging order: each is taken (checked, batched, appended) in turn while the later ones build.
    const jobs: Promise<TransactionBuild[]>[] = [];
    let batch: TransactionBuild[] = [];
    const takeJob = async () => {
      for (const build of await jobs.shift()!) {
        const checked = checkedTransaction(run, build);
        if (checked) batch.push(checked);
        if (batch.length >= limit) {
          await appendBatch(run, batch, counts);
          batch = [];
        }
      }
    };
    try {
      let job: StagedTransaction[] = [];
      for (const transaction of staging.transactions()) {
        counts.transactions++;
        job.push(transaction);
        if (job.length < JOB_SIZE) continue;
        jobs.push(builder.build(job));
        job = [];
        if (jobs.length >= Math.max(1, workers) * JOBS_PER_WORKER) await takeJob();
      }
      if (job.length > 0) jobs.push(builder.build(job));
      while (jobs.length > 0) await takeJob();
      if (batch.length > 0) await appendBatch(run, batch, counts);
    } finally {
      // Jobs left behind by a failure must not reject unobserved.
      for (const left of jobs) left.catch(() => undefined);
      await builder.close();
    }
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

/**
 * A transaction's events, mapped, validated and within the token's scope; undefined when any row is refused
 * (reported here: the transaction is not imported at all).
 */
function checkedTransaction(run: ImportRun, build: TransactionBuild): TransactionBuild | undefined {
  if (build.rejected.length > 0) {
    for (const rejected of build.rejected) run.report.add(rejected);
    run.progress.advance(build.rows, 0);
    return undefined;
  }
  const refusal = build.events
    .map(({ event }) => run.publishRefusal(event))
    .find((reason) => reason !== undefined);
  if (refusal) {
    for (const { rows } of build.events) {
      for (const row of rows)
        run.report.add(rejectedRow(row, `the token may not publish this transaction: ${refusal}`));
    }
    run.progress.advance(build.rows, 0);
    return undefined;
  }
  return build;
}

/** Appends a batch of transactions (one store transaction) and counts and reports what became of each row. */
async function appendBatch(
  run: ImportRun,
  batch: readonly TransactionBuild[],
  counts: { appended: number; alreadyStored: number; wouldAppend: number },
): Promise<void> {
  let outcomes;
  try {
    outcomes = await run.appender.appendMany(
      batch.map((build) => ({ streamId: build.streamId, events: build.events.map(({ event }) => event) })),
      { dryRun: run.dryRun },
    );
  } catch (error) {
    // The store could not write at all: nothing of the batch is stored.
    for (const build of batch) {
      for (const { rows } of build.events) {
        for (const row of rows)
          run.report.add(rejectedRow(row, `${build.streamId} could not be appended: ${reasonOf(error)}`));
      }
      run.progress.advance(build.rows, 0);
    }
    return;
  }
  batch.forEach((build, i) => {
    let events = 0;
    outcomes[i]!.forEach((outcome, j) => {
      const { rows: eventRows, event } = build.events[j]!;
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
  });
}
