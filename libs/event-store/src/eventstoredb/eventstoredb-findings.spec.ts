import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { EventStoreDBClient, jsonEvent } from '@eventstore/db-client';
import { AppendTooLarge, DuplicateEventId, StreamDeleted } from '../errors';
import type { EventData, RecordedEvent } from '../event-store.port';
import { IntegrityLog } from '../integrity/integrity-log';
import { SqliteTileStorage } from '../integrity/tile-storage';
import { verifyAll } from '../integrity/verify';
import { take } from '../testing/event-store-contract';
import { EsdbDouble } from '../testing/esdb-double';
import { EventStoreDbEventStore } from './eventstoredb-event-store';

/**
 * What the review of the EventStoreDB adapter found (issue 16), each shown through the real client on the
 * EventStoreDB test double: the behaviours SQLite cannot show (byte-offset positions, a server that filters,
 * id-only idempotency, a leader that steps down, a restart that drops subscriptions, other writers).
 */

const notice = (n: number, metadata: Record<string, unknown> = {}): EventData => ({
  id: randomUUID(),
  type: 'NoticePublished',
  data: { n, title: `第${n}号公告` },
  metadata,
});

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('EventStoreDB adapter on the test double: findings of issue 16', () => {
  let double: EsdbDouble;
  let store: EventStoreDbEventStore;
  let raw: EventStoreDBClient;
  let dir: string;
  const opened: IntegrityLog[] = [];
  /** The Merkle log over the adapter, its tiles in a temporary directory. */
  const merkleLog = async (): Promise<IntegrityLog> => {
    const log = await IntegrityLog.open({
      store,
      tiles: SqliteTileStorage.open(path.join(dir, `tiles-${opened.length}.db`)),
    });
    opened.push(log);
    return log;
  };

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gongkai-esdb-'));
    double = await EsdbDouble.start();
    store = await EventStoreDbEventStore.open({ connectionString: double.connectionString });
    raw = EventStoreDBClient.connectionString(double.connectionString);
  });
  afterEach(async () => {
    for (const log of opened.splice(0)) await log.close();
    await fs.rm(dir, { recursive: true, force: true });
    await store.close();
    await raw.dispose();
    await double.stop();
  });

  it('positions are byte offsets with gaps; reading from position + 1 is refused by the server', async () => {
    const { events } = await store.append('txn-1', [notice(1), notice(2)]);
    const [a, b] = events as [RecordedEvent, RecordedEvent];
    expect(b.position - a.position).toBeGreaterThan(1);
    // What verify, the Merkle log and projections used to do:
    const read = raw.readAll({
      fromPosition: { commit: BigInt(a.position + 1), prepare: BigInt(a.position + 1) },
    });
    await expect(
      (async () => {
        for await (const _ of read) void _;
      })(),
    ).rejects.toThrow(/InvalidPosition/);
    // What they do now:
    expect((await store.readAll({ from: { after: a.position } })).map((e) => e.id)).toEqual([b.id]);
    const integrity = await merkleLog();
    expect(integrity.size).toBe(2);
    expect(await verifyAll(store)).toMatchObject({ ok: true, checked: 2 });
  });

  it('cancels reads it stops early: no call stays open on the server, and close() returns', async () => {
    for (let i = 0; i < 10; i++)
      await store.append(
        `txn-${i}`,
        Array.from({ length: 50 }, (_, n) => notice(n)),
      );
    for (let i = 0; i < 20; i++) {
      await store.headPosition();
      await store.readAll({ maxCount: 3 });
      await store.readAll({ direction: 'backwards', maxCount: 2 });
    }
    await eventually(() => double.openCalls === 0);
    expect(double.openCalls).toBe(0);
  });

  it('filters $all on the server: a filtered read receives only what it asked for', async () => {
    for (let i = 0; i < 8; i++)
      await store.append(
        `noise-${i}`,
        Array.from({ length: 50 }, (_, n) => notice(n)),
      );
    await store.append('wanted-1', [notice(1)]);
    const before = double.eventsSent;
    const found = await store.readAll({ filter: { streamPrefixes: ['wanted-'] } });
    expect(found.map((e) => e.streamId)).toEqual(['wanted-1']);
    expect(double.eventsSent - before).toBe(1);
    const head = double.eventsSent;
    await store.headPosition();
    expect(double.eventsSent - head).toBeLessThanOrEqual(2);
  });

  it('skips system and foreign events the same way everywhere; $ types are refused on append', async () => {
    await store.append('txn-1', [notice(1)]);
    await raw.appendToStream('other-app-1', jsonEvent({ type: 'OrderPlaced', data: { sku: 1 } }));
    await raw.setStreamMetadata('other-app-1', { maxAge: 3600 });
    const last = await store.append('txn-2', [notice(2)]);
    await raw.appendToStream('other-app-2', jsonEvent({ type: 'OrderPlaced', data: { sku: 2 } }));
    expect((await store.readAll()).map((e) => e.streamId)).toEqual(['txn-1', 'txn-2']);
    expect(await store.headPosition()).toBe(last.position);
    expect((await take(store.subscribeToAll(), 2)).map((e) => e.streamId)).toEqual(['txn-1', 'txn-2']);
    const integrity = await merkleLog();
    expect(integrity.size).toBe(2);
    expect(await verifyAll(store)).toMatchObject({ ok: true, checked: 2 });
    await expect(store.append('txn-3', [{ ...notice(3), type: '$metadata' }])).rejects.toThrow(/reserved/);
  });

  it('a concurrent append with the same id and other content fails instead of reading back the winner', async () => {
    const id = randomUUID();
    const results = await Promise.allSettled([
      store.append('txn-race', [{ id, type: 'BidOpened', data: { bidder: 'A' } }]),
      store.append('txn-race', [{ id, type: 'BidOpened', data: { bidder: 'B' } }]),
    ]);
    const failed = results.filter((r) => r.status === 'rejected');
    expect(failed).toHaveLength(1);
    expect((failed[0] as PromiseRejectedResult).reason).toBeInstanceOf(DuplicateEventId);
    expect(await store.readStream('txn-race')).toHaveLength(1);
  });

  it('recognises a retry however old it is: the id is never written twice', async () => {
    const first = notice(0);
    const original = await store.append('txn-long', [first]);
    for (let i = 1; i <= 150; i += 50) {
      await store.append(
        'txn-long',
        Array.from({ length: 50 }, (_, n) => notice(i + n)),
      );
    }
    await double.restart(); // the server's own id cache is gone too
    const retried = await store.append('txn-long', [first]);
    expect(retried.events).toEqual(original.events);
    expect((await store.readStream('txn-long')).filter((e) => e.id === first.id)).toHaveLength(1);
  });

  it('reads from the leader after a step-down: the write just made is seen, not a stale tip', async () => {
    await store.append('txn-1', [notice(1)]);
    await double.stepDown();
    const written = await store.append('txn-1', [notice(2)], { expectedRevision: 0 });
    expect(written.nextExpectedRevision).toBe(1);
    expect(await store.streamRevision('txn-1')).toBe(1);
    expect(await store.headPosition()).toBe(written.position);
  });

  it('resumes a subscription the server dropped (restart), without a gap or a duplicate', async () => {
    await store.append('txn-1', [notice(1), notice(2)]);
    const received = take(store.subscribeToAll(), 5, 20_000);
    await eventually(() => double.openCalls === 1);
    await double.restart();
    await store.append('txn-1', [notice(3)]);
    await store.append('txn-2', [notice(4), notice(5)]);
    expect((await received).map((e) => (e.data as { n: number }).n)).toEqual([1, 2, 3, 4, 5]);
  });

  it('keeps the Merkle log following across a restart and a leader change', async () => {
    await store.append('txn-1', [notice(1)]);
    const integrity = await merkleLog();
    integrity.follow();
    try {
      await double.restart();
      await double.stepDown();
      const last = await store.append('txn-1', [notice(2)]);
      await integrity.waitFor(last.position);
      expect(integrity.size).toBe(2);
    } finally {
      await integrity.close();
    }
  });

  it('maps server errors to the port: deleted streams, the server size limit', async () => {
    await store.append('txn-gone', [notice(1)]);
    await raw.tombstoneStream('txn-gone');
    await expect(store.readStream('txn-gone')).rejects.toBeInstanceOf(StreamDeleted);
    await expect(store.append('txn-gone', [notice(2)])).rejects.toBeInstanceOf(StreamDeleted);
    // The tombstone's `$streamDeleted` record sits in a non-system stream: still not an event of the port.
    expect((await store.readAll()).map((e) => e.streamId)).toEqual(['txn-gone']);
    // A server with a smaller limit than the adapter was told: the server's refusal comes out as AppendTooLarge.
    const small = await EsdbDouble.start({ maxAppendSize: 1000 });
    const lax = await EventStoreDbEventStore.open({ connectionString: small.connectionString });
    try {
      await expect(
        lax.append('txn-big', [
          notice(1, { pad: 'x'.repeat(10) }),
          { ...notice(2), data: { pad: 'y'.repeat(2000) } },
        ]),
      ).rejects.toBeInstanceOf(AppendTooLarge);
      expect(await lax.streamRevision('txn-big')).toBeUndefined();
    } finally {
      await lax.close();
      await small.stop();
    }
  });

  it('soft-deleted streams: the chain restarts nowhere, reads say the stream is gone', async () => {
    await store.append('txn-soft', [notice(1), notice(2)]);
    await raw.deleteStream('txn-soft');
    expect(await store.streamRevision('txn-soft')).toBeUndefined();
    // Its events stay in $all (until a scavenge): verifyAll still checks them.
    expect(await verifyAll(store)).toMatchObject({ ok: true, checked: 2 });
  });
});
