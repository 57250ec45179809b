import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import * as path from 'node:path';
import { EXAMPLE_PARTIES } from '@gongkai/domain';

/**
 * The gongkai service as a child process (`node --import tsx apps/gongkai/src/main.ts`, as `npm run start:dev`), so
 * the service and the bench's load generator each get one of the machine's two cores.
 */

const ROOT = path.resolve(__dirname, '..', '..');
const MAIN = path.join(ROOT, 'apps', 'gongkai', 'src', 'main.ts');
const ADMIN_TOKEN = 'bench-admin-token-0123456789abcdef';

export interface BenchService {
  url: string;
  child: ChildProcess;
  /** A centre's token that may publish procurement, engineering and land events in Nantong (320600). */
  centreToken: string;
  stop(): Promise<void>;
}

/** A port nothing listens on now, for a child service. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

async function waitUntilHealthy(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`the service exited with ${child.exitCode}`);
    try {
      if ((await fetch(`${url}/health`)).ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`the service did not answer /health within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

async function createCentreToken(url: string): Promise<string> {
  const response = await fetch(`${url}/v1/tokens`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      role: 'centre',
      subject: '南通市公共资源交易中心 (bench)',
      scope: {
        creditCode: EXAMPLE_PARTIES.authority.creditCode,
        regions: ['320600'],
        domains: ['engineering', 'procurement', 'land', 'housing'],
        roles: ['implementer', 'producer', 'approver'],
      },
    }),
  });
  const text = await response.text();
  if (response.status !== 201)
    throw new Error(`token creation answered ${response.status}: ${text.slice(0, 500)}`);
  return (JSON.parse(text) as { token: string }).token;
}

export async function startBenchService(
  dataDir: string,
  env: Record<string, string> = {},
): Promise<BenchService> {
  const port = await freePort();
  // e.g. BENCH_SERVICE_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the service.
  const nodeArgs = (process.env.BENCH_SERVICE_NODE_ARGS ?? '').split(' ').filter(Boolean);
  // `node --import tsx` rather than the tsx CLI, which would run the service in a grandchild process (out of
  // reach of the node flags above, e.g. --cpu-prof).
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
      // `GONGKAI_PROJECTION_THREAD=0 npx tsx bench/…` measures the projections on the event loop (the old way).
      ...(process.env.GONGKAI_PROJECTION_THREAD && {
        GONGKAI_PROJECTION_THREAD: process.env.GONGKAI_PROJECTION_THREAD,
      }),
      ...env,
    },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGTERM');
    await exited;
  };
  try {
    await waitUntilHealthy(url, child, 60_000);
    return { url, child, centreToken: await createCentreToken(url), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** VmRSS and VmHWM (peak) of a process, in MiB. */
export function memoryOf(pid: number | undefined): { rssMiB: number; peakMiB: number } {
  if (pid === undefined) return { rssMiB: Number.NaN, peakMiB: Number.NaN };
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`${field}:\\s+(\\d+) kB`).exec(status)?.[1] ?? Number.NaN);
  return { rssMiB: Math.round(kib('VmRSS') / 1024), peakMiB: Math.round(kib('VmHWM') / 1024) };
}
