/**
 * Memory of the service while it builds every read model from empty (issue 17: RSS under 400 MiB).
 *
 *   flock /tmp/gongkai-bench.lock nice -n -5 npx tsx bench/build-memory.ts \
 *     --store /var/tmp/gongkai-stores-rm/events-1000000 --seconds 120 [--compiled] [--label x]
 *
 * Copies the kept store (bench/scale.ts --load-only) into a fresh data dir, starts the service on it
 * (GONGKAI_ROLE=all: the projection thread builds the read models, the scrub thread verifies the store, the
 * read pool waits), samples its RSS every 250 ms for `--seconds` (or until every read model is live), and
 * reads each thread's V8 heap from a preloaded probe (bench/lib/heap-probe.cjs). GONGKAI_* variables pass
 * through, to try settings. Prints one JSON object: peak RSS (VmHWM), RSS percentiles over the run, the
 * events the read models applied (their build speed, for the cost of a setting), and the heaps per thread
 * at the moment of peak RSS.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Command } from 'commander';
import { freePort, memoryOf } from './lib/gongkai-service';

const ROOT = path.resolve(__dirname, '..');

const options = new Command()
  .requiredOption('--store <dir>', 'a kept store dir (events.sqlite)')
  .option('--seconds <n>', 'how long to sample', (v) => Number(v), 120)
  .option('--compiled', 'run dist/apps/gongkai/src/main.js (npm run build) rather than the TypeScript under tsx', false)
  .option('--label <text>', 'a name for this run', '')
  .parse()
  .opts<{ store: string; seconds: number; compiled: boolean; label: string }>();

async function main(): Promise<void> {
  const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-buildmem-'));
  const probe = path.join(dataDir, '..', `${path.basename(dataDir)}-heap.jsonl`);
  try {
    copyFileSync(path.join(options.store, 'events.sqlite'), path.join(dataDir, 'events.sqlite'));
    const port = await freePort();
    const entry = options.compiled
      ? [path.join(ROOT, 'dist/apps/gongkai/src/main.js')]
      : ['--import', 'tsx', path.join(ROOT, 'apps/gongkai/src/main.ts')];
    const child = spawn(process.execPath, ['--require', path.join(__dirname, 'lib/heap-probe.cjs'), ...entry], {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? '',
        HOST: '127.0.0.1',
        PORT: String(port),
        GONGKAI_ADMIN_TOKEN: 'bench-admin-token-0123456789abcdef',
        GONGKAI_LOG_LEVEL: 'warn',
        GONGKAI_SQLITE_SYNCHRONOUS: 'NORMAL',
        ...Object.fromEntries(Object.entries(process.env).filter(([k]) => k.startsWith('GONGKAI_'))),
        GONGKAI_DATA_DIR: dataDir,
        BENCH_HEAP_PROBE_FILE: probe,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    const began = Date.now();
    const samples: Array<{ t: number; rss: number }> = [];
    let peak = { rss: 0, t: 0 };
    let applied = 0;
    let live = false;
    let lastPoll = 0;
    while (Date.now() - began < options.seconds * 1000 && child.exitCode === null) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      const { rssMiB } = memoryOf(child.pid);
      if (!Number.isFinite(rssMiB)) continue;
      samples.push({ t: Date.now(), rss: rssMiB });
      if (rssMiB > peak.rss) peak = { rss: rssMiB, t: Date.now() };
      if (Date.now() - lastPoll > 2000) {
        lastPoll = Date.now();
        try {
          const answer = await fetch(`http://127.0.0.1:${port}/v1/projections`);
          const body = (await answer.json()) as {
            projections: Array<{ phase: string; position: number; rebuild?: { position: number } }>;
          };
          applied = body.projections.reduce((sum, p) => sum + Math.max(p.position, p.rebuild?.position ?? 0), 0);
          live = body.projections.every((p) => p.phase === 'live' && !p.rebuild);
          if (live) break;
        } catch {
          // not listening yet
        }
      }
    }
    const { peakMiB } = memoryOf(child.pid);
    const seconds = (Date.now() - began) / 1000;
    child.kill('SIGTERM');
    await exited;
    const rss = samples.map((s) => s.rss).sort((a, b) => a - b);
    const at = (q: number) => rss[Math.min(rss.length - 1, Math.floor(q * rss.length))];
    const heaps = new Map<number, { role: string; heapMiB: number; usedMiB: number; mallocedMiB: number; externalMiB: number; t: number }>();
    if (existsSync(probe)) {
      for (const line of readFileSync(probe, 'utf8').split('\n').filter(Boolean)) {
        const row = JSON.parse(line) as { role: string; t: number; threadId: number; heapMiB: number; usedMiB: number; mallocedMiB: number; externalMiB: number };
        const known = heaps.get(row.threadId);
        // The sample nearest to the peak of RSS.
        if (!known || Math.abs(row.t - peak.t) < Math.abs(known.t - peak.t)) heaps.set(row.threadId, row);
      }
    }
    const maxHeap = new Map<number, number>();
    if (existsSync(probe)) {
      for (const line of readFileSync(probe, 'utf8').split('\n').filter(Boolean)) {
        const row = JSON.parse(line) as { threadId: number; heapMiB: number };
        maxHeap.set(row.threadId, Math.max(maxHeap.get(row.threadId) ?? 0, row.heapMiB));
      }
    }
    process.stdout.write(
      `${JSON.stringify({
        label: options.label,
        compiled: options.compiled,
        seconds: +seconds.toFixed(1),
        live,
        appliedEvents: applied,
        appliedPerSecond: Math.round(applied / seconds),
        peakRssMiB: peakMiB,
        rssMiB: { p50: at(0.5), p90: at(0.9), max: rss.at(-1) },
        loadAverage: os.loadavg()[0]!.toFixed(2),
        heapsAtPeak: Object.fromEntries(
          [...heaps].map(([id, h]) => [`${id} ${h.role}`, { heapMiB: h.heapMiB, usedMiB: h.usedMiB, mallocedMiB: h.mallocedMiB, externalMiB: h.externalMiB, maxHeapMiB: maxHeap.get(id) }]),
        ),
      })}\n`,
    );
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    rmSync(probe, { force: true });
  }
}

void main();
