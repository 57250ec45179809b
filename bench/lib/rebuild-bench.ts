import { loadavg } from 'node:os';
import * as path from 'node:path';
import type { EventStore, ReadAllFrom } from '@gongkai/event-store';
import { ProjectionManager, READ_MODELS, ReadModelDatabase, type SqlProjection } from '@gongkai/projections';
import { Progress, fmtRate, nowMs } from './stats';

/** Rebuild of every read model from zero against a plain `readAll` walk of the same store. */
export interface RebuildFigures {
  events: number;
  /** readAll pages of 1,000 (the runner's page size) over the whole store, decoding every event. */
  readAllPerSecond: number;
  /** The same per CPU-second of this process (the comparable figure when other work shares the machine). */
  readAllPerCpuSecond: number;
  /** Every read model (READ_MODELS) rebuilt from zero in one pass (as the service does): store events per second. */
  rebuildPerSecond: number;
  rebuildPerCpuSecond: number;
  rebuildSeconds: number;
  /** The 1-minute load average at the start and end of the rebuild. */
  loadAverage: [number, number];
  /**
   * Each read model's own `apply` (its SQL and logic; the event's parse is charged to the first read model
   * that asks for it, public-disclosure), timed around every call: seconds, and share of the rebuild's time.
   */
  projections: Record<string, { applySeconds: number; share: number }>;
  /** What is not any read model's apply: reading and decoding pages, the slices' commits and checkpoints. */
  otherShare: number;
}

const log = (line: string) => process.stderr.write(`${line}\n`);
/** Each rebuild of a run into a fresh file. */
let rebuilds = 0;
const cpuSeconds = () => {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};
const loadAverage = () => Math.round(loadavg()[0] * 100) / 100;

export async function readAllThroughput(
  store: EventStore,
  pageSize = 1000,
): Promise<{ perSecond: number; perCpuSecond: number }> {
  const head = await store.headPosition();
  const progress = new Progress('readAll', head);
  const start = nowMs();
  const cpu = cpuSeconds();
  let read = 0;
  for (let from: ReadAllFrom = 'start'; ;) {
    const page = await store.readAll({ from, maxCount: pageSize });
    read += page.length;
    progress.update(read);
    if (page.length < pageSize) break;
    from = { after: page[page.length - 1]!.position };
  }
  return { perSecond: read / ((nowMs() - start) / 1000), perCpuSecond: read / (cpuSeconds() - cpu) };
}

/** `projection` with its `apply` timed into `spent` (milliseconds). */
function timed(projection: SqlProjection, spent: Map<string, number>): SqlProjection {
  spent.set(projection.name, 0);
  return {
    ...projection,
    setup: (db, tables) => projection.setup(db, tables),
    apply: (db, tables, event) => {
      const start = performance.now();
      try {
        projection.apply(db, tables, event);
      } finally {
        spent.set(projection.name, spent.get(projection.name)! + performance.now() - start);
      }
    },
  };
}

/**
 * Rebuilds every read model into a fresh read-model file in `dir` through the ProjectionManager (the path
 * the service takes for a new or changed projection), timing each read model's `apply`.
 */
export async function rebuildThroughput(
  store: EventStore,
  dir: string,
  options: { sliceMs?: number } = {},
): Promise<RebuildFigures> {
  const events = await store.headPosition();
  const readAll = await readAllThroughput(store);
  log(
    `  readAll: ${fmtRate(readAll.perSecond)}/s (${fmtRate(readAll.perCpuSecond)} per CPU-s) over ${events.toLocaleString('en')} events`,
  );

  const readModels = ReadModelDatabase.open(path.join(dir, `read-models-${++rebuilds}.sqlite`));
  const spent = new Map<string, number>();
  const manager = new ProjectionManager(
    store,
    readModels,
    READ_MODELS.map((projection) => timed(projection, spent)),
    // 20 ms is the runner's default (on the event loop), 100 ms the projection thread's.
    { sliceMs: options.sliceMs },
  );
  const progress = new Progress('rebuild', events);
  const loadBefore = loadAverage();
  const start = nowMs();
  const cpu = cpuSeconds();
  try {
    await manager.start((p) => progress.update(p.position));
  } finally {
    await manager.stop();
    readModels.close();
  }
  const rebuildMs = nowMs() - start;
  const rebuildCpu = cpuSeconds() - cpu;
  const projections: RebuildFigures['projections'] = {};
  let applied = 0;
  for (const [name, ms] of spent) {
    projections[name] = { applySeconds: ms / 1000, share: ms / rebuildMs };
    applied += ms;
  }
  log(
    `  rebuild of ${spent.size} read models${options.sliceMs ? ` (slices of ${options.sliceMs} ms)` : ''}: ${(rebuildMs / 1000).toFixed(1)} s (${fmtRate(events / (rebuildMs / 1000))} store events/s, ${fmtRate(events / rebuildCpu)} per CPU-s)`,
  );
  return {
    events,
    readAllPerSecond: readAll.perSecond,
    readAllPerCpuSecond: readAll.perCpuSecond,
    rebuildPerSecond: events / (rebuildMs / 1000),
    rebuildPerCpuSecond: events / rebuildCpu,
    rebuildSeconds: rebuildMs / 1000,
    loadAverage: [loadBefore, loadAverage()],
    projections,
    otherShare: 1 - applied / rebuildMs,
  };
}
