import * as path from 'node:path';
import type { EventStore, ReadAllFrom } from '@gongkai/event-store';
import { ProjectionManager, READ_MODELS, ReadModelDatabase } from '@gongkai/projections';
import { Progress, fmtRate, nowMs } from './stats';

/** Rebuild of every read model from zero against a plain `readAll` walk of the same store. */
export interface RebuildFigures {
  events: number;
  /** readAll pages of 1,000 (the runner's page size) over the whole store, decoding every event. */
  readAllPerSecond: number;
  /** Every read model (READ_MODELS) rebuilt from zero, one after another: store events per second. */
  rebuildPerSecond: number;
  rebuildSeconds: number;
  /** Each projection's own rebuild (it reads the whole store once). */
  projections: Record<string, { seconds: number; perSecond: number }>;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

export async function readAllThroughput(store: EventStore, pageSize = 1000): Promise<number> {
  const head = await store.headPosition();
  const progress = new Progress('readAll', head);
  const start = nowMs();
  let read = 0;
  for (let from: ReadAllFrom = 'start'; ;) {
    const page = await store.readAll({ from, maxCount: pageSize });
    read += page.length;
    progress.update(read);
    if (page.length < pageSize) break;
    from = { after: page[page.length - 1]!.position };
  }
  return read / ((nowMs() - start) / 1000);
}

/**
 * Rebuilds every read model into a fresh read-model file in `dir` through the ProjectionManager (the path
 * the service takes for a new or changed projection), timing each projection from its first to last page.
 */
export async function rebuildThroughput(store: EventStore, dir: string): Promise<RebuildFigures> {
  const events = await store.headPosition();
  const readAllPerSecond = await readAllThroughput(store);
  log(`  readAll: ${fmtRate(readAllPerSecond)}/s over ${events.toLocaleString('en')} events`);

  const readModels = ReadModelDatabase.open(path.join(dir, 'read-models.sqlite'));
  const manager = new ProjectionManager(store, readModels, READ_MODELS);
  const spans = new Map<string, { start: number; end: number }>();
  const progress = new Map<string, Progress>();
  const start = nowMs();
  // Projections rebuild one after another: each one's span starts where the previous one's last page ended.
  let previousEnd = start;
  try {
    await manager.start((p) => {
      const t = nowMs();
      const span = spans.get(p.projection);
      if (span) span.end = t;
      else {
        const last = [...spans.values()].at(-1);
        if (last) previousEnd = last.end;
        spans.set(p.projection, { start: previousEnd, end: t });
      }
      if (!progress.has(p.projection))
        progress.set(p.projection, new Progress(`rebuild ${p.projection}`, events));
      progress.get(p.projection)!.update(p.position);
    });
  } finally {
    await manager.stop();
    readModels.close();
  }
  const rebuildSeconds = (nowMs() - start) / 1000;
  const projections: RebuildFigures['projections'] = {};
  for (const [name, span] of spans) {
    const seconds = (span.end - span.start) / 1000;
    projections[name] = { seconds, perSecond: events / seconds };
  }
  log(
    `  rebuild of ${spans.size} read models: ${rebuildSeconds.toFixed(1)} s (${fmtRate(events / rebuildSeconds)} store events/s)`,
  );
  return { events, readAllPerSecond, rebuildPerSecond: events / rebuildSeconds, rebuildSeconds, projections };
}
