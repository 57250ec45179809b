import * as path from 'node:path';
import { rmSync } from 'node:fs';
import { IntegrityLog, SqliteTileStorage, type EventStore, type ReadAllFrom } from '@gongkai/event-store';
import { ProjectionManager, READ_MODELS, ReadModelDatabase } from '@gongkai/projections';
import { nowMs } from './stats';

/**
 * Wall-clock and CPU figures of one piece of work over a whole store. On a shared machine the CPU seconds
 * (user + system of this process) say what the work costs; the wall seconds also count the time other
 * processes held the cores.
 */
export interface BuildFigures {
  events: number;
  wallSeconds: number;
  cpuSeconds: number;
  perSecond: number;
  perCpuSecond: number;
}

async function measure(events: number, work: () => Promise<void>): Promise<BuildFigures> {
  const cpu = process.cpuUsage();
  const start = nowMs();
  await work();
  const wallSeconds = (nowMs() - start) / 1000;
  const used = process.cpuUsage(cpu);
  const cpuSeconds = (used.user + used.system) / 1e6;
  return {
    events,
    wallSeconds,
    cpuSeconds,
    perSecond: events / wallSeconds,
    perCpuSecond: events / cpuSeconds,
  };
}

/** The peer: `readAll` pages of 1,000 over the whole store, decoding every event and applying nothing. */
export async function readAllFigures(store: EventStore): Promise<BuildFigures> {
  const events = await store.headPosition();
  return measure(events, async () => {
    for (let from: ReadAllFrom = 'start'; ;) {
      const page = await store.readAll({ from, maxCount: 1000 });
      if (page.length < 1000) break;
      from = { after: page[page.length - 1]!.position };
    }
  });
}

/** Every read model (READ_MODELS) built from empty in a fresh file in `dir`, as the service does at start. */
export async function rebuildFigures(store: EventStore, dir: string): Promise<BuildFigures> {
  const events = await store.headPosition();
  const file = path.join(dir, 'bench-read-models.sqlite');
  const readModels = ReadModelDatabase.open(file);
  const manager = new ProjectionManager(store, readModels, READ_MODELS);
  try {
    return await measure(events, () => manager.start());
  } finally {
    await manager.stop();
    readModels.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  }
}

/** The Merkle tree built from the store into fresh tiles in `dir` (what a first start without tiles does). */
export async function treeBuildFigures(store: EventStore, dir: string): Promise<BuildFigures> {
  const events = await store.headPosition();
  const file = path.join(dir, 'bench-merkle-tiles.db');
  const tiles = SqliteTileStorage.open(file);
  let log: IntegrityLog | undefined;
  try {
    // The background build a first start runs (light reads, pages of 4,096), waited for here.
    return await measure(events, async () => {
      const opened = await IntegrityLog.open({ store, tiles, foregroundLeaves: 0 });
      log = opened;
      while (opened.phase !== 'live') await new Promise((resolve) => setTimeout(resolve, 5));
    });
  } finally {
    await log?.close();
    if (!log) tiles.close();
    for (const suffix of ['', '-wal', '-shm']) rmSync(`${file}${suffix}`, { force: true });
  }
}
