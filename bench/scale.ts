/**
 * Scale benchmark: how start-up, memory, disk and the query endpoints cost as the store grows.
 *
 *   npx tsx bench/scale.ts                          # 100,000 events
 *   npx tsx bench/scale.ts --events 100000,1000000 --json
 *   npx tsx bench/scale.ts --events 1m --stores /var/tmp/gongkai-stores --load-only   # load once, keep
 *   npx tsx bench/scale.ts --events 1m --stores /var/tmp/gongkai-stores --skip-builds --json
 *   npx tsx bench/scale.ts --existing <kept dir> --partial 600 --json   # too big to build here: measure after 10 min
 *
 * Per size: a store of realistic lifecycles (bench/lib/scale-workload.ts) is appended to the SQLite store
 * directly (the HTTP path would take hours for millions of events); then the service is started as a child
 * process (`node --import tsx apps/gongkai/src/main.ts`, GONGKAI_ROLE=all) on empty read models and timed to
 * its first `/health` answer and to every read model live, with `/health` polled meanwhile (its latency
 * during the catch-up shows whether the event loop is held); then each endpoint is timed by a sequential
 * client (p50/p99 over `--samples` requests after a warm-up); then the service is restarted on its own
 * read models and timed again. RSS is the service process's (VmRSS, and VmHWM for the peak). Disk per event
 * is every file of the data dir over the number of events.
 *
 * `GET /v1/transactions?region=` is answered by whatever the service routes it to; the same search is also
 * timed on the public-disclosure read model directly (`searchPublicDisclosures`, in this process, on a
 * read-only connection to the service's read-model file), which is what the endpoint serves once routed
 * there.
 *
 * Progress goes to stderr; the table (or, with --json, one JSON object) to stdout.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { Command, InvalidArgumentError } from 'commander';
import { SqliteEventStore } from '@gongkai/event-store';
import {
  listFindings,
  PUBLIC_DISCLOSURE,
  SUPERVISION_FINDINGS,
  ReadModelDatabase,
  searchPublicDisclosures,
  tablesFor,
} from '@gongkai/projections';
import { freePort, memoryOf } from './lib/gongkai-service';
import { readAllFigures, rebuildFigures, treeBuildFigures, type BuildFigures } from './lib/build-throughput';
import { ScaleWorkload } from './lib/scale-workload';
import { nowMs, percentile, table } from './lib/stats';

const ROOT = path.resolve(__dirname, '..');
const MAIN = path.join(ROOT, 'apps', 'gongkai', 'src', 'main.ts');
const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';

const sizes = (value: string): number[] =>
  value.split(',').map((part) => {
    const n = Number(part.replace(/_/g, '').replace(/k$/i, '000').replace(/m$/i, '000000'));
    if (!Number.isSafeInteger(n) || n <= 0)
      throw new InvalidArgumentError('expected positive integers, e.g. 100000,1m');
    return n;
  });
const positiveInt = (value: string): number => {
  const n = Number(value);
  if (!Number.isSafeInteger(n) || n <= 0) throw new InvalidArgumentError('expected a positive integer');
  return n;
};

const program = new Command()
  .name('bench/scale.ts')
  .option('--events <n,...>', 'store sizes, comma-separated (100k, 1m accepted)', sizes, [100_000])
  .option('--samples <n>', 'timed requests per query', positiveInt, 200)
  .option('--keep', 'keep each data dir (printed) instead of deleting it', false)
  .option(
    '--stores <dir>',
    'keep each loaded store in <dir>/events-<n>/ and reuse it (copied into a fresh data dir per run)',
  )
  .option('--load-only', 'load the stores (into --stores) and stop', false)
  .option(
    '--existing <dir>',
    'a data dir a run kept (read models built; its workload.json beside the files): restart, queries, stall only',
  )
  .option(
    '--partial <seconds>',
    'with --existing: measure once the Merkle tree is live (or after this many seconds) without waiting for the read models; queries on a read model not yet live answer 503 and are reported so',
    positiveInt,
  )
  .option('--skip-builds', 'skip the in-process readAll, tree and read-model build figures', false)
  .option('--json', 'print one JSON object with every figure', false);

interface Options {
  events: number[];
  samples: number;
  keep: boolean;
  stores?: string;
  loadOnly: boolean;
  existing?: string;
  partial?: number;
  skipBuilds: boolean;
  json: boolean;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

// ---------------------------------------------------------------------------------------------------------
// The service as a child process, with its pid for RSS.

interface Service {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function spawnService(dataDir: string): Promise<Service> {
  const port = await freePort();
  // e.g. BENCH_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the service.
  const nodeArgs = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, ['--import', 'tsx', ...nodeArgs, MAIN], {
    cwd: ROOT,
    env: {
      PATH: process.env.PATH ?? '',
      HOST: '127.0.0.1',
      PORT: String(port),
      GONGKAI_DATA_DIR: dataDir,
      GONGKAI_ADMIN_TOKEN: ADMIN_TOKEN,
      GONGKAI_LOG_LEVEL: 'warn',
      GONGKAI_RATE_LIMIT_PER_MINUTE: '0',
      GONGKAI_SQLITE_SYNCHRONOUS: 'NORMAL',
      // Settings to try (GONGKAI_READ_WORKERS, ...) pass through.
      ...Object.fromEntries(
        Object.entries(process.env).filter(
          (entry): entry is [string, string] => entry[0].startsWith('GONGKAI_') && entry[0] !== 'GONGKAI_DATA_DIR',
        ),
      ),
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}


interface ProjectionsBody {
  projections?: Array<{ phase: string; lagEvents: number; rebuild?: unknown }>;
}

/** Every read model live at the store's head (asked of /v1/projections, which the service had before). */
async function caughtUp(url: string): Promise<boolean> {
  const answer = await get(`${url}/v1/projections`);
  const reports = (answer.body as ProjectionsBody).projections ?? [];
  return (
    answer.status === 200 &&
    reports.length > 0 &&
    reports.every((r) => r.phase === 'live' && r.lagEvents === 0 && r.rebuild === undefined)
  );
}

async function get(url: string, token?: string): Promise<{ status: number; body: unknown; ms: number }> {
  const start = nowMs();
  const response = await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  const text = await response.text();
  const ms = nowMs() - start;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    body = text;
  }
  return { status: response.status, body, ms };
}

interface StartFigures {
  /** Spawn to the first answer of /health (any status). */
  healthSeconds: number;
  /** Spawn to every read model live at the store's head. */
  caughtUpSeconds: number;
  rssAtHealthMiB: number;
  rssCaughtUpMiB: number;
  peakRssMiB: number;
  /** /health latency while the read models were catching up (polled every 100 ms). */
  healthDuringCatchUp: { samples: number; p50Ms: number; p99Ms: number; maxMs: number };
  /** The part of those answers given while the Merkle tree was built or the store verified (phase not live). */
  healthDuringIntegrity: { samples: number; p50Ms: number; p99Ms: number; maxMs: number };
  /** Spawn to the Merkle tree built and checked (/health integrity.phase `live`). */
  treeLiveSeconds: number;
  /** The peer of healthDuringCatchUp: /health polled the same way once everything was live. */
  healthIdle: { samples: number; p50Ms: number; p99Ms: number; maxMs: number };
  /** The machine's 1-minute load average when the service was started and when it was caught up. */
  loadAverage: { atStart: number; caughtUp: number };
}

const latencies = (samples: number[]) => ({
  samples: samples.length,
  p50Ms: percentile(samples, 50),
  p99Ms: percentile(samples, 99),
  maxMs: samples.length ? Math.max(...samples) : Number.NaN,
});

async function start(
  dataDir: string,
  label: string,
  /** Stop waiting for the tree and the read models after this many seconds (--partial): a store too big to build here. */
  waitAtMostSeconds?: number,
): Promise<{ service: Service; figures: StartFigures }> {
  const loadAtStart = os.loadavg()[0]!;
  let loadCaughtUp = Number.NaN;
  const began = nowMs();
  const service = await spawnService(dataDir);
  let healthSeconds = Number.NaN;
  let rssAtHealth = Number.NaN;
  let treeLiveSeconds = Number.NaN;
  let caughtUpSeconds = Number.NaN;
  let memory = { rssMiB: Number.NaN, peakMiB: Number.NaN };
  const during: number[] = [];
  const duringIntegrity: number[] = [];
  for (;;) {
    if (service.child.exitCode !== null) throw new Error(`the service exited with ${service.child.exitCode}`);
    try {
      const answer = await get(`${service.url}/health`);
      if (Number.isNaN(healthSeconds)) {
        healthSeconds = (nowMs() - began) / 1000;
        rssAtHealth = memoryOf(service.child.pid).rssMiB;
        log(`  ${label}: /health answered after ${healthSeconds.toFixed(1)} s (${rssAtHealth} MiB)`);
      } else during.push(answer.ms);
      const phase = (answer.body as { integrity?: { phase?: string } }).integrity?.phase;
      if (during.length > 0 && phase !== undefined && phase !== 'live') duringIntegrity.push(answer.ms);
      if (Number.isNaN(treeLiveSeconds) && (phase === 'live' || phase === undefined)) {
        treeLiveSeconds = (nowMs() - began) / 1000;
        log(`  ${label}: Merkle tree built and checked after ${treeLiveSeconds.toFixed(1)} s`);
      }
      if (Number.isNaN(caughtUpSeconds) && (await caughtUp(service.url))) {
        caughtUpSeconds = (nowMs() - began) / 1000;
        memory = memoryOf(service.child.pid);
        loadCaughtUp = os.loadavg()[0]!;
        log(
          `  ${label}: read models live after ${caughtUpSeconds.toFixed(1)} s (${memory.rssMiB} MiB, peak ${memory.peakMiB})`,
        );
      }
      if (!Number.isNaN(treeLiveSeconds) && !Number.isNaN(caughtUpSeconds)) break;
      // --partial: the tree live is enough (the read models of a store this size are not built within a session).
      const waitedEnough =
        !Number.isNaN(treeLiveSeconds) || nowMs() - began > (waitAtMostSeconds ?? Number.POSITIVE_INFINITY) * 1000;
      if (waitAtMostSeconds !== undefined && !Number.isNaN(healthSeconds) && waitedEnough) {
        memory = memoryOf(service.child.pid);
        log(`  ${label}: stopped waiting after ${((nowMs() - began) / 1000).toFixed(1)} s (--partial): ${JSON.stringify(answer.body)}`);
        break;
      }
    } catch {
      // not listening yet
    }
    if (nowMs() - began > 3 * 3600_000) throw new Error('the read models did not catch up within 3 hours');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const idle: number[] = [];
  for (let i = 0; i < Math.max(50, Math.min(during.length, 300)); i++) {
    idle.push((await get(`${service.url}/health`)).ms);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    service,
    figures: {
      healthSeconds,
      caughtUpSeconds,
      rssAtHealthMiB: rssAtHealth,
      rssCaughtUpMiB: memory.rssMiB,
      peakRssMiB: memory.peakMiB,
      healthDuringCatchUp: latencies(during),
      healthDuringIntegrity: latencies(duringIntegrity),
      treeLiveSeconds,
      healthIdle: latencies(idle),
      loadAverage: { atStart: loadAtStart, caughtUp: loadCaughtUp },
    },
  };
}

// ---------------------------------------------------------------------------------------------------------
// Queries.

interface Latency {
  p50Ms: number;
  p99Ms: number;
  status: number;
  /** The machine's 1-minute load average after the run. */
  loadAverage?: number;
}

async function timeRequests(samples: number, request: (i: number) => Promise<number>): Promise<Latency> {
  const latencies: number[] = [];
  let status = 0;
  for (let i = 0; i < samples + 20; i++) {
    const start = nowMs();
    status = await request(i);
    if (i >= 20) latencies.push(nowMs() - start);
  }
  return { p50Ms: percentile(latencies, 50), p99Ms: percentile(latencies, 99), status };
}

async function timeGet(samples: number, url: (i: number) => string, token?: string): Promise<Latency> {
  return timeRequests(samples, async (i) => {
    const response = await fetch(url(i), { headers: token ? { authorization: `Bearer ${token}` } : {} });
    await response.arrayBuffer();
    return response.status;
  });
}

/** The cursor that starts page `n` (1-based) of a list, by walking it. */
async function cursorOfPage(url: string, n: number, token?: string): Promise<string | undefined> {
  let cursor: string | undefined;
  for (let page = 1; page < n; page++) {
    const separator = url.includes('?') ? '&' : '?';
    const answer = await get(cursor ? `${url}${separator}cursor=${cursor}` : url, token);
    const next = (answer.body as { nextCursor?: string | null }).nextCursor;
    if (!next) return cursor;
    cursor = next;
  }
  return cursor;
}

async function measureQueries(
  service: Service,
  dataDir: string,
  workload: Pick<LoadedStore, 'transactionIds' | 'creditCodes'>,
  head: number,
  samples: number,
): Promise<Record<string, Latency & { note?: string }>> {
  const { url } = service;
  const ids = workload.transactionIds;
  const codes = workload.creditCodes;
  const pick = <T>(list: readonly T[], i: number): T => list[(i * 7919) % list.length]!;
  const figures: Record<string, Latency & { note?: string }> = {};
  const run = async (name: string, work: () => Promise<Latency>, note?: string) => {
    figures[name] = { ...(await work()), loadAverage: os.loadavg()[0]!, ...(note ? { note } : {}) };
    log(
      `  ${name}: p50 ${figures[name]!.p50Ms.toFixed(2)} ms, p99 ${figures[name]!.p99Ms.toFixed(2)} ms (${figures[name]!.status}), load ${figures[name]!.loadAverage!.toFixed(1)}`,
    );
  };

  const search = `${url}/v1/transactions?region=320600`;
  await run('search ?region=320600 (HTTP)', () => timeGet(samples, () => search));
  const searchPage5 = await cursorOfPage(search, 5);
  await run('search, page 5 via cursor (HTTP)', () =>
    timeGet(samples, () => (searchPage5 ? `${search}&cursor=${searchPage5}` : search)),
  );

  // The same search on the read model itself (what the endpoint serves once routed to it).
  const readModels = ReadModelDatabase.open(path.join(dataDir, 'read-models.sqlite'));
  try {
    const live = readModels.liveState(PUBLIC_DISCLOSURE);
    if (live) {
      const handle = { db: readModels.db, tables: tablesFor(PUBLIC_DISCLOSURE, live.generation) };
      await run('search ?region=320600 (read model, in-process)', () =>
        timeRequests(samples, async () =>
          searchPublicDisclosures(handle, { region: '320600' }).items.length ? 200 : 204,
        ),
      );
      let cursor: string | undefined;
      for (let page = 1; page < 5; page++)
        cursor = searchPublicDisclosures(handle, { region: '320600', cursor }).nextCursor ?? undefined;
      await run('search, page 5 via cursor (read model, in-process)', () =>
        timeRequests(samples, async () =>
          searchPublicDisclosures(handle, { region: '320600', cursor }).items.length ? 200 : 204,
        ),
      );
      await run('search ?region=320000&domain=land&stage=ContractSigned (read model)', () =>
        timeRequests(samples, async () =>
          searchPublicDisclosures(handle, { region: '320000', domain: 'land', stage: 'ContractSigned' }).items
            .length
            ? 200
            : 204,
        ),
      );
    }
    const findingsLive = readModels.liveState(SUPERVISION_FINDINGS);
    if (findingsLive) {
      const handle = { db: readModels.db, tables: tablesFor(SUPERVISION_FINDINGS, findingsLive.generation) };
      await run('findings ?region=320600 (read model, in-process)', () =>
        timeRequests(samples, async () =>
          listFindings(handle, { region: '320600' }).items.length ? 200 : 204,
        ),
      );
    }
  } finally {
    readModels.close();
  }

  const findings = `${url}/v1/findings?region=320600`;
  await run('findings ?region=320600', () => timeGet(samples, () => findings, ADMIN_TOKEN));
  const firstFindings = await get(findings, ADMIN_TOKEN);
  const total = (firstFindings.body as { total?: number }).total ?? 0;
  // Half-way through: the total is capped at 5,000 entries examined, so walk at most 100 pages of 50.
  const middle = await cursorOfPage(
    findings,
    Math.min(100, Math.max(2, Math.ceil(total / 50 / 2))),
    ADMIN_TOKEN,
  );
  await run('findings, page half-way via cursor', () =>
    timeGet(samples, () => (middle ? `${findings}&cursor=${middle}` : findings), ADMIN_TOKEN),
  );
  await run('findings ?region=320600&rule=…&code=… (residual filters)', () =>
    timeGet(
      samples,
      () => `${findings}&rule=engineering.candidates.publish-within-3d&code=LATE_DISCLOSURE&domain=land`,
      ADMIN_TOKEN,
    ),
  );
  await run('open items ?region=320600', () =>
    timeGet(samples, () => `${url}/v1/findings/open-items?region=320600`, ADMIN_TOKEN),
  );
  const reports = `${url}/v1/reports`;
  await run('report: timeliness ?region=320600', () =>
    timeGet(samples, () => `${reports}/timeliness?region=320600`, ADMIN_TOKEN),
  );
  await run('report: completeness ?region=320600, first page', () =>
    timeGet(samples, () => `${reports}/completeness?region=320600`, ADMIN_TOKEN),
  );
  await run('report: annual ?year=2021&region=320600', () =>
    timeGet(samples, () => `${reports}/annual?year=2021&region=320600`, ADMIN_TOKEN),
  );
  await run('red flags ?region=320600', () =>
    timeGet(samples, () => `${url}/v1/red-flags?region=320600`, ADMIN_TOKEN),
  );
  await run('transaction', () => timeGet(samples, (i) => `${url}/v1/transactions/${pick(ids, i)}`));
  const asOf = encodeURIComponent(new Date().toISOString());
  await run('transaction ?asOf=', () =>
    timeGet(samples, (i) => `${url}/v1/transactions/${pick(ids, i)}?asOf=${asOf}`),
  );
  await run('verify', () => timeGet(samples, (i) => `${url}/v1/transactions/${pick(ids, i)}/verify`));
  await run('credit', () => timeGet(samples, (i) => `${url}/v1/credit/${pick(codes, i)}`));
  await run('checkpoint', () => timeGet(samples, () => `${url}/v1/integrity/checkpoint`));
  await run('proof', () =>
    timeGet(samples, (i) => `${url}/v1/integrity/proof?position=${1 + ((i * 104_729) % head)}`),
  );
  return figures;
}

/** The heavy reads a supervisor's console sends, for the stall figure. */
const HEAVY_READS = [
  '/v1/transactions?region=320600',
  '/v1/findings?region=320600',
  '/v1/reports/completeness?region=320600',
  '/v1/reports/timeliness?region=320600',
  '/v1/reports/annual?year=2021&region=320600',
  '/v1/red-flags?region=320600',
];

/**
 * Whether heavy reads stall other requests: `/health` probed every 50 ms for `seconds` alone (the peer),
 * then for as long again while `clients` sequential clients send HEAVY_READS in turn.
 */
async function healthUnderReads(
  url: string,
  seconds: number,
  clients = 4,
): Promise<{
  alone: ReturnType<typeof latencies>;
  underReads: ReturnType<typeof latencies>;
  readsPerSecond: number;
  loadAverage: number;
}> {
  const probe = async (until: number) => {
    const samples: number[] = [];
    while (nowMs() < until) {
      samples.push((await get(`${url}/health`)).ms);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    return samples;
  };
  const alone = await probe(nowMs() + seconds * 1000);
  const until = nowMs() + seconds * 1000;
  let reads = 0;
  const readers = Array.from({ length: clients }, async (_, client) => {
    for (let i = client; nowMs() < until; i++) {
      const response = await fetch(`${url}${HEAVY_READS[i % HEAVY_READS.length]!}`, {
        headers: { authorization: `Bearer ${ADMIN_TOKEN}` },
      });
      await response.arrayBuffer();
      reads += 1;
    }
  });
  const underReads = await probe(until);
  await Promise.all(readers);
  return {
    alone: latencies(alone),
    underReads: latencies(underReads),
    readsPerSecond: reads / seconds,
    loadAverage: os.loadavg()[0]!,
  };
}

// ---------------------------------------------------------------------------------------------------------

/** Bytes per table (with its indexes) of the read-model file, from SQLite's dbstat. */
function readModelTables(dataDir: string, events: number): Record<string, number> {
  const db = new Database(path.join(dataDir, 'read-models.sqlite'), { readonly: true });
  try {
    const rows = db
      .prepare(
        `SELECT COALESCE(m.tbl_name, s.name) AS tbl, SUM(s.pgsize) AS bytes FROM dbstat s
         LEFT JOIN sqlite_schema m ON m.name = s.name GROUP BY tbl ORDER BY bytes DESC`,
      )
      .all() as Array<{ tbl: string; bytes: number }>;
    return Object.fromEntries(rows.map((r) => [r.tbl.replace(/__g\d+$/, ''), Math.round(r.bytes / events)]));
  } finally {
    db.close();
  }
}

function diskUsage(dataDir: string, events: number): Record<string, { bytes: number; perEvent: number }> {
  const groups: Record<string, number> = {};
  for (const file of readdirSync(dataDir)) {
    const stat = statSync(path.join(dataDir, file));
    if (!stat.isFile()) continue;
    const group = file.replace(/-(wal|shm)$/, '');
    groups[group] = (groups[group] ?? 0) + stat.size;
  }
  const total = Object.values(groups).reduce((a, b) => a + b, 0);
  const usage: Record<string, { bytes: number; perEvent: number }> = {};
  for (const [group, bytes] of Object.entries({ ...groups, total }))
    usage[group] = { bytes, perEvent: Math.round(bytes / events) };
  return usage;
}

interface SizeFigures {
  events: number;
  loadSeconds: number;
  /** In the bench process, on the loaded store: the peer (readAll), the tree build and the read-model build. */
  builds?: { readAll: BuildFigures; treeBuild: BuildFigures; readModelsFromEmpty: BuildFigures };
  cold: StartFigures;
  restart: StartFigures;
  disk: Record<string, { bytes: number; perEvent: number }>;
  /** Read-model tables with their indexes, bytes per event (after the service stopped: WAL checkpointed). */
  readModelTables: Record<string, number>;
  queries: Record<string, Latency & { note?: string }>;
  /** /health alone and while 4 clients send heavy reads (search, findings, reports, red flags). */
  healthUnderReads: Awaited<ReturnType<typeof healthUnderReads>>;
}

/** What the queries need from the workload (its ids), saved beside a kept store. */
interface LoadedStore {
  events: number;
  loadSeconds: number;
  transactionIds: string[];
  creditCodes: string[];
}

/**
 * Loads a store of `events` events into `dir` (events.sqlite + workload.json), or reuses the one a
 * previous run left there.
 */
async function loadStore(dir: string, events: number): Promise<LoadedStore> {
  const saved = path.join(dir, 'workload.json');
  if (existsSync(saved)) {
    const loaded = JSON.parse(readFileSync(saved, 'utf8')) as LoadedStore;
    if (loaded.events === events) {
      log(`  reusing the store in ${dir} (loaded in ${loaded.loadSeconds.toFixed(1)} s)`);
      return loaded;
    }
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const store = await SqliteEventStore.open({ path: path.join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
  try {
    const workload = new ScaleWorkload();
    const loadStart = nowMs();
    await workload.load(store, events);
    const loaded: LoadedStore = {
      events,
      loadSeconds: (nowMs() - loadStart) / 1000,
      transactionIds: workload.transactionIds,
      creditCodes: workload.creditCodes,
    };
    log(`  loaded in ${loaded.loadSeconds.toFixed(1)} s`);
    writeFileSync(saved, JSON.stringify(loaded));
    return loaded;
  } finally {
    await store.close();
  }
}

async function measureSize(events: number, options: Options): Promise<SizeFigures> {
  const dataDir = mkdtempSync(path.join(options.stores ?? os.tmpdir(), `gongkai-scale-${events}-`));
  log(`\n${events.toLocaleString('en')} events in ${dataDir}, load average ${loadAverage()}`);
  try {
    let loaded: LoadedStore;
    if (options.stores) {
      const kept = path.join(options.stores, `events-${events}`);
      loaded = await loadStore(kept, events);
      copyFileSync(path.join(kept, 'events.sqlite'), path.join(dataDir, 'events.sqlite'));
    } else {
      loaded = await loadStore(dataDir, events);
      rmSync(path.join(dataDir, 'workload.json'));
    }
    const store = await SqliteEventStore.open({
      path: path.join(dataDir, 'events.sqlite'),
      synchronous: 'NORMAL',
    });
    const head = await store.headPosition();
    const builds = options.skipBuilds
      ? undefined
      : {
          readAll: await readAllFigures(store),
          treeBuild: await treeBuildFigures(store, dataDir),
          readModelsFromEmpty: await rebuildFigures(store, dataDir),
        };
    for (const [name, f] of Object.entries(builds ?? {}))
      log(
        `  ${name}: ${Math.round(f.perSecond).toLocaleString('en')} events/s (${f.wallSeconds.toFixed(1)} s), ` +
          `${Math.round(f.perCpuSecond).toLocaleString('en')} per CPU-second`,
      );
    await store.close();

    const cold = await start(dataDir, 'empty read models');
    const disk = diskUsage(dataDir, events);
    let queries: SizeFigures['queries'];
    let underReads: SizeFigures['healthUnderReads'];
    try {
      queries = await measureQueries(cold.service, dataDir, loaded, head, options.samples);
      underReads = await healthUnderReads(cold.service.url, 10);
      log(
        `  /health p50 / p99 alone ${underReads.alone.p50Ms.toFixed(1)} / ${underReads.alone.p99Ms.toFixed(1)} ms, ` +
          `under heavy reads (${underReads.readsPerSecond.toFixed(0)}/s) ${underReads.underReads.p50Ms.toFixed(1)} / ${underReads.underReads.p99Ms.toFixed(1)} ms`,
      );
    } finally {
      await cold.service.stop();
    }
    const tables = readModelTables(dataDir, events);
    const restarted = await start(dataDir, 'restart');
    await restarted.service.stop();
    return {
      events,
      loadSeconds: loaded.loadSeconds,
      builds,
      cold: cold.figures,
      restart: restarted.figures,
      disk,
      readModelTables: tables,
      queries,
      healthUnderReads: underReads,
    };
  } finally {
    if (options.keep) log(`  kept ${dataDir}`);
    else rmSync(dataDir, { recursive: true, force: true });
  }
}

/** The 1-minute load average with the number of cores: every figure is read against it. */
function loadAverage(): string {
  return `${os.loadavg()[0]!.toFixed(1)} on ${os.cpus().length} cores`;
}

function report(all: SizeFigures[]): void {
  const col = (f: (s: SizeFigures) => string) => all.map(f);
  const rate = (f: BuildFigures) =>
    `${Math.round(f.perSecond).toLocaleString('en')}/s, ${Math.round(f.perCpuSecond).toLocaleString('en')}/CPU-s`;
  const rows: string[][] = [
    ...(all.every((s) => s.builds)
      ? [
          ['readAll, the peer (events/s wall, per CPU-second)', ...col((s) => rate(s.builds!.readAll))],
          ['Merkle tree from the store', ...col((s) => rate(s.builds!.treeBuild))],
          ['every read model from empty', ...col((s) => rate(s.builds!.readModelsFromEmpty))],
        ]
      : []),
    ['/health after start, no tiles, empty read models (s)', ...col((s) => s.cold.healthSeconds.toFixed(1))],
    ['Merkle tree built and checked, from start (s)', ...col((s) => s.cold.treeLiveSeconds.toFixed(1))],
    ['read models live, from empty (s)', ...col((s) => s.cold.caughtUpSeconds.toFixed(1))],
    [
      '/health p99 / max during catch-up (ms)',
      ...col(
        (s) =>
          `${s.cold.healthDuringCatchUp.p99Ms.toFixed(1)} / ${s.cold.healthDuringCatchUp.maxMs.toFixed(1)}`,
      ),
    ],
    [
      '/health p99 / max while the tree is built or verified (ms)',
      ...col(
        (s) =>
          `${s.cold.healthDuringIntegrity.p99Ms.toFixed(1)} / ${s.cold.healthDuringIntegrity.maxMs.toFixed(1)}`,
      ),
    ],
    [
      '/health p50 / p99 idle, same polling (ms)',
      ...col((s) => `${s.cold.healthIdle.p50Ms.toFixed(1)} / ${s.cold.healthIdle.p99Ms.toFixed(1)}`),
    ],
    [
      '/health p50 / p99 alone, then under heavy reads (ms)',
      ...col(
        (s) =>
          `${s.healthUnderReads.alone.p50Ms.toFixed(1)} / ${s.healthUnderReads.alone.p99Ms.toFixed(1)}, ` +
          `${s.healthUnderReads.underReads.p50Ms.toFixed(1)} / ${s.healthUnderReads.underReads.p99Ms.toFixed(1)}`,
      ),
    ],
    ['/health after restart (s)', ...col((s) => s.restart.healthSeconds.toFixed(1))],
    ['read models live after restart (s)', ...col((s) => s.restart.caughtUpSeconds.toFixed(1))],
    ['RSS at /health, restart (MiB)', ...col((s) => String(s.restart.rssAtHealthMiB))],
    ['RSS caught up, cold / peak (MiB)', ...col((s) => `${s.cold.rssCaughtUpMiB} / ${s.cold.peakRssMiB}`)],
    ['disk per event, total (bytes)', ...col((s) => String(s.disk['total']?.perEvent))],
    ...Object.keys(all[0]!.disk)
      .filter((k) => k !== 'total')
      .map((k) => [`  ${k} (bytes/event)`, ...col((s) => String(s.disk[k]?.perEvent ?? ''))]),
    ...Object.keys(all[0]!.readModelTables).map((k) => [
      `  read model ${k} (bytes/event)`,
      ...col((s) => String(s.readModelTables[k] ?? '')),
    ]),
    ...Object.keys(all[0]!.queries).map((name) => [
      `${name} p50 / p99 (ms)`,
      ...col((s) => {
        const q = s.queries[name];
        return q
          ? `${q.p50Ms.toFixed(2)} / ${q.p99Ms.toFixed(2)}${q.status >= 400 ? ` (${q.status})` : ''}`
          : '';
      }),
    ]),
  ];
  console.log(table(['measure', ...all.map((s) => `${s.events.toLocaleString('en')} events`)], rows));
}

/** The peer of the start-up figures: the same service on an empty data dir (process, compile, Nest). */
async function emptyStart(): Promise<StartFigures> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-scale-empty-'));
  try {
    const { service, figures } = await start(dataDir, 'empty store');
    await service.stop();
    return figures;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const options = program.parse().opts<Options>();
  if (options.stores) mkdirSync(options.stores, { recursive: true });
  if (options.loadOnly) {
    if (!options.stores) throw new InvalidArgumentError('--load-only needs --stores <dir>');
    for (const events of options.events) {
      log(`${events.toLocaleString('en')} events, load average ${loadAverage()}`);
      await loadStore(path.join(options.stores, `events-${events}`), events);
    }
    return;
  }
  if (options.existing) {
    const dir = options.existing;
    const loaded = JSON.parse(readFileSync(path.join(dir, 'workload.json'), 'utf8')) as LoadedStore;
    log(`${loaded.events.toLocaleString('en')} events in ${dir} (kept), load average ${loadAverage()}`);
    const restarted = await start(dir, 'restart', options.partial);
    try {
      const queries = await measureQueries(restarted.service, dir, loaded, loaded.events, options.samples);
      const underReads = await healthUnderReads(restarted.service.url, 10);
      log(
        `  /health p50 / p99 alone ${underReads.alone.p50Ms.toFixed(1)} / ${underReads.alone.p99Ms.toFixed(1)} ms, ` +
          `under heavy reads (${underReads.readsPerSecond.toFixed(0)}/s) ${underReads.underReads.p50Ms.toFixed(1)} / ${underReads.underReads.p99Ms.toFixed(1)} ms`,
      );
      console.log(
        JSON.stringify(
          { bench: 'scale', events: loaded.events, restart: restarted.figures, queries, healthUnderReads: underReads },
          null,
          2,
        ),
      );
    } finally {
      await restarted.service.stop();
    }
    return;
  }
  log('empty store (the start-up peer)');
  const empty = await emptyStart();
  const all: SizeFigures[] = [];
  for (const events of options.events) all.push(await measureSize(events, options));
  if (!options.json)
    log(
      `\nempty store: /health after ${empty.healthSeconds.toFixed(1)} s, RSS ${empty.rssAtHealthMiB} MiB ` +
        '(process start, TypeScript compile by tsx, Nest): the start-up figures below include it',
    );
  if (options.json)
    console.log(
      JSON.stringify(
        { bench: 'scale', node: process.version, cpus: os.cpus().length, emptyStore: empty, sizes: all },
        null,
        2,
      ),
    );
  else report(all);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
