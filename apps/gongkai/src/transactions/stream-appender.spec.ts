import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  EXAMPLE_PARTIES,
  exampleEvent,
  transactionStreamId,
  type DomainEvent,
  type EventType,
} from '@gongkai/domain';
import { SqliteEventStore } from '@gongkai/event-store';
import { openServiceDatabase } from '../infrastructure/service-database';
import { TransactionIndex } from '../infrastructure/transaction-index';
import { ServiceMetrics } from '../metrics/service-metrics';
import type { Problem } from '../problem/problem';
import { StreamAppender } from './stream-appender';

const TRANSACTION = 'NTCG2026-CACHE';

function stage(type: EventType): DomainEvent {
  const example = exampleEvent(type, 'procurement');
  (example.data as Record<string, unknown>).procurementProjectCode = TRANSACTION;
  return {
    ...example,
    id: randomUUID(),
    metadata: { ...example.metadata, publisher: EXAMPLE_PARTIES.authority },
  };
}

/** Two appenders on one SQLite file, as the service and the CLI (or a second process) would be. */
describe('StreamAppender state cache', () => {
  let dataDir: string;
  let stores: SqliteEventStore[];
  let databases: ReturnType<typeof openServiceDatabase>[];
  let appenders: StreamAppender[];
  const streamId = transactionStreamId(TRANSACTION);

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-appender-'));
    stores = [];
    databases = [];
    appenders = [];
    for (const name of ['a', 'b']) {
      const store = await SqliteEventStore.open({ path: path.join(dataDir, 'events.sqlite') });
      const db = openServiceDatabase(path.join(dataDir, name));
      databases.push(db);
      const index = new TransactionIndex(db);
      stores.push(store);
      appenders.push(new StreamAppender(store, index, new ServiceMetrics()));
    }
  });
  afterEach(async () => {
    for (const store of stores) await store.close();
    for (const db of databases) db.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('decides against what another writer appended since its own last append', async () => {
    const [a, b] = appenders as [StreamAppender, StreamAppender];
    expect((await a.append(streamId, [stage('AnnouncementPublished')]))[0]).toMatchObject({ ok: true });
    // `a` now holds the state at revision 0; `b` terminates the transaction behind its back.
    expect((await b.append(streamId, [stage('TransactionTerminated')]))[0]).toMatchObject({ ok: true });
    const [outcome] = await a.append(streamId, [stage('QualificationResultPublished')]);
    expect(outcome).toMatchObject({ ok: false });
    expect((outcome as { problem: Problem }).problem.toBody()).toMatchObject({
      code: 'TRANSACTION_TERMINATED',
    });
  });

  it('answers a retried event with its stored result after a cached append', async () => {
    const [a] = appenders as [StreamAppender, StreamAppender];
    const announcement = stage('AnnouncementPublished');
    const [first] = await a.append(streamId, [announcement]);
    const [again] = await a.append(streamId, [announcement]);
    expect(first).toMatchObject({ ok: true, replayed: false, result: { revision: 0 } });
    expect(again).toMatchObject({ ok: true, replayed: true, result: { revision: 0 } });
    expect(await stores[0]!.streamRevision(streamId)).toBe(0);
  });
});
