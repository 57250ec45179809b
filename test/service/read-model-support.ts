import Database from 'better-sqlite3';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore } from '@gongkai/event-store';
import { ProjectionManager, READ_MODELS, ReadModelDatabase, tablesFor } from '@gongkai/projections';
import type { RunningService } from './harness';

export interface ProjectionReportBody {
  name: string;
  generation: number;
  phase: string;
  position: number;
  headPosition: number;
  lagEvents: number;
  rebuild?: unknown;
}

/** Polls `GET /v1/projections` until every projection is live at the store's head (and not rebuilding). */
export async function waitForProjections(
  service: RunningService,
  accept: (reports: ProjectionReportBody[]) => boolean = () => true,
  timeoutMs = 20_000,
): Promise<ProjectionReportBody[]> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    const answer = await service.call('GET', '/v1/projections');
    const reports = answer.body.projections as ProjectionReportBody[];
    last = reports;
    if (
      answer.status === 200 &&
      reports.every((r) => r.phase === 'live' && r.lagEvents === 0 && r.rebuild === undefined) &&
      accept(reports)
    ) {
      return reports;
    }
    if (Date.now() > deadline) throw new Error(`projections not caught up: ${JSON.stringify(last)}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Every row of every table of each projection's live generation, in a stable order. */
function dumpLive(db: Database.Database): Record<string, unknown[]> {
  const dump: Record<string, unknown[]> = {};
  for (const projection of READ_MODELS) {
    const live = db
      .prepare('SELECT generation FROM projection_live WHERE projection = ?')
      .get(projection.name) as { generation: number } | undefined;
    if (!live) throw new Error(`${projection.name} has no live generation`);
    const tables = tablesFor(projection.name, live.generation);
    for (const table of projection.tableNames) {
      const rows = db.prepare(`SELECT * FROM "${tables.table(table)}"`).all() as Record<string, unknown>[];
      dump[`${projection.name}.${table}`] = rows.map((row) => JSON.stringify(row)).sort();
    }
  }
  return dump;
}

/**
 * The read models the service left in `dataDir` (stopped) equal a rebuild from zero, in a fresh file, over
 * the same event store: nothing applied twice or skipped, whatever stopped the service on the way.
 */
export async function expectReadModelsEqualRebuild(dataDir: string): Promise<void> {
  const rebuildDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-rebuild-'));
  const rebuildStore = await SqliteEventStore.open({ path: path.join(dataDir, 'events.sqlite') });
  const fresh = ReadModelDatabase.open(path.join(rebuildDir, 'read-models.sqlite'));
  const manager = new ProjectionManager(rebuildStore, fresh, READ_MODELS);
  try {
    await manager.start();
    await manager.waitForCatchUp();
    await manager.stop();
    const served = new Database(path.join(dataDir, 'read-models.sqlite'), { readonly: true });
    try {
      const expected = dumpLive(fresh.db);
      expect(Object.values(expected).some((rows) => rows.length > 0)).toBe(true);
      expect(dumpLive(served)).toEqual(expected);
    } finally {
      served.close();
    }
  } finally {
    fresh.close();
    await rebuildStore.close();
    rmSync(rebuildDir, { recursive: true, force: true });
  }
}
