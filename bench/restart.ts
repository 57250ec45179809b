/**
 * A restart of the Merkle log on a large store (issue 17): time to the first new checkpoint signed, and what the
 * whole-store verification costs and where it runs.
 *
 *   npx tsx bench/restart.ts --store /var/tmp/gongkai-stores/events-1000000 [--window 1000] [--json]
 *
 * The store's events.sqlite is copied into a fresh directory (the kept store is only read). The tree is built
 * and signed there, then `--window` events are appended and taken into the tiles without being signed (what a
 * stop finds: the events since the last checkpoint). Then, in the same process and on the same files:
 *
 * - the peer, **before**: the whole-store verification in process, in 8 ms slices, as the restart ran it
 *   before signing anything (signing waited for it);
 * - **after**: `IntegrityLog.open` as the service opens it (check at start, whole-store verification on a
 *   worker thread), timed to the first new checkpoint signed and to the end of the verification.
 *
 * For both, the event loop's delay while the verification runs (perf_hooks histogram, 10 ms resolution):
 * what every HTTP request waits behind it. Load average noted with each figure.
 */
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Command, InvalidArgumentError } from 'commander';
import {
  CheckpointSigner,
  FileCheckpointStore,
  FileVerifiedMarkStore,
  IntegrityLog,
  SqliteEventStore,
  SqliteTileStorage,
  ThreadScrubber,
  TiledTree,
  verifyAll,
} from '@gongkai/event-store';
import { ChineseEventGenerator } from './lib/chinese-events';

const positiveInt = (value: string): number => {
  const n = Number(value.replace(/_/g, ''));
  if (!Number.isSafeInteger(n) || n < 0) throw new InvalidArgumentError('expected a non-negative integer');
  return n;
};

const program = new Command()
  .name('bench/restart.ts')
  .requiredOption('--store <dir>', 'a kept store (its events.sqlite is copied, never written)')
  .option('--window <n>', 'events appended after the last signed checkpoint', positiveInt, 1000)
  .option('--work-dir <dir>', 'where the copy is made', '/var/tmp')
  .option('--json', 'print one JSON object', false);

const log = (line: string) => process.stderr.write(`${line}\n`);
const load = () => +os.loadavg()[0]!.toFixed(1);
const seconds = (ms: number) => +(ms / 1000).toFixed(2);

/** Event-loop delay while `work` runs: p50 / p99 / max in ms. */
async function withLoopDelay<T>(
  work: () => Promise<T>,
): Promise<{ value: T; ms: number; loopDelay: { p50: number; p99: number; max: number }; load: number }> {
  const histogram = monitorEventLoopDelay({ resolution: 10 });
  histogram.enable();
  const started = performance.now();
  const value = await work();
  const ms = performance.now() - started;
  histogram.disable();
  const toMs = (ns: number) => +(ns / 1e6).toFixed(1);
  return {
    value,
    ms,
    loopDelay: {
      p50: toMs(histogram.percentile(50)),
      p99: toMs(histogram.percentile(99)),
      max: toMs(histogram.max),
    },
    load: load(),
  };
}

async function main(): Promise<void> {
  const options = program.parse().opts<{ store: string; window: number; workDir: string; json: boolean }>();
  const dir = mkdtempSync(path.join(options.workDir, 'gongkai-restart-bench-'));
  const eventsFile = path.join(dir, 'events.sqlite');
  const tilesFile = path.join(dir, 'merkle-tiles.db');
  try {
    log(`copying ${options.store}/events.sqlite into ${dir} (load ${load()})`);
    copyFileSync(path.join(options.store, 'events.sqlite'), eventsFile);
    const store = await SqliteEventStore.open({ path: eventsFile, synchronous: 'NORMAL' });
    const signer = await CheckpointSigner.open({ origin: 'bench.restart', dataDir: dir });
    const checkpoints = FileCheckpointStore.inDataDir(dir);
    const marks = FileVerifiedMarkStore.inDataDir(dir);
    const base = { store, signer, checkpoints, marks };
    try {
      const buildStarted = performance.now();
      const built = await IntegrityLog.open({
        ...base,
        tiles: SqliteTileStorage.open(tilesFile),
        foregroundLeaves: Number.POSITIVE_INFINITY,
      });
      const signed = await built.checkpoint();
      await built.close();
      const events = signed.treeSize;
      log(`tree built and signed at ${events}: ${seconds(performance.now() - buildStarted)} s (load ${load()})`);

      const generator = new ChineseEventGenerator(2026, 600);
      for (let i = 0; i < options.window; i++) await store.append(`txn-restart-${i % 50}`, [generator.next(i)]);
      const follower = await IntegrityLog.open({ ...base, tiles: SqliteTileStorage.open(tilesFile) });
      await follower.close();
      log(`${options.window} events appended since the last checkpoint, in the tiles`);

      // The histogram's floor: the same loop doing nothing for 3 s.
      const idle = await withLoopDelay(() => new Promise((resolve) => setTimeout(resolve, 3000)));

      // Before: the restart signed nothing until this had run over the whole store.
      const tree = new TiledTree(SqliteTileStorage.open(tilesFile, { readonly: true }));
      const before = await withLoopDelay(() => verifyAll(store, { tree, signed: [signed] }));
      tree.close();
      if (!before.value.ok) throw new Error(`the peer's verification failed: ${JSON.stringify(before.value)}`);
      log(`before: whole-store verification in process ${seconds(before.ms)} s (load ${before.load})`);

      // After: as the service opens it.
      await store.append('txn-restart-after', [generator.next(options.window)]);
      const started = performance.now();
      const restarted = await IntegrityLog.open({
        ...base,
        tiles: SqliteTileStorage.open(tilesFile),
        verifyAtStart: true,
        scrubber: new ThreadScrubber({ eventsFile, tilesFile }),
      });
      const openedMs = performance.now() - started;
      const next = await restarted.checkpoint();
      const signedMs = performance.now() - started;
      const loadAtSigned = load();
      log(`after: open ${openedMs.toFixed(0)} ms, new checkpoint (size ${next.treeSize}) ${signedMs.toFixed(0)} ms`);
      const scrub = await withLoopDelay(() => restarted.verify());
      const scrubMs = performance.now() - started;
      const result = scrub.value.result;
      await restarted.close();
      if (!result?.ok || next.treeSize !== events + options.window + 1) {
        throw new Error(`the restart did not verify: ${JSON.stringify(scrub.value)}`);
      }
      log(`after: whole-store verification on a worker thread done ${seconds(scrubMs)} s after open (load ${scrub.load})`);

      const figures = {
        bench: 'restart',
        events,
        window: options.window,
        before: {
          signingWaitedSeconds: seconds(before.ms),
          eventsPerSecond: Math.round(events / (before.ms / 1000)),
          loopDelayMs: before.loopDelay,
          loadAverage: before.load,
        },
        after: {
          openMs: +openedMs.toFixed(1),
          firstNewCheckpointMs: +signedMs.toFixed(1),
          startCheck: restarted.startCheckReport,
          loadAverageAtSigned: loadAtSigned,
          wholeStoreVerifiedSeconds: seconds(scrubMs),
          loopDelayDuringVerificationMs: scrub.loopDelay,
          loadAverage: scrub.load,
        },
        idleLoopDelayMs: { ...idle.loopDelay, loadAverage: idle.load },
        rssMiB: Math.round(process.memoryUsage().rss / 2 ** 20),
      };
      if (options.json) console.log(JSON.stringify(figures));
      else console.log(JSON.stringify(figures, null, 2));
    } finally {
      await store.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

void main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
