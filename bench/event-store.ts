/**
 * Event store benchmark: gongkai's SQLite adapter against raw better-sqlite3 (same hashing, the practical
 * limit) and Emmett's SQLite event store, with 1 KiB events of Chinese disclosure content.
 *
 *   npx tsx bench/event-store.ts [--events 1000000] [--only gongkai,raw,emmett] [--json]
 *
 * Progress goes to stderr; the table (or, with --json, one JSON object) to stdout.
 */
import { Command, InvalidArgumentError, Option } from 'commander';
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore } from '@gongkai/event-store';
import { ChineseEventGenerator } from './lib/chinese-events';
import { EmmettSubject } from './lib/emmett-subject';
import { benchMerkle, type MerkleFigures } from './lib/merkle-bench';
import {
  Progress,
  RssTracker,
  fmtRate,
  fmtRatio,
  fmtUs,
  nowMs,
  percentile,
  table,
  timeIt,
  type Throughput,
} from './lib/stats';
import { PortSubject, RawSqliteSubject, type BenchSubject } from './lib/subjects';

const SUBJECTS = ['gongkai', 'raw', 'emmett'] as const;
type SubjectKey = (typeof SUBJECTS)[number];

const positiveInt = (value: string): number => {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
};

const program = new Command()
  .name('bench/event-store.ts')
  .option(
    '--events <n>',
    'events loaded (batches of 100) for the readAll and catch-up phases',
    positiveInt,
    1_000_000,
  )
  .option(
    '--raw-events <n>',
    'the same for raw better-sqlite3 (its per-event figures settle well before 1M)',
    positiveInt,
    100_000,
  )
  .option(
    '--emmett-events <n>',
    'the same for Emmett, whose catch-up consumer runs at ~2k events/s here (1M would take ~10 min)',
    positiveInt,
    30_000,
  )
  .option('--single <n>', 'single appends, sequential awaits', positiveInt, 1000)
  .option('--concurrent <n>', 'single appends from concurrent writers, in total', positiveInt, 10_000)
  .option('--writers <n>', 'concurrent writers', positiveInt, 16)
  .option(
    '--batched <n>',
    'events appended in batches of 100 (and again in batches of 500)',
    positiveInt,
    50_000,
  )
  .option(
    '--merkle-leaves <n>',
    'leaves appended to the in-memory Merkle log (0 skips it)',
    (v) => (v === '0' ? 0 : positiveInt(v)),
    1_000_000,
  )
  .option('--reads <n>', 'readStream calls on 20-event streams', positiveInt, 2000)
  .option('--only <list>', 'comma-separated subset of gongkai,raw,emmett', 'gongkai,raw,emmett')
  .option('--synchronous <mode>', 'gongkai sqlite synchronous mode (FULL or NORMAL)', 'FULL')
  .option('--json', 'print one JSON object with every figure', false)
  .addOption(new Option('--large-only <subject>', 'internal: run one large-store phase').hideHelp())
  .addOption(new Option('--root <dir>', 'internal: directory for the large store').hideHelp());

interface Options {
  events: number;
  rawEvents: number;
  emmettEvents: number;
  single: number;
  concurrent: number;
  writers: number;
  batched: number;
  reads: number;
  merkleLeaves: number;
  only: string;
  synchronous: string;
  json: boolean;
  largeOnly?: string;
  root?: string;
}

type Figure = Throughput | { error: string };

interface SubjectResult {
  name: string;
  singleSequential?: Figure;
  singleConcurrent?: Figure;
  batch100?: Figure;
  batch500?: Figure;
  readStream?: { p50Ms: number; p99Ms: number; samples: number } | { error: string };
  load?: Figure & { peakRssMiB?: number };
  readAll?: Figure;
  catchUp?: Figure & { note?: string };
}

const log = (message: string): void => void process.stderr.write(`${message}\n`);

async function tryFigure<T extends object>(
  label: string,
  work: () => Promise<T>,
): Promise<T | { error: string }> {
  try {
    return await work();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    log(`  ${label} failed: ${message}`);
    return { error: message.split('\n')[0]!.slice(0, 200) };
  }
}

async function openSubject(key: SubjectKey, file: string, options: Options): Promise<BenchSubject> {
  switch (key) {
    case 'gongkai': {
      const synchronous = options.synchronous.toUpperCase() === 'NORMAL' ? 'NORMAL' : 'FULL';
      return new PortSubject(
        `gongkai sqlite (${synchronous})`,
        await SqliteEventStore.open({ path: file, synchronous }),
      );
    }
    case 'raw':
      return new RawSqliteSubject(file);
    case 'emmett':
      return new EmmettSubject(file);
  }
}

/**
 * Every subject's append and read phase first, in this process; then each subject's large store in a
 * child process of its own. The large loads write gigabytes, after which this VM's disk answers fsyncs
 * more slowly for a while, so the fsync-bound single appends are measured before any of them; and a
 * fresh process per large store makes its peak RSS that of the load alone.
 */
async function runSubjects(
  keys: SubjectKey[],
  options: Options,
  root: string,
): Promise<Partial<Record<SubjectKey, SubjectResult>>> {
  const results: Partial<Record<SubjectKey, SubjectResult>> = {};
  for (const key of keys) {
    log(`\n== ${key}: appends and readStream`);
    const result: SubjectResult = { name: key };
    results[key] = result;
    await appendAndReadPhase(key, options, root, result);
  }
  for (const key of keys) {
    log(`\n== ${key}: large store (child process)`);
    Object.assign(results[key]!, largeStoreInChild(key, options, root));
  }
  return results;
}

/** Runs this script with `--large-only <key>`: same node flags (the tsx loader), progress on stderr. */
function largeStoreInChild(key: SubjectKey, options: Options, root: string): Partial<SubjectResult> {
  const args = [
    ...process.execArgv,
    process.argv[1]!,
    '--large-only',
    key,
    '--root',
    root,
    '--events',
    String(options.events),
    '--raw-events',
    String(options.rawEvents),
    '--emmett-events',
    String(options.emmettEvents),
    '--synchronous',
    options.synchronous,
  ];
  const child = spawnSync(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'inherit'],
    encoding: 'utf8',
    maxBuffer: 16 * 1024 * 1024,
  });
  const marker = child.stdout.lastIndexOf(LARGE_RESULT);
  if (child.status !== 0 || marker < 0) {
    const error = `large-store child failed (${child.error?.message ?? `exit ${String(child.status ?? child.signal)}`})`;
    log(`  ${error}`);
    return { load: { error } };
  }
  return JSON.parse(child.stdout.slice(marker + LARGE_RESULT.length)) as Partial<SubjectResult>;
}

const LARGE_RESULT = '@@large-store-result@@';

/** Loads a large store in batches of 100, then measures readAll and catch-up over it. */
async function largeStorePhase(
  key: SubjectKey,
  options: Options,
  root: string,
  result: SubjectResult,
): Promise<void> {
  const limit = { gongkai: options.events, raw: options.rawEvents, emmett: options.emmettEvents }[key];
  const total = Math.min(limit, options.events);
  const bigFile = path.join(root, `${key}-big.db`);
  let subject = await openSubject(key, bigFile, options);
  result.name = subject.name;
  const rss = new RssTracker();
  log(`  loading ${total.toLocaleString('en')} events in batches of 100`);
  const progress = new Progress('load', total);
  const bigGenerator = new ChineseEventGenerator(11);
  const template = bigGenerator.batch(1000);
  const loaded = await tryFigure('load', () =>
    timeIt(total, async () => {
      for (let done = 0; done < total; done += 100) {
        // Fresh ids, shared 1 KiB bodies: generating 1M distinct bodies would measure the generator.
        const batch = template
          .slice(done % 1000, (done % 1000) + 100)
          .map((e) => ({ ...e, id: randomUUID() }));
        await subject.appendBatch(
          `txn-big-${Math.floor(done / 100) % 10_000}`,
          batch.slice(0, Math.min(100, total - done)),
        );
        if (done % 10_000 === 0) {
          rss.sample();
          progress.update(done);
        }
      }
      progress.update(total);
    }),
  );
  result.load = 'error' in loaded ? loaded : { ...loaded, peakRssMiB: rss.peakMiB };
  await subject.close();

  if (!('error' in loaded)) {
    subject = await openSubject(key, bigFile, options);
    log(`  readAll`);
    const readProgress = new Progress('readAll', total);
    result.readAll = await tryFigure('readAll', async () => {
      const start = nowMs();
      const count = await subject.readAll((done) => readProgress.update(done));
      const seconds = (nowMs() - start) / 1000;
      return { count, seconds, perSecond: count / seconds };
    });
    log(`  catch-up subscription (${subject.catchUpNote})`);
    const catchProgress = new Progress('catch-up', total);
    const caught = await tryFigure('catch-up', async () => {
      const start = nowMs();
      const count = await subject.catchUp(total, (done) => catchProgress.update(done));
      const seconds = (nowMs() - start) / 1000;
      if (count < total) throw new Error(`catch-up delivered ${count} of ${total} events`);
      return { count, seconds, perSecond: count / seconds };
    });
    result.catchUp = 'error' in caught ? caught : { ...caught, note: subject.catchUpNote };
    await subject.close();
  }
  await fs.rm(bigFile, { force: true });
  await fs.rm(`${bigFile}-wal`, { force: true });
  await fs.rm(`${bigFile}-shm`, { force: true });
}

/** Single and batched appends, then readStream latency, on a fresh file. */
async function appendAndReadPhase(
  key: SubjectKey,
  options: Options,
  root: string,
  result: SubjectResult,
): Promise<void> {
  const generator = new ChineseEventGenerator(7);
  const subject = await openSubject(key, path.join(root, `${key}-small.db`), options);
  result.name = subject.name;
  let streamNo = 0;
  const stream = (): string => `txn-bench-${key}-${streamNo++}`;

  log(`  single appends, sequential (${options.single})`);
  const singleStreams = Array.from({ length: 100 }, stream);
  const singles = Array.from({ length: options.single }, (_, i) => generator.next(i));
  result.singleSequential = await tryFigure('single sequential', () =>
    timeIt(options.single, async () => {
      for (let i = 0; i < singles.length; i++) {
        await subject.appendOne(singleStreams[i % 100]!, singles[i]!).catch((error: unknown) => {
          throw new Error(`after ${i} appends: ${error instanceof Error ? error.message : String(error)}`);
        });
      }
    }),
  );

  if (subject.concurrentUnsupported) {
    result.singleConcurrent = { error: subject.concurrentUnsupported };
  } else {
    log(`  single appends, ${options.writers} concurrent writers (${options.concurrent})`);
    const perWriter = Math.ceil(options.concurrent / options.writers);
    const writerStreams = Array.from({ length: options.writers }, () => Array.from({ length: 20 }, stream));
    const events = Array.from({ length: perWriter * options.writers }, (_, i) => generator.next(i));
    result.singleConcurrent = await tryFigure('single concurrent', () =>
      timeIt(perWriter * options.writers, async () => {
        // allSettled: a failing writer must not leave the others running into the next phase.
        const outcomes = await Promise.allSettled(
          writerStreams.map(async (streams, w) => {
            for (let i = 0; i < perWriter; i++) {
              await subject.appendOne(streams[i % streams.length]!, events[w * perWriter + i]!);
            }
          }),
        );
        const failed = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
        if (failed) throw failed.reason;
      }),
    );
  }

  for (const size of [100, 500] as const) {
    const count = Math.floor(options.batched / size) * size;
    log(`  batches of ${size} (${count})`);
    const batches = Array.from({ length: count / size }, (_, i) => generator.batch(size, i));
    const figure = await tryFigure(`batches of ${size}`, () =>
      timeIt(count, async () => {
        for (const batch of batches) await subject.appendBatch(stream(), batch);
      }),
    );
    if (size === 100) result.batch100 = figure;
    else result.batch500 = figure;
  }

  log(`  readStream of 20-event streams (${options.reads} reads)`);
  const readStreams = Array.from({ length: 200 }, stream);
  result.readStream = await tryFigure('readStream', async () => {
    for (const s of readStreams) await subject.appendBatch(s, generator.batch(20));
    for (let i = 0; i < 200; i++) await subject.readStream(readStreams[i % 200]!); // warm up
    const samples: number[] = [];
    for (let i = 0; i < options.reads; i++) {
      const s = readStreams[(i * 7919) % readStreams.length]!;
      const start = nowMs();
      const n = await subject.readStream(s);
      samples.push(nowMs() - start);
      if (n !== 20) throw new Error(`readStream returned ${n} events, expected 20`);
    }
    return { p50Ms: percentile(samples, 50), p99Ms: percentile(samples, 99), samples: samples.length };
  });
  await subject.close();
}

const rate = (f: Figure | undefined): number | undefined => (f && !('error' in f) ? f.perSecond : undefined);
const cell = (f: Figure | undefined): string =>
  f === undefined ? '-' : 'error' in f ? 'n/a' : fmtRate(f.perSecond);

type RatioKey =
  'singleSequential' | 'singleConcurrent' | 'batch100' | 'batch500' | 'load' | 'readAll' | 'catchUp';
const RATIO_KEYS: RatioKey[] = [
  'singleSequential',
  'singleConcurrent',
  'batch100',
  'batch500',
  'load',
  'readAll',
  'catchUp',
];

/** gongkai ÷ other for throughputs, other ÷ gongkai for readStream latency (higher is better for gongkai). */
function ratios(
  results: Partial<Record<SubjectKey, SubjectResult>>,
): Record<'vsRaw' | 'vsEmmett', Record<string, number | null>> {
  const g = results.gongkai;
  const versus = (other: SubjectResult | undefined): Record<string, number | null> => {
    const out: Record<string, number | null> = {};
    for (const key of RATIO_KEYS) {
      const a = rate(g?.[key]);
      const b = rate(other?.[key]);
      out[key] = a !== undefined && b !== undefined && b > 0 ? a / b : null;
    }
    for (const p of ['p50Ms', 'p99Ms'] as const) {
      const a = g?.readStream && !('error' in g.readStream) ? g.readStream[p] : undefined;
      const b = other?.readStream && !('error' in other.readStream) ? other.readStream[p] : undefined;
      out[`readStream.${p}`] = a !== undefined && b !== undefined && a > 0 ? b / a : null;
    }
    return out;
  };
  return { vsRaw: versus(results.raw), vsEmmett: versus(results.emmett) };
}

function render(results: Partial<Record<SubjectKey, SubjectResult>>, options: Options): string {
  const g = results.gongkai;
  const r = results.raw;
  const e = results.emmett;
  const latency = (x: SubjectResult | undefined, p: 'p50Ms' | 'p99Ms'): number | undefined =>
    x?.readStream && !('error' in x.readStream) ? x.readStream[p] : undefined;
  const rows: string[][] = [];
  const add = (label: string, pick: (x: SubjectResult) => Figure | undefined): void => {
    rows.push([
      label,
      g ? cell(pick(g)) : '-',
      r ? cell(pick(r)) : '-',
      e ? cell(pick(e)) : '-',
      fmtRatio(rate(g && pick(g)), rate(r && pick(r))),
      fmtRatio(rate(g && pick(g)), rate(e && pick(e))),
    ]);
  };
  add('append, single, sequential (ev/s)', (x) => x.singleSequential);
  add(`append, single, ${options.writers} writers (ev/s)`, (x) => x.singleConcurrent);
  add('append, batches of 100 (ev/s)', (x) => x.batch100);
  add('append, batches of 500 (ev/s)', (x) => x.batch500);
  for (const p of ['p50Ms', 'p99Ms'] as const) {
    rows.push([
      `readStream 20 events ${p.slice(0, 3)}`,
      fmtUs(latency(g, p)),
      fmtUs(latency(r, p)),
      fmtUs(latency(e, p)),
      fmtRatio(latency(g, p), latency(r, p), true),
      fmtRatio(latency(g, p), latency(e, p), true),
    ]);
  }
  add('load (batches of 100) (ev/s)', (x) => x.load);
  add('readAll (ev/s)', (x) => x.readAll);
  add('catch-up subscription (ev/s)', (x) => x.catchUp);
  const out = [table(['workload', 'gongkai', 'raw', 'emmett', 'gongkai/raw', 'gongkai/emmett'], rows), ''];
  for (const x of [g, r, e]) {
    if (!x) continue;
    const loadFigure = x.load && !('error' in x.load) ? x.load : undefined;
    out.push(
      `${x.name}: load ${loadFigure?.count.toLocaleString('en') ?? '-'} events in ${loadFigure?.seconds.toFixed(1) ?? '-'} s` +
        (loadFigure?.peakRssMiB ? `, peak RSS ${loadFigure.peakRssMiB} MiB (whole process)` : '') +
        (x.catchUp && !('error' in x.catchUp) ? `; catch-up: ${x.catchUp.note}` : ''),
    );
    for (const [k, v] of Object.entries(x)) {
      if (v && typeof v === 'object' && 'error' in v) out.push(`  ${k}: not measured: ${String(v.error)}`);
    }
  }
  out.push(
    'ratios: throughput ratios are gongkai÷other (higher is better); latency ratios are other÷gongkai.',
  );
  return out.join('\n');
}

async function main(): Promise<void> {
  const options = program.parse().opts<Options>();
  // Libraries under test log to console.log (Emmett prints driver errors): keep stdout for the figures.
  const print = console.log.bind(console);
  console.log = console.error.bind(console);
  if (options.largeOnly) {
    const key = options.largeOnly as SubjectKey;
    const result: SubjectResult = { name: key };
    await largeStorePhase(key, options, options.root ?? os.tmpdir(), result);
    print(`${LARGE_RESULT}${JSON.stringify(result)}`);
    return;
  }
  const chosen = options.only.split(',').map((s) => s.trim()) as SubjectKey[];
  const unknown = chosen.filter((k) => !SUBJECTS.includes(k));
  if (unknown.length > 0) program.error(`unknown subject(s): ${unknown.join(', ')}`);
  const root = await fs.mkdtemp(path.join(os.tmpdir(), 'gongkai-bench-'));
  const started = nowMs();
  let results: Partial<Record<SubjectKey, SubjectResult>> = {};
  try {
    results = await runSubjects(
      SUBJECTS.filter((k) => chosen.includes(k)),
      options,
      root,
    );
  } finally {
    await fs.rm(root, { recursive: true, force: true });
  }
  let merkle: MerkleFigures | undefined;
  if (options.merkleLeaves > 0) {
    log(`\n== Merkle log (${options.merkleLeaves.toLocaleString('en')} leaves, in memory)`);
    merkle = benchMerkle(options.merkleLeaves);
  }
  const machine = {
    cpus: os.cpus().length,
    cpuModel: os.cpus()[0]?.model ?? 'unknown',
    memoryGiB: Math.round(os.totalmem() / 2 ** 30),
    node: process.version,
    platform: `${os.platform()} ${os.release()}`,
  };
  const seconds = (nowMs() - started) / 1000;
  if (options.json) {
    print(
      JSON.stringify(
        { bench: 'event-store', machine, options, seconds, results, ratios: ratios(results), merkle },
        null,
        2,
      ),
    );
  } else {
    print(
      `\nEvent store benchmark (${machine.cpus} cores, ${machine.cpuModel}, Node ${machine.node}), ${seconds.toFixed(0)} s\n`,
    );
    print(render(results, options));
    if (merkle) {
      print(
        `\nMerkle log: ${merkle.leaves.toLocaleString('en')} leaves appended at ${fmtRate(merkle.appendPerSecond)}/s ` +
          `(${merkle.heapMiB} MiB); for a random older size: root ${merkle.rootOfOldSizeUs} µs, inclusion proof ` +
          `${merkle.inclusionProofP50Us} µs, consistency proof ${merkle.consistencyProofP50Us} µs, ` +
          `verify inclusion ${merkle.verifyInclusionP50Us} µs (p50)`,
      );
    }
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
