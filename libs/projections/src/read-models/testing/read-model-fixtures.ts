import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  decide,
  exampleEvent,
  LIFECYCLE_ORDER,
  replayTransaction,
  streamIdFor,
  type CatalogueDomain,
  type DomainEvent,
  type EventType,
} from '@gongkai/domain';
import type { EventData, RecordedEvent } from '@gongkai/event-store';
import type { SqlProjection } from '../../runner/projection';
import { tablesFor } from '../../runner/projection';
import { ReadModelDatabase } from '../../runner/read-model-database';
import type { ReadModelHandle } from '../shared/read-model-handle';

/** Test support for the read-model specs: example events, as the service stores them, in a real SQLite file. */

/** A domain example with a fresh id and optional changes to its data and metadata. */
export function example(
  type: EventType,
  domain: CatalogueDomain = 'engineering',
  change: { data?: Record<string, unknown>; metadata?: Record<string, unknown> } = {},
): DomainEvent {
  const event = exampleEvent(type, domain);
  return {
    ...event,
    id: randomUUID(),
    data: { ...event.data, ...change.data },
    metadata: { ...event.metadata, ...change.metadata },
  } as DomainEvent;
}

/** The domain's lifecycle examples of one domain, in an order the decider accepts. */
export function lifecycle(
  domain: CatalogueDomain = 'engineering',
  types: readonly EventType[] = LIFECYCLE_ORDER,
): DomainEvent[] {
  return types.map((type) => example(type, domain));
}

/** The statutory findings the decider computes for `event` after `history` (what the service stores). */
export function findingsAfter(history: readonly DomainEvent[], event: DomainEvent): unknown[] {
  const decision = decide({ type: 'PublishDisclosure', event }, replayTransaction(history));
  if (!decision.ok) throw new Error(`decider refused ${event.type}: ${decision.rejection.code}`);
  return decision.findings.map((finding) => ({ ...finding }));
}

/** The event as the service appends it: schema version and findings travel in the metadata. */
export function storedEventData(event: DomainEvent, findings: readonly unknown[] = []): EventData {
  return {
    id: event.id,
    type: event.type,
    data: event.data,
    metadata: { ...event.metadata, schemaVersion: event.schemaVersion, findings: [...findings] },
  };
}

/** Events as the store would record them from position `firstPosition` on, each in its own stream. */
export function recorded(
  events: ReadonlyArray<DomainEvent | { event: DomainEvent; findings: readonly unknown[] }>,
  firstPosition = 1,
): RecordedEvent[] {
  const revisions = new Map<string, number>();
  return events.map((item, index) => {
    const { event, findings } = 'event' in item ? item : { event: item, findings: [] };
    const streamId = streamIdFor(event);
    const revision = (revisions.get(streamId) ?? -1) + 1;
    revisions.set(streamId, revision);
    const data = storedEventData(event, findings);
    return {
      ...data,
      metadata: data.metadata ?? {},
      streamId,
      revision,
      position: firstPosition + index,
      recordedAt: new Date(Date.UTC(2026, 5, 1) + index * 1000).toISOString(),
      prevHash: '0'.repeat(64),
      hash: '0'.repeat(64),
    };
  });
}

/** A read-model database in a fresh temporary directory; `dispose` closes and deletes it. */
export function temporaryReadModels(): { dir: string; readModels: ReadModelDatabase; dispose(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-read-models-'));
  const readModels = ReadModelDatabase.open(join(dir, 'read-models.sqlite'));
  return {
    dir,
    readModels,
    dispose() {
      readModels.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Sets up generation 1 of `projection` and applies the events in one transaction, as the runner does. */
export function project(
  readModels: ReadModelDatabase,
  projection: SqlProjection,
  events: readonly RecordedEvent[],
): ReadModelHandle {
  const tables = tablesFor(projection.name, 1);
  readModels.db.transaction(() => {
    projection.setup(readModels.db, tables);
    for (const event of events) projection.apply(readModels.db, tables, event);
  })();
  return { db: readModels.db, tables };
}

/** Every row of every table of the projection, sorted, for comparing two read models of the same events. */
export function dumpReadModel(handle: ReadModelHandle, projection: SqlProjection): Record<string, string[]> {
  const dump: Record<string, string[]> = {};
  for (const name of projection.tableNames) {
    const rows = handle.db.prepare(`SELECT * FROM ${handle.tables.table(name)}`).all();
    dump[name] = rows.map((row) => JSON.stringify(row)).sort();
  }
  return dump;
}
