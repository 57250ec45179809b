import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type Database from 'better-sqlite3';
import { streamIdFor, type DomainEvent } from '@gongkai/domain';
import { SqliteEventStore, type RecordedEvent } from '@gongkai/event-store';
import { ProjectionManager } from '../runner/projection-manager';
import { tablesFor } from '../runner/projection';
import type { ProjectionTables, SqlProjection } from '../runner/projection';
import { ReadModelDatabase } from '../runner/read-model-database';
import {
  CREDIT_REGISTRY,
  PUBLIC_DISCLOSURE,
  READ_MODELS,
  SUPERVISION_FINDINGS,
  blacklistStatusAt,
  getPublicDisclosure,
  listFindings,
  listOpenItemsPastDue,
  searchPublicDisclosures,
  validateStoredEventsFully,
} from './index';
import {
  dumpReadModel,
  example,
  findingsAfter,
  lifecycle,
  storedEventData,
} from './testing/read-model-fixtures';

/** A varied history: four domains, a late candidates publicity, a terminated transaction, a credit subject. */
function history(): Array<{ event: DomainEvent; findings: unknown[] }> {
  const engineering = [
    example('AnnouncementPublished'),
    example('QualificationResultPublished'),
    example('CandidatesPublicized', 'engineering', {
      data: { publicityStart: '2026-04-07T09:00:00+08:00', publicityEnd: '2026-04-08T17:00:00+08:00' },
      metadata: { publishedAt: '2026-04-07T09:00:00+08:00' },
    }),
  ];
  const withFindings = (events: DomainEvent[]) =>
    events.map((event, i) => ({ event, findings: findingsAfter(events.slice(0, i), event) }));
  const plain = (events: DomainEvent[]) => events.map((event) => ({ event, findings: [] as unknown[] }));
  return [
    ...withFindings(engineering),
    ...withFindings(lifecycle('procurement')),
    ...plain([example('AnnouncementPublished', 'land'), example('TransactionTerminated', 'land')]),
    ...withFindings(
      lifecycle('housing', ['AnnouncementPublished', 'CandidatesPublicized', 'AwardPublished']),
    ),
    ...plain([example('PenaltyImposed'), example('BlacklistEntered'), example('BlacklistRemoved')]),
  ];
}

/** Wraps a projection so that applying the event at `position` dies after writing: the process "crashes". */
function crashingAt(projection: SqlProjection, position: number): SqlProjection {
  return {
    ...projection,
    apply(db: Database.Database, t: ProjectionTables, event: RecordedEvent) {
      projection.apply(db, t, event);
      if (event.position === position) throw new Error(`simulated crash at ${position}`);
    },
  };
}

function dumpAll(
  readModels: ReadModelDatabase,
  manager: ProjectionManager,
): Record<string, Record<string, string[]>> {
  return Object.fromEntries(
    READ_MODELS.map((p) => [p.name, dumpReadModel({ db: readModels.db, tables: manager.tables(p.name) }, p)]),
  );
}

describe('read models over a real SQLite store and the real ProjectionManager', () => {
  let dir: string;
  let store: SqliteEventStore;
  const opened: ReadModelDatabase[] = [];
  const managers: ProjectionManager[] = [];
  const events = history();

  const openReadModels = (name: string) => {
    const readModels = ReadModelDatabase.open(join(dir, name));
    opened.push(readModels);
    return readModels;
  };
  const startManager = async (
    readModels: ReadModelDatabase,
    projections: readonly SqlProjection[] = READ_MODELS,
  ) => {
    const manager = new ProjectionManager(store, readModels, projections, { pageSize: 4, retryDelayMs: 20 });
    managers.push(manager);
    await manager.start();
    return manager;
  };
  const append = async (items: typeof events) => {
    for (const { event, findings } of items)
      await store.append(streamIdFor(event), [storedEventData(event, findings)]);
  };

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-read-models-int-'));
    store = await SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
  });

  afterEach(async () => {
    await Promise.all(managers.splice(0).map((m) => m.stop()));
    await store.close();
    for (const readModels of opened.splice(0)) readModels.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('projects history and live appends, and a rebuild from zero gives the same read models', async () => {
    await append(events.slice(0, 9));
    const readModels = openReadModels('read-models.sqlite');
    const manager = await startManager(readModels);
    await append(events.slice(9));
    await manager.waitForCatchUp();

    const handle = (name: string) => ({ db: readModels.db, tables: manager.tables(name) });
    expect(searchPublicDisclosures(handle(PUBLIC_DISCLOSURE)).items).toHaveLength(4);
    expect(getPublicDisclosure(handle(PUBLIC_DISCLOSURE), 'R2026-012')!.stage).toBe('TransactionTerminated');
    expect(
      listFindings(handle(SUPERVISION_FINDINGS), { rule: 'engineering.candidates.publicity-min-3d' }).total,
    ).toBe(1);
    const pastDue = listOpenItemsPastDue(handle(SUPERVISION_FINDINGS), { asOf: '2027-01-01T00:00:00Z' });
    expect(pastDue.items.map((i) => `${i.domain}:${i.awaiting}`).sort()).toEqual([
      'engineering:award',
      'housing:contract',
    ]);
    expect(
      blacklistStatusAt(handle(CREDIT_REGISTRY), '91440200MA4W7D8E99', '2026-06-01T00:00:00Z').blacklisted,
    ).toBe(true);
    const live = dumpAll(readModels, manager);
    expect(live[PUBLIC_DISCLOSURE]!['disclosures']).toHaveLength(events.length - 3);

    // Rebuilt beside the live generation and switched over...
    for (const projection of READ_MODELS) await manager.rebuild(projection.name);
    expect(manager.tables(PUBLIC_DISCLOSURE).generation).toBe(2);
    expect(dumpAll(readModels, manager)).toEqual(live);

    // ...and from zero in a new file, with every index the projections define (query indexes are created
    // only once a generation built from empty is complete).
    const fresh = openReadModels('fresh.sqlite');
    const freshManager = await startManager(fresh);
    expect(dumpAll(fresh, freshManager)).toEqual(live);
    const indexNames = (db: ReadModelDatabase) =>
      (
        db.db
          .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name")
          .all() as Array<{ name: string }>
      ).map((r) => r.name.replace(/__g\d+$/, ''));
    const defined = openReadModels('defined.sqlite');
    for (const projection of READ_MODELS) projection.setup(defined.db, tablesFor(projection.name, 1));
    expect(indexNames(fresh)).toEqual(indexNames(defined));
    for (const projection of READ_MODELS)
      for (const index of projection.queryIndexes ?? [])
        expect(indexNames(defined)).toContain(tablesFor(projection.name, 1).table(index).replace(/__g\d+$/, ''));
  });

  it('builds the same read models whether stored events are re-validated (zod) or decoded trusted', async () => {
    await append(events);
    const build = async (file: string, fully: boolean) => {
      const before = validateStoredEventsFully(fully);
      try {
        const readModels = openReadModels(file);
        const manager = await startManager(readModels);
        await manager.waitForCatchUp();
        return dumpAll(readModels, manager);
      } finally {
        validateStoredEventsFully(before);
      }
    };
    const validated = await build('validated.sqlite', true);
    const trusted = await build('trusted.sqlite', false);
    expect(Object.values(validated[PUBLIC_DISCLOSURE]!).some((rows) => rows.length > 0)).toBe(true);
    expect(trusted).toEqual(validated);
  });

  it('applies every event exactly once after a crash mid-page (checkpoint committed with the read model)', async () => {
    await append(events.slice(0, 6));
    const path = 'read-models.sqlite';
    const first = openReadModels(path);
    await (await startManager(first)).stop();

    await append(events.slice(6));
    // Pages of four after the checkpoint at 6: 7-10 commits, 11-14 dies at 13.
    const crashAt = 13;
    const crashing = READ_MODELS.map((p) => crashingAt(p, crashAt));
    await expect(startManager(first, crashing)).rejects.toThrow(`simulated crash at ${crashAt}`);
    // The slice holding the crash was rolled back with its checkpoint; what was committed before it stays
    // (a page is applied in slices of ~20 ms, so on a slow machine 11 or 12 may have been committed alone).
    const kept = first.liveState(PUBLIC_DISCLOSURE)!.position;
    expect(kept).toBeGreaterThanOrEqual(10);
    expect(kept).toBeLessThan(crashAt);
    // The process is gone: its manager (with the retry it scheduled for the failed build) stops with it.
    await Promise.all(managers.splice(0).map((m) => m.stop()));
    first.close();

    const restarted = openReadModels(path);
    const manager = await startManager(restarted);
    await manager.waitForCatchUp();
    const recovered = dumpAll(restarted, manager);

    const fresh = openReadModels('fresh.sqlite');
    expect(recovered).toEqual(dumpAll(fresh, await startManager(fresh)));
    const counts = restarted.db
      .prepare(
        `SELECT SUM(disclosure_count) AS n FROM ${manager.tables(PUBLIC_DISCLOSURE).table('transactions')}`,
      )
      .get() as { n: number };
    expect(counts.n).toBe(events.length - 3);
  });
});
