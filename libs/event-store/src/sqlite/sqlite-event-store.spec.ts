import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { StoreClosed } from '../errors';
import { describeEventStoreContract } from '../testing/event-store-contract';
import { SCHEMA_VERSION, SchemaTooNew } from './schema';
import { SqliteEventStore } from './sqlite-event-store';

describeEventStoreContract(
  'sqlite',
  async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gongkai-contract-'));
    const store = await SqliteEventStore.open({ path: path.join(dir, 'events.db') });
    return { store, dispose: () => fs.rm(dir, { recursive: true, force: true }) };
  },
  { globalEventIds: true, contiguousPositions: true },
);

describe('SqliteEventStore specifics', () => {
  let dir: string;
  let file: string;
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gongkai-sqlite-'));
    file = path.join(dir, 'nested', 'events.db');
  });
  afterEach(() => fs.rm(dir, { recursive: true, force: true }));

  const one = () => [{ id: randomUUID(), type: 'NoticePublished', data: { title: '公告' } }];

  it('creates the file (and its directory) in WAL mode at the current schema version', async () => {
    const store = await SqliteEventStore.open({ path: file });
    await store.append('txn-1', one());
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    } finally {
      db.close();
    }
    expect(await store.health()).toMatchObject({ ok: true });
    await store.close();
    expect(await store.health()).toMatchObject({ ok: false });
  });

  it('keeps positions contiguous across reopening and failed appends', async () => {
    let store = await SqliteEventStore.open({ path: file, synchronous: 'NORMAL' });
    await store.append('a', one());
    await store.append('a', one(), { expectedRevision: 5 }).catch(() => undefined);
    await store.close();
    store = await SqliteEventStore.open({ path: file });
    const result = await store.append('b', [...one(), ...one()]);
    expect(result.events.map((e) => e.position)).toEqual([2, 3]);
    expect(await store.headPosition()).toBe(3);
    await store.close();
  });

  it('gives each of a group of concurrent appends its own outcome and contiguous positions', async () => {
    const store = await SqliteEventStore.open({ path: file });
    const results = await Promise.allSettled([
      ...Array.from({ length: 20 }, (_, i) => store.append(`s-${i}`, one())),
      store.append('s-0', one(), { expectedRevision: 'no_stream' }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(20);
    expect(results[20]).toMatchObject({
      status: 'rejected',
      reason: { name: 'WrongExpectedVersion', actual: 0 },
    });
    const positions = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value.position] : []));
    expect(positions).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(await store.headPosition()).toBe(20);
    await store.close();
  });

  it('writes appends requested in the same turn in one transaction (group commit)', async () => {
    // Frames in the WAL: every commit writes each page it changed, so 20 separate commits write far more
    // frames than one commit holding the same 20 events. A checkpoint first lets the next write restart
    // the WAL, so the count afterwards is what the 20 appends wrote.
    const framesWrittenBy = async (target: string, write: (store: SqliteEventStore) => Promise<unknown>) => {
      const store = await SqliteEventStore.open({ path: target });
      await store.append('warm-up', one());
      const db = new Database(target);
      try {
        db.pragma('wal_checkpoint(PASSIVE)');
        await write(store);
        const [row] = db.pragma('wal_checkpoint(PASSIVE)') as { log: number }[];
        return row!.log;
      } finally {
        db.close();
        await store.close();
      }
    };
    const sequential = await framesWrittenBy(file, async (store) => {
      for (let i = 0; i < 20; i++) await store.append(`seq-${i}`, one());
    });
    const concurrent = await framesWrittenBy(path.join(dir, 'grouped.db'), (store) =>
      Promise.all(Array.from({ length: 20 }, (_, i) => store.append(`con-${i}`, one()))),
    );
    expect(sequential).toBeGreaterThanOrEqual(20);
    expect(concurrent).toBeGreaterThan(0);
    expect(concurrent).toBeLessThan(sequential / 4);
  });

  it('writes what was queued before close and refuses calls afterwards', async () => {
    const store = await SqliteEventStore.open({ path: file });
    const pending = store.append('late', one());
    await store.close();
    expect((await pending).position).toBe(1);
    await expect(store.append('late', one())).rejects.toBeInstanceOf(StoreClosed);
    await expect(store.readAll()).rejects.toBeInstanceOf(StoreClosed);
    const reopened = await SqliteEventStore.open({ path: file });
    expect(await reopened.streamRevision('late')).toBe(0);
    await reopened.close();
  });

  it('sees commits made by another connection to the same file through polling', async () => {
    const reader = await SqliteEventStore.open({ path: file, pollIntervalMs: 20 });
    const writer = await SqliteEventStore.open({ path: file });
    const subscription = reader.subscribeToAll();
    const received = (async () => {
      for await (const e of subscription) return e;
      return undefined;
    })();
    await new Promise((resolve) => setTimeout(resolve, 30));
    await writer.append('elsewhere', one());
    expect((await received)?.streamId).toBe('elsewhere');
    await writer.close();
    await reader.close();
  });

  it("wakes another connection's subscriptions at once when told of a commit (onCommit -> changed)", async () => {
    // A poll so long it never fires in this test: only the commit signal can deliver the event.
    const reader = await SqliteEventStore.open({ path: file, pollIntervalMs: 3_600_000 });
    const writer = await SqliteEventStore.open({ path: file });
    const stopSignal = writer.onCommit(() => reader.changed());
    const subscription = reader.subscribeToAll();
    const iterator = subscription[Symbol.asyncIterator]();
    // The subscription has read the (empty) store and waits for a commit or the poll.
    const first = iterator.next();
    await writer.append('elsewhere', one());
    expect((await first).value?.streamId).toBe('elsewhere');
    stopSignal();
    await subscription.close();
    await writer.close();
    await reader.close();
  });

  it('refuses a file written by a newer schema', async () => {
    const store = await SqliteEventStore.open({ path: file });
    await store.close();
    const db = new Database(file);
    db.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    db.close();
    await expect(SqliteEventStore.open({ path: file })).rejects.toBeInstanceOf(SchemaTooNew);
  });
});
