/**
 * Feeds benchmark: what it costs to get appended events out to the people and platforms that need them,
 * each figure against a peer measured in the same run on the same machine:
 *
 * - projection rebuild (every read model from zero, ProjectionManager) vs a plain readAll of the same store;
 * - append -> Kafka consumer latency (KafkaFeedPublisher) vs a raw kafkajs producer's send -> consumer for
 *   the same messages, and backlog publish throughput vs raw sendBatch of the same messages (real broker);
 * - append over HTTP -> SSE client (`GET /v1/feed`) latency vs the same appends' own 201 round trip;
 * - sink delivery (SinkRunner, provincial platform) vs raw fetch POSTs of the same records, same receiver;
 * - `/health` round trips while 1,000 idle SSE subscribers and 400 replaying from position 0 are connected
 *   vs the same service's `/health` with no subscriber, and the service's RSS (`--only load`; not in the
 *   default set: it takes minutes).
 *
 *   npx tsx bench/feeds.ts [--rebuild-events 1000000] [--rate 200] [--seconds 10] [--only rebuild,kafka]
 *                          [--json]
 *
 * Progress goes to stderr; the table (or, with --json, one JSON object) to stdout.
 */
import { Command, InvalidArgumentError } from 'commander';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore } from '@gongkai/event-store';
import { feedLoadBench, type FeedLoadFigures } from './lib/feed-load-bench';
import { FeedWorkload } from './lib/feed-workload';
import { kafkaBench, type KafkaFigures } from './lib/kafka-bench';
import { rebuildThroughput, type RebuildFigures } from './lib/rebuild-bench';
import { sinkBench, type SinkFigures } from './lib/sink-bench';
import { FeedEndpointMissing, sseBench, type SseFigures } from './lib/sse-bench';
import { fmtRate, fmtRatio, fmtUs, nowMs, table } from './lib/stats';

const PARTS = ['rebuild', 'kafka', 'sse', 'sinks', 'load'] as const;
type Part = (typeof PARTS)[number];

const positiveInt = (value: string): number => {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
};

const program = new Command()
  .name('bench/feeds.ts')
  .option(
    '--rebuild-events <n>',
    'events in the store the read models are rebuilt from (1,000,000 takes ~3 min here: ~80 s to load, ~100 s to rebuild)',
    positiveInt,
    500_000,
  )
  .option(
    '--rebuild-store <file>',
    'keep the rebuild\'s loaded store in this file and reuse it when it exists (compare code on the same events)',
  )
  .option(
    '--slice-ms <list>',
    'slice lengths (ms, comma-separated) to rebuild with, one rebuild each on the same store (20: the event loop, 100: the projection thread)',
    (v) => v.split(',').map(positiveInt),
  )
  .option('--rate <n>', 'appends per second in the latency runs (Kafka and SSE)', positiveInt, 200)
  .option('--seconds <n>', 'seconds of steady load per latency run', positiveInt, 10)
  .option(
    '--kafka-backlog <n>',
    'events published from zero for the Kafka throughput figure',
    positiveInt,
    20_000,
  )
  .option('--kafka-linger <ms>', "the Kafka publisher's lingerMs (default: the configuration's, 2)", (v) =>
    v === '0' ? 0 : positiveInt(v),
  )
  .option('--sink-events <n>', 'events delivered by the sink runner', positiveInt, 10_000)
  .option('--load-events <n>', 'events in the store the SSE load run replays', positiveInt, 200_000)
  .option('--load-idle <n>', 'idle SSE subscribers in the load run', positiveInt, 1_000)
  .option('--load-replaying <n>', 'SSE subscribers replaying from position 0 in the load run', positiveInt, 400)
  .option('--load-seconds <n>', 'seconds the load run keeps every subscriber connected', positiveInt, 60)
  .option(
    '--load-readers-nice <n>',
    "the readers' process priority (nice; 0 = the service's): they stand for remote clients",
    (value: string) => Number(value),
    10,
  )
  .option(
    '--only <list>',
    `comma-separated subset of ${PARTS.join(',')}`,
    PARTS.filter((part) => part !== 'load').join(','),
  )
  .option('--json', 'print one JSON object with every figure', false);

interface Options {
  rebuildEvents: number;
  sliceMs?: number[];
  rebuildStore?: string;
  rate: number;
  seconds: number;
  kafkaBacklog: number;
  kafkaLinger?: number;
  sinkEvents: number;
  loadEvents: number;
  loadIdle: number;
  loadReplaying: number;
  loadSeconds: number;
  loadReadersNice: number;
  only: string;
  json: boolean;
}

interface Results {
  machine: { cpus: number; node: string };
  options: Omit<Options, 'json' | 'only'>;
  seconds: number;
  rebuild?: RebuildFigures;
  kafka?: KafkaFigures;
  sse?: SseFigures | { notMeasured: string };
  sinks?: SinkFigures;
  load?: FeedLoadFigures;
  /** gongkai/peer for throughput, peer/gongkai for latency: below 1 means slower than the peer. */
  ratios: Record<string, number>;
  failures: Record<string, string>;
}

/** The same ratios the table shows, as numbers for --json. */
function ratiosOf({ rebuild, kafka, sse, sinks, load }: Results): Record<string, number> {
  const ratios: Record<string, number> = {};
  if (load) {
    ratios.healthP50AloneVsUnderFeedLoad = load.healthAlone.p50Ms / load.healthUnderLoad.p50Ms;
    ratios.healthP99AloneVsUnderFeedLoad = load.healthAlone.p99Ms / load.healthUnderLoad.p99Ms;
  }
  if (rebuild) ratios.rebuildVsReadAll = rebuild.rebuildPerSecond / rebuild.readAllPerSecond;
  if (kafka) {
    const { publisher, rawProducer } = kafka.latency;
    ratios.kafkaLatencyP50VsRawProducer = rawProducer.p50Ms / publisher.p50Ms;
    ratios.kafkaLatencyP99VsRawProducer = rawProducer.p99Ms / publisher.p99Ms;
    ratios.kafkaPublishVsRawSendBatch =
      kafka.throughput.publisherPerSecond / kafka.throughput.rawProducerPerSecond;
  }
  if (sse && 'appendToSse' in sse) {
    ratios.sseLatencyP50VsAppendAnswered = sse.appendAnswered.p50Ms / sse.appendToSse.p50Ms;
    ratios.sseLatencyP99VsAppendAnswered = sse.appendAnswered.p99Ms / sse.appendToSse.p99Ms;
  }
  if (sinks) ratios.sinkDeliveryVsRawPosts = sinks.runnerPerSecond / sinks.rawPostsPerSecond;
  return ratios;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

async function runRebuild(options: Options, dir: string, workload: FeedWorkload): Promise<RebuildFigures> {
  log(
    `rebuild: loading ${options.rebuildEvents.toLocaleString('en')} events (batched appends, synchronous=NORMAL)`,
  );
  const file = options.rebuildStore ?? path.join(dir, 'rebuild.sqlite');
  const store = await SqliteEventStore.open({ path: file, synchronous: 'NORMAL' });
  try {
    const held = await store.headPosition();
    if (held === 0) await workload.load(store, options.rebuildEvents, 32, 'rebuild store');
    else log(`rebuild: reusing ${held.toLocaleString('en')} events in ${file}`);
    const [first, ...others] = options.sliceMs ?? [undefined];
    const figures = await rebuildThroughput(store, dir, { sliceMs: first });
    for (const sliceMs of others) await rebuildThroughput(store, dir, { sliceMs });
    return figures;
  } finally {
    await store.close();
  }
}

function report(results: Results): string {
  const rows: string[][] = [];
  const { rebuild, kafka, sse, sinks } = results;
  if (rebuild) {
    rows.push([
      `rebuild, ${rebuild.events.toLocaleString('en')} events, all read models (ev/s)`,
      fmtRate(rebuild.rebuildPerSecond),
      `readAll ${fmtRate(rebuild.readAllPerSecond)}`,
      fmtRatio(rebuild.rebuildPerSecond, rebuild.readAllPerSecond),
    ]);
    rows.push([
      '  the same per CPU-second',
      fmtRate(rebuild.rebuildPerCpuSecond),
      `readAll ${fmtRate(rebuild.readAllPerCpuSecond)}`,
      fmtRatio(rebuild.rebuildPerCpuSecond, rebuild.readAllPerCpuSecond),
    ]);
    for (const [name, figures] of Object.entries(rebuild.projections)) {
      rows.push([`  ${name}: apply's share of the rebuild`, `${(figures.share * 100).toFixed(1)} %`, '', '']);
    }
    rows.push([
      '  reading, commits, checkpoints',
      `${(rebuild.otherShare * 100).toFixed(1)} %`,
      `load ${rebuild.loadAverage.join(' -> ')}`,
      '',
    ]);
  }
  if (kafka) {
    const { publisher, rawProducer, appendOnly } = kafka.latency;
    const at = `${publisher.ratePerSecond}/s, linger ${kafka.lingerMs} ms`;
    rows.push([
      `append -> Kafka consumer p50 (${at})`,
      fmtUs(publisher.p50Ms),
      `raw send ${fmtUs(rawProducer.p50Ms)}`,
      fmtRatio(publisher.p50Ms, rawProducer.p50Ms, true),
    ]);
    rows.push([
      `append -> Kafka consumer p99 (${at})`,
      fmtUs(publisher.p99Ms),
      `raw send ${fmtUs(rawProducer.p99Ms)}`,
      fmtRatio(publisher.p99Ms, rawProducer.p99Ms, true),
    ]);
    rows.push([
      `  of which the append itself, p50 / p99`,
      `${fmtUs(appendOnly.p50Ms)} / ${fmtUs(appendOnly.p99Ms)}`,
      '',
      '',
    ]);
    const t = kafka.throughput;
    rows.push([
      `Kafka publish, backlog of ${t.events.toLocaleString('en')} (ev/s)`,
      fmtRate(t.publisherPerSecond),
      `raw sendBatch ${fmtRate(t.rawProducerPerSecond)}`,
      fmtRatio(t.publisherPerSecond, t.rawProducerPerSecond),
    ]);
  }
  if (sse && 'appendToSse' in sse) {
    const { appendToSse, appendAnswered } = sse;
    const at = `${appendToSse.ratePerSecond}/s`;
    rows.push([
      `append -> SSE client p50 (${at})`,
      fmtUs(appendToSse.p50Ms),
      `201 answered ${fmtUs(appendAnswered.p50Ms)}`,
      fmtRatio(appendToSse.p50Ms, appendAnswered.p50Ms, true),
    ]);
    rows.push([
      `append -> SSE client p99 (${at})`,
      fmtUs(appendToSse.p99Ms),
      `201 answered ${fmtUs(appendAnswered.p99Ms)}`,
      fmtRatio(appendToSse.p99Ms, appendAnswered.p99Ms, true),
    ]);
  }
  if (sinks) {
    rows.push([
      `sink delivery, ${sinks.records.toLocaleString('en')} records, ${sinks.concurrency} in flight (rec/s)`,
      fmtRate(sinks.runnerPerSecond),
      `raw POSTs ${fmtRate(sinks.rawPostsPerSecond)}`,
      fmtRatio(sinks.runnerPerSecond, sinks.rawPostsPerSecond),
    ]);
  }
  const { load } = results;
  if (load) {
    const at = `${load.idle} idle + ${load.replaying} from 0, ${load.events.toLocaleString('en')} events`;
    rows.push([
      `/health p50 under SSE load (${at})`,
      fmtUs(load.healthUnderLoad.p50Ms),
      `no subscriber ${fmtUs(load.healthAlone.p50Ms)}`,
      fmtRatio(load.healthUnderLoad.p50Ms, load.healthAlone.p50Ms, true),
    ]);
    rows.push([
      `/health p99 under SSE load (max ${fmtUs(load.healthUnderLoad.maxMs)})`,
      fmtUs(load.healthUnderLoad.p99Ms),
      `no subscriber ${fmtUs(load.healthAlone.p99Ms)}`,
      fmtRatio(load.healthUnderLoad.p99Ms, load.healthAlone.p99Ms, true),
    ]);
    rows.push([
      `  service event-loop delay p99 / max under load`,
      `${fmtUs(load.loopLagUnderLoad.p99Ms)} / ${fmtUs(load.loopLagUnderLoad.maxMs)}`,
      `no subscriber ${fmtUs(load.loopLagAlone.p99Ms)} / ${fmtUs(load.loopLagAlone.maxMs)}`,
      '',
    ]);
    rows.push([
      `  service RSS, peak under load (MiB)`,
      String(load.rssPeakMiB),
      `no subscriber ${load.rssIdleMiB}`,
      '',
    ]);
    rows.push([
      `  replayed to the ${load.replaying} clients (msg/s, MiB/s; finished)`,
      `${fmtRate(load.replayedMessagesPerSecond)}, ${load.replayedMiBPerSecond.toFixed(1)}`,
      `${load.replaysFinished}/${load.replaying} finished in ${load.seconds.toFixed(0)} s`,
      '',
    ]);
    rows.push([
      `  live events to idle subscribers (deliveries / appends x idle)`,
      `${load.liveDeliveries}`,
      `${load.liveAppends * load.idle}`,
      '',
    ]);
  }
  const lines = [table(['figure', 'gongkai', 'peer (same run)', 'gongkai/peer'], rows)];
  if (rebuild && rebuild.events < 1_000_000) {
    lines.push(
      `rebuild measured over ${rebuild.events.toLocaleString('en')} events, not 1M, to keep the whole bench near ` +
        '4 min on 2 cores; --rebuild-events 1000000 adds ~2 min',
    );
  }
  lines.push(
    'ratios: throughput gongkai/peer, latency peer/gongkai (1.00x = as fast as the peer, lower = slower)',
  );
  if (sse && 'notMeasured' in sse) lines.push(`sse: not measured (${sse.notMeasured})`);
  for (const [part, message] of Object.entries(results.failures)) lines.push(`${part}: FAILED (${message})`);
  lines.push(
    `total ${results.seconds.toFixed(0)} s on ${results.machine.cpus} cores, Node ${results.machine.node}`,
  );
  return lines.join('\n');
}

async function main(): Promise<void> {
  const options = program.parse().opts<Options>();
  const parts = new Set(options.only.split(',').filter(Boolean));
  for (const part of parts) {
    if (!(PARTS as readonly string[]).includes(part)) throw new InvalidArgumentError(`unknown part ${part}`);
  }
  const { json, only: _only, ...figuresOptions } = options;
  const results: Results = {
    machine: { cpus: os.cpus().length, node: process.versions.node },
    options: figuresOptions,
    seconds: 0,
    ratios: {},
    failures: {},
  };
  const dir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-bench-feeds-'));
  const workload = new FeedWorkload();
  const start = nowMs();
  // Each part runs on its own; a failing one is reported and the others still run.
  const run = async (part: Part, work: () => Promise<void>) => {
    if (!parts.has(part)) return;
    try {
      await work();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      log(`${part} failed: ${message}`);
      results.failures[part] = message;
    }
  };
  try {
    await run('rebuild', async () => {
      results.rebuild = await runRebuild(options, dir, workload);
    });
    await run('kafka', async () => {
      log('kafka: starting a broker');
      results.kafka = await kafkaBench({
        dir,
        workload,
        ratePerSecond: options.rate,
        seconds: options.seconds,
        backlogEvents: options.kafkaBacklog,
        lingerMs: options.kafkaLinger,
      });
    });
    await run('sse', async () => {
      log('sse: starting the service');
      try {
        results.sse = await sseBench({
          dataDir: path.join(dir, 'service'),
          ratePerSecond: options.rate,
          seconds: options.seconds,
        });
      } catch (error) {
        if (!(error instanceof FeedEndpointMissing)) throw error;
        results.sse = { notMeasured: 'endpoint missing' };
      }
    });
    await run('load', async () => {
      results.load = await feedLoadBench({
        dir,
        workload,
        events: options.loadEvents,
        idle: options.loadIdle,
        replaying: options.loadReplaying,
        seconds: options.loadSeconds,
        readersNice: options.loadReadersNice,
      });
    });
    await run('sinks', async () => {
      log(`sinks: ${options.sinkEvents.toLocaleString('en')} events to a local receiver`);
      results.sinks = await sinkBench({ dir, workload, events: options.sinkEvents });
    });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  results.seconds = (nowMs() - start) / 1000;
  results.ratios = ratiosOf(results);
  process.stdout.write(`${json ? JSON.stringify(results) : report(results)}\n`);
  if (Object.keys(results.failures).length > 0) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
