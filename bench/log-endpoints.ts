/**
 * The Merkle log's HTTP endpoints on a large store (issue 17: checkpoint and proof p99 at 10M were 25–45 ms
 * against an aim of 20 ms): p50 / p99 of a sequential client, right after a restart (the whole-store
 * verification then runs on its thread) and once it has finished.
 *
 *   npx tsx bench/log-endpoints.ts --data <data dir> [--samples 400] [--root <checkout>] [--json]
 *
 * `--data` holds `events.sqlite` (e.g. a store bench/scale.ts --load-only kept, copied); the first run builds
 * the tiles and signs the first checkpoint (timed), later runs restart on them. `--root` runs the service
 * from another checkout (the code before a change) for a same-run peer; its node_modules must resolve.
 * GONGKAI_* variables pass through (default GONGKAI_ROLE=api: no read-model build competing for the cores;
 * GONGKAI_ROLE=all to measure beside it). BENCH_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=…" profiles.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { freePort } from './lib/gongkai-service';
import { nowMs, percentile, table } from './lib/stats';

const args = process.argv.slice(2);
const arg = (name: string): string | undefined =>
  args.includes(name) ? args[args.indexOf(name) + 1] : undefined;
const dataDir = arg('--data');
if (!dataDir) throw new Error('--data <dir> is required');
const samples = Number(arg('--samples') ?? 400);
const root = path.resolve(arg('--root') ?? path.join(__dirname, '..'));
const json = args.includes('--json');
const log = (line: string) => process.stderr.write(`${line}\n`);

interface Service {
  url: string;
  child: ChildProcess;
  stop(): Promise<void>;
}

async function spawnService(): Promise<Service> {
  const port = await freePort();
  const nodeArgs = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', ...nodeArgs, path.join(root, 'apps/gongkai/src/main.ts')],
    {
      cwd: root,
      env: {
        PATH: process.env.PATH ?? '',
        HOST: '127.0.0.1',
        PORT: String(port),
        GONGKAI_DATA_DIR: dataDir!,
        GONGKAI_ADMIN_TOKEN: 'bench-admin-token-0123456789abcdef',
        GONGKAI_LOG_LEVEL: 'warn',
        GONGKAI_RATE_LIMIT_PER_MINUTE: '0',
        GONGKAI_SQLITE_SYNCHRONOUS: 'NORMAL',
        GONGKAI_ROLE: 'api',
        ...Object.fromEntries(
          Object.entries(process.env).filter(
            (e): e is [string, string] => e[0].startsWith('GONGKAI_') && e[0] !== 'GONGKAI_DATA_DIR',
          ),
        ),
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  return {
    url: `http://127.0.0.1:${port}`,
    child,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
    },
  };
}

interface IntegrityHealth {
  phase: string;
  treeSize: number;
  scrub?: { checked: number; treeSize: number };
  lastVerify?: { finishedAt?: string };
}

async function integrity(url: string): Promise<IntegrityHealth | undefined> {
  try {
    return ((await (await fetch(`${url}/health`)).json()) as { integrity: IntegrityHealth }).integrity;
  } catch {
    return undefined;
  }
}

async function until(what: string, probe: () => Promise<boolean>, timeoutS = 3600): Promise<number> {
  const began = nowMs();
  while (!(await probe())) {
    if (nowMs() - began > timeoutS * 1000) throw new Error(`${what}: not within ${timeoutS} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return (nowMs() - began) / 1000;
}

async function timeGet(url: string): Promise<{ ms: number; status: number }> {
  const start = nowMs();
  const response = await fetch(url);
  await response.arrayBuffer();
  return { ms: nowMs() - start, status: response.status };
}

interface Row {
  endpoint: string;
  p50Ms: number;
  p99Ms: number;
  maxMs: number;
  status: number;
  /** CPU of the service's main thread (the request loop) per request: what load on the machine does not change. */
  mainCpuMs: number;
}

/** CPU time (ms) of a process's main thread so far, from /proc (clock ticks of 10 ms). */
function mainThreadCpuMs(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/task/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
}

/** Every endpoint in turn, `samples` sequential requests each. */
async function measure(url: string, pid: number, size: number, eventIds: string[]): Promise<Row[]> {
  const endpoints: [string, (i: number) => string][] = [
    ['GET /v1/integrity/checkpoint', () => '/v1/integrity/checkpoint'],
    ['GET /v1/log/checkpoint', () => '/v1/log/checkpoint'],
    [
      'GET /v1/integrity/proof?position=',
      (i) => `/v1/integrity/proof?position=${1 + ((i * 104_729) % size)}`,
    ],
    ['GET /v1/log/proof/{eventId}', (i) => `/v1/log/proof/${eventIds[i % eventIds.length]}`],
    [
      'GET /v1/integrity/consistency?from=',
      (i) => `/v1/integrity/consistency?from=${1 + ((i * 7_919) % (size - 1))}`,
    ],
  ];
  const rows: Row[] = [];
  for (const [endpoint, pathOf] of endpoints) {
    for (let i = 0; i < 20; i++) await timeGet(url + pathOf(i + samples));
    const times: number[] = [];
    let status = 0;
    const cpuBefore = mainThreadCpuMs(pid);
    for (let i = 0; i < samples; i++) {
      const answer = await timeGet(url + pathOf(i));
      times.push(answer.ms);
      status = Math.max(status, answer.status);
    }
    rows.push({
      endpoint,
      p50Ms: percentile(times, 50),
      p99Ms: percentile(times, 99),
      maxMs: Math.max(...times),
      status,
      mainCpuMs: (mainThreadCpuMs(pid) - cpuBefore) / samples,
    });
  }
  return rows;
}

async function main(): Promise<void> {
  log(`service from ${root}, data ${dataDir}, load ${os.loadavg()[0]!.toFixed(1)}`);
  let service = await spawnService();
  const built = await until('the tree live', async () => (await integrity(service.url))?.phase === 'live');
  const treeSize = (await integrity(service.url))!.treeSize;
  log(`  tree live after ${built.toFixed(1)} s (${treeSize.toLocaleString('en')} leaves)`);
  const first = await timeGet(`${service.url}/v1/integrity/checkpoint`);
  log(`  first checkpoint: ${first.status} in ${first.ms.toFixed(0)} ms`);
  await service.stop();

  const tiles = new Database(path.join(dataDir!, 'merkle-tiles.db'), { readonly: true });
  const eventIds = tiles.prepare('SELECT event_id FROM leaves WHERE idx = ?').pluck() as unknown as {
    get(i: number): string;
  };
  const ids = Array.from({ length: 997 }, (_, i) => eventIds.get((i * 1_000_003) % treeSize));
  tiles.close();

  service = await spawnService();
  try {
    const restart = await until(
      'restarted live',
      async () => (await integrity(service.url))?.phase === 'live',
    );
    log(`  restart: live after ${restart.toFixed(1)} s`);
    const scrubbing = (await integrity(service.url))?.scrub !== undefined;
    const duringScrub = await measure(service.url, service.child.pid!, treeSize, ids);
    const scrubStill = (await integrity(service.url))?.scrub !== undefined;
    log(
      `  measured with the whole-store verification running: ${scrubbing} at start, ${scrubStill} at the end`,
    );
    await until('the scrub done', async () => (await integrity(service.url))?.scrub === undefined);
    const quiet = await measure(service.url, service.child.pid!, treeSize, ids);
    const result = { treeSize, samples, root, loadavg: os.loadavg(), duringScrub, quiet };
    if (json) {
      console.log(JSON.stringify(result, null, 2));
      return;
    }
    const fmt = (v: number) => v.toFixed(1);
    console.log(
      table(
        [
          'endpoint',
          'p50 scrub',
          'p99 scrub',
          'max scrub',
          'p50 quiet',
          'p99 quiet',
          'max quiet',
          'main CPU/req quiet',
        ],
        duringScrub.map((r, i) => [
          `${r.endpoint} (${r.status})`,
          fmt(r.p50Ms),
          fmt(r.p99Ms),
          fmt(r.maxMs),
          fmt(quiet[i]!.p50Ms),
          fmt(quiet[i]!.p99Ms),
          fmt(quiet[i]!.maxMs),
          quiet[i]!.mainCpuMs.toFixed(2),
        ]),
      ),
    );
  } finally {
    await service.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
