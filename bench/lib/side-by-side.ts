/**
 * Two checkouts of the service side by side: both started at once, each under its own single-append load
 * (16 connections, a new transaction per request), in the same seconds, so whatever else loads a shared
 * machine slows both alike. Reports per round each one's answered rate, its CPU per append (whole process and
 * request thread, from /proc) and the ratio B / A. Rates count answers only (not the read models' catch-up).
 *
 *   npx tsx bench/lib/side-by-side.ts <checkout A> <checkout B> [seconds per round] [rounds]
 *   A_ENV='GONGKAI_PROJECTION_NICE=10' B_ENV=... A_ARGS=... B_ARGS=... (service env / node flags per side)
 *
 * Each checkout starts its own service with its own `bench/lib/gongkai-service.ts` (Linux only, for /proc).
 */
import autocannon, { type Request as CannonRequest } from 'autocannon';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EXAMPLE_PARTIES, TRANSACTION_ID_FIELD, exampleEvent } from '@gongkai/domain';
import type { BenchService } from './gongkai-service';

const [dirA, dirB] = [process.argv[2], process.argv[3]];
const seconds = Number(process.argv[4] ?? 6);
const rounds = Number(process.argv[5] ?? 5);

const example = exampleEvent('AnnouncementPublished', 'procurement');
(example.data as Record<string, unknown>)[TRANSACTION_ID_FIELD.procurement] = '__TX__';
const template = JSON.stringify({
  ...example,
  id: '__ID__',
  metadata: { ...example.metadata, publisher: EXAMPLE_PARTIES.authority },
});
const tag = Date.now().toString(36);
let counter = 0;

/** CPU seconds of a process (or one of its threads) so far. */
function cpuSeconds(pid: number, thread?: number): number {
  const stat = readFileSync(thread ? `/proc/${pid}/task/${thread}/stat` : `/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

const envOf = (text: string | undefined): Record<string, string> =>
  Object.fromEntries(
    (text ?? '')
      .split(' ')
      .filter(Boolean)
      .map((pair) => [pair.slice(0, pair.indexOf('=')), pair.slice(pair.indexOf('=') + 1)]),
  );

function appends(service: BenchService, secs: number): Promise<number> {
  const request: CannonRequest = {
    method: 'POST',
    headers: { authorization: `Bearer ${service.centreToken}`, 'content-type': 'application/json' },
    setupRequest: (req) => {
      const transactionId = `S${tag}-${++counter}`;
      return {
        ...req,
        path: `/v1/transactions/${transactionId}/events`,
        body: template.replace('__TX__', transactionId).replace('__ID__', randomUUID()),
      };
    },
  };
  return new Promise((resolve, reject) => {
    let created = 0;
    const instance = autocannon(
      { url: service.url, duration: secs, connections: 16, requests: [request] },
      (error) =>
        error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(created),
    );
    instance.on('response', (_client, status) => {
      if (status === 201) created++;
    });
  });
}

async function main(): Promise<void> {
  if (!dirA || !dirB) throw new Error('usage: side-by-side.ts <checkout A> <checkout B> [seconds] [rounds]');
  const services: BenchService[] = [];
  try {
    for (const [side, dir] of [
      ['A', dirA],
      ['B', dirB],
    ] as const) {
      // Read by startBenchService when it spawns the service.
      process.env.BENCH_SERVICE_NODE_ARGS = process.env[`${side}_ARGS`] ?? '';
      const lib = (await import(path.resolve(dir, 'bench/lib/gongkai-service.ts'))) as {
        startBenchService: (dataDir: string, env: Record<string, string>) => Promise<BenchService>;
      };
      services.push(
        await lib.startBenchService(mkdtempSync(path.join(os.tmpdir(), 'gongkai-side-by-side-')), {
          GONGKAI_SQLITE_SYNCHRONOUS: 'FULL',
          GONGKAI_ROLE: 'all',
          ...envOf(process.env[`${side}_ENV`]),
        }),
      );
    }
    for (const service of services) await appends(service, 2); // warm-up
    for (let round = 1; round <= rounds; round++) {
      const cpu = () =>
        services.map((s) => [cpuSeconds(s.child.pid!), cpuSeconds(s.child.pid!, s.child.pid)]);
      const before = cpu();
      const started = Date.now();
      const created = await Promise.all(services.map((service) => appends(service, seconds)));
      const elapsed = (Date.now() - started) / 1000;
      const after = cpu();
      const sides = services.map((_, i) => {
        const processMs = ((after[i]![0]! - before[i]![0]!) * 1000) / created[i]!;
        const threadMs = ((after[i]![1]! - before[i]![1]!) * 1000) / created[i]!;
        return (
          `${i === 0 ? 'A' : 'B'} ${(created[i]! / elapsed).toFixed(0)}/s, CPU ${processMs.toFixed(3)} ms ` +
          `(request thread ${threadMs.toFixed(3)} ms)`
        );
      });
      const load = readFileSync('/proc/loadavg', 'utf8').split(' ')[0];
      console.log(
        `round ${round} (load ${load}): ${sides.join(' | ')} | B/A ${(created[1]! / created[0]!).toFixed(2)}`,
      );
    }
  } finally {
    for (const service of services) await service.stop();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
