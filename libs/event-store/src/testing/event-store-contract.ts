import { randomUUID } from 'node:crypto';
import {
  AppendTooLarge,
  DuplicateEventId,
  InvalidEvent,
  StreamNotFound,
  WrongExpectedVersion,
} from '../errors';
import {
  POSITION_ZERO,
  type EventData,
  type EventStore,
  type ExpectedRevision,
  type ReadAllFrom,
  type RecordedEvent,
  type Subscription,
} from '../event-store.port';
import { GENESIS_HASH, chainHash } from '../integrity/hash-chain';
import { verifyStream } from '../integrity/verify';

/**
 * The behaviour every `EventStore` adapter must show, written once and run against each adapter. Tests use
 * streams under a fresh random prefix and filter `$all` by it, so they also hold on a shared server that
 * already has other events.
 */

export interface ContractSubject {
  store: EventStore;
  /** Called after the store is closed (remove files, drop connections). */
  dispose?: () => Promise<void>;
}

export interface ContractOptions {
  /**
   * Whether an event id is unique across the whole store. EventStoreDB only knows ids within a stream, so
   * reusing one in another stream cannot be detected there.
   */
  globalEventIds?: boolean;
  /** Whether positions in `$all` are contiguous 1..n (SQLite) rather than sparse (commit positions). */
  contiguousPositions?: boolean;
  /** The store's limit on one append in bytes (EventStoreDB's MaxAppendSize); none when undefined. */
  maxAppendBytes?: number;
}

const event = (type: string, data: unknown, metadata?: Record<string, unknown>): EventData => ({
  id: randomUUID(),
  type,
  data,
  ...(metadata ? { metadata } : {}),
});

const notice = (n: number): EventData =>
  event('NoticePublished', { n, title: `第${n}号公告：福田区道路改造工程招标公告` }, { region: '440304' });

/**
 * How long the concurrent-writers test waits for its subscriptions. Generous: on a loaded machine the EventStoreDB
 * double had delivered 354 of 360 events after 30 s and the test failed; the next run passed in 19.5 s (a slow
 * machine, not a gap: a lost event would not arrive at any timeout, and the test still fails then).
 */
const TAKE_UNDER_LOAD_MS = 120_000;

/** Takes `count` events from a subscription, failing after `timeoutMs`; closes the subscription. */
export async function take(
  subscription: Subscription,
  count: number,
  timeoutMs = 10_000,
): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  if (count === 0) {
    await subscription.close();
    return events;
  }
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(
      () =>
        reject(new Error(`subscription delivered ${events.length} of ${count} events in ${timeoutMs} ms`)),
      timeoutMs,
    );
  });
  const reading = (async () => {
    for await (const e of subscription) {
      events.push(e);
      if (events.length >= count) break;
    }
  })();
  try {
    await Promise.race([reading, timeout]);
  } finally {
    clearTimeout(timer);
    await subscription.close();
  }
  return events;
}

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (error) {
    return error;
  }
  throw new Error('expected the call to fail');
}

export function describeEventStoreContract(
  name: string,
  open: () => Promise<ContractSubject>,
  options: ContractOptions = {},
): void {
  const globalEventIds = options.globalEventIds ?? true;

  describe(`EventStore contract: ${name}`, () => {
    let subject: ContractSubject;
    let store: EventStore;
    let prefix: string;
    const stream = (suffix: string): string => `${prefix}${suffix}`;
    const ours = () => ({ streamPrefixes: [prefix] });

    beforeEach(async () => {
      subject = await open();
      store = subject.store;
      prefix = `contract${randomUUID().slice(0, 8)}-`;
    });
    afterEach(async () => {
      await store.close();
      await subject.dispose?.();
    });

    describe('append', () => {
      it('starts a stream at revision 0 and reports the last revision and position', async () => {
        const s = stream('txn-1');
        const result = await store.append(s, [notice(0), notice(1), notice(2)], {
          expectedRevision: 'no_stream',
        });
        expect(result.nextExpectedRevision).toBe(2);
        expect(result.events.map((e) => e.revision)).toEqual([0, 1, 2]);
        const positions = result.events.map((e) => e.position);
        expect(positions[0]).toBeGreaterThan(0);
        expect(positions[1]).toBeGreaterThan(positions[0]!);
        expect(positions[2]).toBeGreaterThan(positions[1]!);
        expect(result.position).toBe(positions[2]);
        expect(result.events.every((e) => e.streamId === s)).toBe(true);
        expect(await store.readStream(s)).toEqual(result.events);
        expect(await store.streamRevision(s)).toBe(2);
        expect(await store.headPosition()).toBeGreaterThanOrEqual(result.position);
        if (options.contiguousPositions)
          expect(positions).toEqual([1, 2, 3].map((i) => positions[0]! + i - 1));
      });

      it('records an ISO-8601 UTC instant and defaults metadata to {}', async () => {
        const before = Date.now();
        const [recorded] = (await store.append(stream('t'), [event('Created', { ok: true })])).events;
        expect(recorded!.recordedAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
        expect(Date.parse(recorded!.recordedAt)).toBeGreaterThanOrEqual(before - 1000);
        expect(recorded!.metadata).toEqual({});
      });

      type Outcome = 'ok' | { actual: number | 'no_stream' };
      const matrix: [state: 'missing' | 'at revision 1', expected: ExpectedRevision, outcome: Outcome][] = [
        ['missing', 'any', 'ok'],
        ['missing', 'no_stream', 'ok'],
        ['missing', 'stream_exists', { actual: 'no_stream' }],
        ['missing', 0, { actual: 'no_stream' }],
        ['missing', 1, { actual: 'no_stream' }],
        ['at revision 1', 'any', 'ok'],
        ['at revision 1', 'no_stream', { actual: 1 }],
        ['at revision 1', 'stream_exists', 'ok'],
        ['at revision 1', 0, { actual: 1 }],
        ['at revision 1', 1, 'ok'],
        ['at revision 1', 2, { actual: 1 }],
      ];
      it.each(matrix)('stream %s, expected %p: %p', async (state, expected, outcome) => {
        const s = stream('matrix');
        if (state === 'at revision 1') await store.append(s, [notice(0), notice(1)]);
        const before = await store.streamRevision(s);
        const attempt = store.append(s, [notice(2)], { expectedRevision: expected });
        if (outcome === 'ok') {
          const result = await attempt;
          expect(result.nextExpectedRevision).toBe(before === undefined ? 0 : before + 1);
          return;
        }
        const error = await rejection(attempt);
        expect(error).toBeInstanceOf(WrongExpectedVersion);
        expect(error).toMatchObject({
          streamId: s,
          expected,
          actual: outcome.actual,
          code: 'WRONG_EXPECTED_VERSION',
        });
        expect(await store.streamRevision(s)).toBe(before);
      });

      it('lets exactly one of several writers with the same expectation win', async () => {
        const s = stream('race');
        await store.append(s, [notice(0)]);
        const outcomes = await Promise.allSettled(
          Array.from({ length: 6 }, (_, i) => store.append(s, [notice(i + 1)], { expectedRevision: 0 })),
        );
        const won = outcomes.filter((o) => o.status === 'fulfilled');
        const lost = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
        expect(won).toHaveLength(1);
        expect(lost).toHaveLength(5);
        for (const o of lost) expect(o.reason).toMatchObject({ name: 'WrongExpectedVersion', actual: 1 });
        expect(await store.streamRevision(s)).toBe(1);
      });

      it('appends a batch atomically: one invalid event stores nothing', async () => {
        const s = stream('atomic');
        const head = await store.headPosition();
        const bad = event('NoticePublished', { title: 'broken \uD800 text' });
        await expect(store.append(s, [notice(0), notice(1), bad])).rejects.toBeInstanceOf(InvalidEvent);
        await expect(store.readStream(s)).rejects.toBeInstanceOf(StreamNotFound);
        expect(await store.streamRevision(s)).toBeUndefined();
        expect(await store.headPosition()).toBe(head);
        // The same ids are still free afterwards.
        await store.append(s, [notice(0)]);
      });

      if (globalEventIds) {
        it('appends a batch atomically: an id used elsewhere fails the whole batch', async () => {
          const taken = notice(9);
          await store.append(stream('other'), [taken]);
          const s = stream('atomic-dup');
          await store.append(s, [notice(0)]);
          const error = await rejection(
            store.append(s, [notice(1), notice(2), { ...taken, data: { other: true } }]),
          );
          expect(error).toMatchObject({ name: 'DuplicateEventId', eventId: taken.id });
          expect(error).toBeInstanceOf(DuplicateEventId);
          expect(await store.streamRevision(s)).toBe(0);
          expect((await store.readAll({ filter: ours() })).map((e) => e.streamId)).toEqual([
            stream('other'),
            s,
          ]);
        });
      }

      it('rejects malformed requests with InvalidEvent', async () => {
        await expect(store.append(stream('x'), [])).rejects.toBeInstanceOf(InvalidEvent);
        await expect(store.append(stream('x'), [{ ...notice(0), id: 'not-a-uuid' }])).rejects.toBeInstanceOf(
          InvalidEvent,
        );
        const twice = notice(0);
        await expect(store.append(stream('x'), [twice, twice])).rejects.toBeInstanceOf(InvalidEvent);
        await expect(store.append(stream('x'), [{ ...notice(0), type: '' }])).rejects.toBeInstanceOf(
          InvalidEvent,
        );
        await expect(store.append(stream('x'), [notice(0)], { expectedRevision: -1 })).rejects.toBeInstanceOf(
          InvalidEvent,
        );
        expect(await store.streamRevision(stream('x'))).toBeUndefined();
      });
    });

    describe('appendMany', () => {
      it('appends to many streams in one call, each part as append would', async () => {
        const [a, b, c] = [stream('many-a'), stream('many-b'), stream('many-c')];
        await store.append(b, [notice(0)]);
        const outcomes = await store.appendMany([
          { streamId: a, events: [notice(1), notice(2)], expectedRevision: 'no_stream' },
          { streamId: b, events: [notice(3)], expectedRevision: 0 },
          { streamId: c, events: [notice(4)] },
        ]);
        expect(outcomes.map((o) => o.ok)).toEqual([true, true, true]);
        const results = outcomes.map((o) => (o.ok ? o.result : undefined)!);
        expect(results.map((r) => r.nextExpectedRevision)).toEqual([1, 1, 0]);
        expect(results.map((r) => r.events.map((e) => e.streamId))).toEqual([[a, a], [b], [c]]);
        for (const [i, s] of [a, b, c].entries()) {
          expect((await store.readStream(s)).slice(-results[i]!.events.length)).toEqual(results[i]!.events);
        }
        // Chained like any append: b's new event follows its first one.
        const [first, second] = await store.readStream(b);
        expect(second!.prevHash).toBe(first!.hash);
      });

      it('takes many streams in one call (more than an adapter appends side by side)', async () => {
        const streams = Array.from({ length: 40 }, (_, i) => stream(`wide-${i}`));
        const outcomes = await store.appendMany(
          streams.map((streamId, i) => ({ streamId, events: [notice(i)], expectedRevision: 'no_stream' })),
        );
        expect(outcomes.map((o) => (o.ok ? o.result.events[0]!.streamId : o.error))).toEqual(streams);
        for (const s of streams) expect(await store.streamRevision(s)).toBe(0);
      });

      it('fails a part alone: a revision conflict, an invalid event or a used id stores nothing of it', async () => {
        const [ok1, conflict, invalid, duplicate, ok2] = ['ok1', 'conflict', 'invalid', 'dup', 'ok2'].map(
          stream,
        );
        await store.append(conflict!, [notice(0)]);
        const taken = notice(9);
        await store.append(duplicate!, [taken]);
        const head = await store.headPosition();
        const outcomes = await store.appendMany([
          { streamId: ok1!, events: [notice(1)] },
          { streamId: conflict!, events: [notice(2)], expectedRevision: 'no_stream' },
          { streamId: invalid!, events: [notice(3), event('NoticePublished', { title: 'broken \uD800' })] },
          { streamId: duplicate!, events: [notice(4), { ...taken, data: { other: true } }] },
          { streamId: ok2!, events: [notice(5), notice(6)], expectedRevision: 'no_stream' },
        ]);
        expect(outcomes.map((o) => o.ok)).toEqual([true, false, false, false, true]);
        const errors = outcomes.map((o) => (o.ok ? undefined : o.error));
        expect(errors[1]).toBeInstanceOf(WrongExpectedVersion);
        expect(errors[2]).toBeInstanceOf(InvalidEvent);
        expect(errors[3]).toMatchObject({ eventId: taken.id });
        expect(await store.streamRevision(conflict!)).toBe(0);
        expect(await store.streamRevision(invalid!)).toBeUndefined();
        expect(await store.streamRevision(duplicate!)).toBe(0);
        expect(await store.streamRevision(ok2!)).toBe(1);
        const written = await store.readAll({ from: { after: head }, filter: ours() });
        expect(written.map((e) => e.streamId)).toEqual([ok1, ok2, ok2]);
      });

      it('applies parts naming the same stream in order, and answers a retried part with its original result', async () => {
        const s = stream('many-same');
        const batch = [notice(0), notice(1)];
        const [first, second, retry] = await store.appendMany([
          { streamId: s, events: batch, expectedRevision: 'no_stream' },
          { streamId: s, events: [notice(2)], expectedRevision: 1 },
          { streamId: s, events: batch, expectedRevision: 'no_stream' },
        ]);
        expect([first!.ok, second!.ok, retry!.ok]).toEqual([true, true, true]);
        if (!first!.ok || !retry!.ok) return;
        expect(retry.result.events).toEqual(first.result.events);
        expect(await store.streamRevision(s)).toBe(2);
      });
    });

    describe('idempotency by event id', () => {
      it('returns the original result for a retry with the same expectation and stores nothing', async () => {
        const s = stream('retry');
        await store.append(s, [notice(0)]);
        const batch = [notice(1), notice(2)];
        const first = await store.append(s, batch, { expectedRevision: 0 });
        const head = await store.headPosition();
        const again = await store.append(s, batch, { expectedRevision: 0 });
        expect(again).toEqual(first);
        expect(await store.streamRevision(s)).toBe(2);
        expect(await store.headPosition()).toBe(head);
        expect(await store.readStream(s)).toHaveLength(3);
      });

      it.each<ExpectedRevision>(['no_stream', 'any'])(
        'recognises a %p retry after the stream moved on',
        async (expected) => {
          const s = stream('retry-later');
          const batch = [notice(0)];
          const first = await store.append(s, batch, { expectedRevision: expected });
          await store.append(s, [notice(1)]);
          expect(await store.append(s, batch, { expectedRevision: expected })).toEqual(first);
          expect(await store.readStream(s)).toHaveLength(2);
        },
      );

      it('refuses the same id with different content', async () => {
        const s = stream('retry-diff');
        const original = notice(0);
        await store.append(s, [original]);
        const error = await rejection(
          store.append(s, [{ ...original, data: { n: 0, title: '被篡改的标题' } }]),
        );
        expect(error).toBeInstanceOf(DuplicateEventId);
        expect(error).toMatchObject({ eventId: original.id, code: 'DUPLICATE_EVENT_ID' });
        expect(await store.readStream(s)).toHaveLength(1);
      });

      it('refuses a retry whose expectation the original write does not satisfy', async () => {
        const s = stream('retry-exp');
        const batch = [notice(0)];
        await store.append(s, batch, { expectedRevision: 'no_stream' });
        await expect(store.append(s, batch, { expectedRevision: 3 })).rejects.toBeInstanceOf(
          WrongExpectedVersion,
        );
        expect(await store.streamRevision(s)).toBe(0);
      });

      if (globalEventIds) {
        it('refuses an id already stored in another stream', async () => {
          const taken = notice(0);
          await store.append(stream('a'), [taken]);
          await expect(store.append(stream('b'), [taken])).rejects.toBeInstanceOf(DuplicateEventId);
          expect(await store.streamRevision(stream('b'))).toBeUndefined();
        });
      }
    });

    describe('reading', () => {
      it('reads a stream forwards and backwards from a revision, with a maximum count', async () => {
        const s = stream('read');
        await store.append(
          s,
          Array.from({ length: 10 }, (_, i) => notice(i)),
        );
        const revisions = async (o: Parameters<EventStore['readStream']>[1]) =>
          (await store.readStream(s, o)).map((e) => e.revision);
        expect(await revisions({})).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(await revisions({ fromRevision: 3, maxCount: 4 })).toEqual([3, 4, 5, 6]);
        expect(await revisions({ direction: 'backwards', maxCount: 3 })).toEqual([9, 8, 7]);
        expect(await revisions({ direction: 'backwards', fromRevision: 4 })).toEqual([4, 3, 2, 1, 0]);
        expect(await revisions({ direction: 'backwards', fromRevision: 'end', maxCount: 1 })).toEqual([9]);
        expect(await revisions({ fromRevision: 10 })).toEqual([]);
        expect((await store.readStream(s, { fromRevision: 2, maxCount: 1 }))[0]!.data).toEqual(
          notice(2).data,
        );
      });

      it('raises StreamNotFound for a stream that has no event', async () => {
        const error = await rejection(store.readStream(stream('missing')));
        expect(error).toBeInstanceOf(StreamNotFound);
        expect(error).toMatchObject({ streamId: stream('missing'), code: 'STREAM_NOT_FOUND' });
        expect(await store.streamRevision(stream('missing'))).toBeUndefined();
      });

      it('orders $all by position across streams, forwards and backwards', async () => {
        const written: RecordedEvent[] = [];
        for (let i = 0; i < 9; i++)
          written.push(...(await store.append(stream(`s${i % 3}`), [notice(i)])).events);
        const forwards = await store.readAll({ filter: ours() });
        expect(forwards.map((e) => e.id)).toEqual(written.map((e) => e.id));
        expect(forwards).toEqual(written);
        const backwards = await store.readAll({ direction: 'backwards', filter: ours(), maxCount: 4 });
        expect(backwards.map((e) => e.id)).toEqual(
          written
            .slice(-4)
            .reverse()
            .map((e) => e.id),
        );
        const ids = (events: RecordedEvent[]) => events.map((e) => e.id);
        const p4 = written[4]!.position;
        expect(ids(await store.readAll({ from: { at: p4 }, maxCount: 2, filter: ours() }))).toEqual(
          ids([written[4]!, written[5]!]),
        );
        expect(ids(await store.readAll({ from: { after: p4 }, maxCount: 2, filter: ours() }))).toEqual(
          ids([written[5]!, written[6]!]),
        );
        const backwardsFrom = (from: ReadAllFrom) =>
          store.readAll({ direction: 'backwards', from, filter: ours(), maxCount: 2 });
        expect(ids(await backwardsFrom({ at: p4 }))).toEqual(ids([written[4]!, written[3]!]));
        expect(ids(await backwardsFrom({ before: p4 }))).toEqual(ids([written[3]!, written[2]!]));
        expect(await store.readAll({ from: 'end', filter: ours() })).toEqual([]);
        expect(await backwardsFrom('start')).toEqual([]);
        // Paging by `after` the last event read visits every event once, whatever the gaps between positions.
        const paged: RecordedEvent[] = [];
        for (let from: ReadAllFrom = 'start'; ;) {
          const page = await store.readAll({ from, maxCount: 2, filter: ours() });
          paged.push(...page);
          if (page.length < 2) break;
          from = { after: page[page.length - 1]!.position };
        }
        expect(ids(paged)).toEqual(ids(written));
        expect(await store.headPosition()).toBeGreaterThanOrEqual(written[8]!.position);
      });

      it('ends a page of $all at maxBytes of stored data and metadata, never before its first event', async () => {
        const big = (n: number) =>
          event('NoticePublished', { n, content: '公'.repeat(1000) }, { region: '440304' });
        const written: RecordedEvent[] = [];
        for (let i = 0; i < 5; i++) written.push(...(await store.append(stream('bytes'), [big(i)])).events);
        const ids = (events: RecordedEvent[]) => events.map((e) => e.id);
        // Each event takes a little over 3,000 bytes (1,000 three-byte characters).
        const page = await store.readAll({ filter: ours(), maxCount: 10, maxBytes: 7_000 });
        expect(ids(page)).toEqual(ids(written.slice(0, 2)));
        const next = await store.readAll({
          from: { after: page[1]!.position },
          filter: ours(),
          maxCount: 10,
          maxBytes: 7_000,
        });
        expect(ids(next)).toEqual(ids(written.slice(2, 4)));
        expect(ids(await store.readAll({ filter: ours(), maxCount: 10, maxBytes: 1 }))).toEqual(
          ids(written.slice(0, 1)),
        );
        expect(
          ids(await store.readAll({ direction: 'backwards', filter: ours(), maxCount: 10, maxBytes: 7_000 })),
        ).toEqual(ids(written.slice(3).reverse()));
        expect(await store.readAll({ from: 'end', filter: ours(), maxBytes: 7_000 })).toEqual([]);
      });

      it('treats positions as opaque: after 0 is the start, a direction mismatch is refused', async () => {
        const [first] = (await store.append(stream('p'), [notice(0)])).events;
        expect(POSITION_ZERO).toBeLessThan(first!.position);
        const fromZero = await store.readAll({ from: { after: POSITION_ZERO }, filter: ours() });
        expect(fromZero.map((e) => e.id)).toEqual([first!.id]);
        await expect(store.readAll({ direction: 'backwards', from: { after: 1 } })).rejects.toThrow(
          RangeError,
        );
        await expect(store.readAll({ from: { before: 1 } })).rejects.toThrow(RangeError);
      });

      it('filters $all by stream prefix, event type and event type prefix', async () => {
        await store.append(stream('txn-1'), [event('TenderAnnounced', {}), event('BidOpened', {})]);
        await store.append(stream('credit-1'), [
          event('CreditPromisePublished', {}),
          event('TenderAnnounced', {}),
        ]);
        await store.append(stream('txn-2'), [event('BidEvaluated', {})]);
        const pick = async (filter: Record<string, string[]>) =>
          (await store.readAll({ filter: { streamPrefixes: [prefix], ...filter } })).map(
            (e) => `${e.streamId.slice(prefix.length)}:${e.type}`,
          );
        expect(await pick({ streamPrefixes: [stream('txn-')] })).toEqual([
          'txn-1:TenderAnnounced',
          'txn-1:BidOpened',
          'txn-2:BidEvaluated',
        ]);
        expect(await pick({ streamPrefixes: [stream('txn-2'), stream('credit-')] })).toEqual([
          'credit-1:CreditPromisePublished',
          'credit-1:TenderAnnounced',
          'txn-2:BidEvaluated',
        ]);
        expect(await pick({ eventTypes: ['TenderAnnounced'] })).toEqual([
          'txn-1:TenderAnnounced',
          'credit-1:TenderAnnounced',
        ]);
        expect(await pick({ eventTypePrefixes: ['Bid'] })).toEqual(['txn-1:BidOpened', 'txn-2:BidEvaluated']);
        expect(await pick({ eventTypes: ['CreditPromisePublished'], eventTypePrefixes: ['BidE'] })).toEqual([
          'credit-1:CreditPromisePublished',
          'txn-2:BidEvaluated',
        ]);
        expect(await pick({ streamPrefixes: [stream('txn-')], eventTypes: ['TenderAnnounced'] })).toEqual([
          'txn-1:TenderAnnounced',
        ]);
        expect(await pick({ eventTypes: ['Nothing'] })).toEqual([]);
      });
    });

    describe('subscriptions', () => {
      it('catches up on $all, then delivers live events in order', async () => {
        const before = await store.append(stream('sub'), [notice(0), notice(1), notice(2)]);
        const subscription = store.subscribeToAll({ from: 'start', filter: ours() });
        const received = take(subscription, 6);
        await new Promise((resolve) => setTimeout(resolve, 20));
        const after = await store.append(stream('sub'), [notice(3), notice(4)]);
        const other = await store.append(stream('sub-2'), [notice(5)]);
        expect((await received).map((e) => e.id)).toEqual(
          [...before.events, ...after.events, ...other.events].map((e) => e.id),
        );
      });

      it('starts after a position, or at the end', async () => {
        const first = await store.append(stream('from'), [notice(0), notice(1)]);
        const afterFirst = store.subscribeToAll({
          from: { after: first.events[0]!.position },
          filter: ours(),
        });
        const atEnd = store.subscribeToAll({ from: 'end', filter: ours() });
        const fromAfter = take(afterFirst, 2);
        const fromEnd = take(atEnd, 1);
        await new Promise((resolve) => setTimeout(resolve, 20));
        const next = await store.append(stream('from'), [notice(2)]);
        expect((await fromAfter).map((e) => e.revision)).toEqual([1, 2]);
        expect((await fromEnd).map((e) => e.id)).toEqual([next.events[0]!.id]);
      });

      it('applies filters to subscriptions', async () => {
        const subscription = store.subscribeToAll({
          filter: { streamPrefixes: [stream('txn-')], eventTypePrefixes: ['Bid'] },
        });
        const received = take(subscription, 2);
        await store.append(stream('credit-1'), [event('BidLike', {})]);
        await store.append(stream('txn-1'), [event('TenderAnnounced', {}), event('BidOpened', {})]);
        await store.append(stream('txn-2'), [event('BidEvaluated', {})]);
        expect((await received).map((e) => e.type)).toEqual(['BidOpened', 'BidEvaluated']);
      });

      it('subscribes to one stream from the start, after a revision, or at the end', async () => {
        const s = stream('one');
        await store.append(stream('noise'), [notice(99)]);
        await store.append(s, [notice(0), notice(1)]);
        const fromStart = take(store.subscribeToStream(s, { from: 'start' }), 4);
        const afterZero = take(store.subscribeToStream(s, { from: { after: 0 } }), 3);
        const atEnd = take(store.subscribeToStream(s, { from: 'end' }), 2);
        await new Promise((resolve) => setTimeout(resolve, 20));
        await store.append(stream('noise'), [notice(98)]);
        await store.append(s, [notice(2)]);
        await store.append(s, [notice(3)]);
        expect((await fromStart).map((e) => e.revision)).toEqual([0, 1, 2, 3]);
        expect((await afterZero).map((e) => e.revision)).toEqual([1, 2, 3]);
        expect((await atEnd).map((e) => e.revision)).toEqual([2, 3]);
        expect((await fromStart).every((e) => e.streamId === s)).toBe(true);
      });

      it(
        'has no gap and no duplicate at the switch to live under concurrent writers',
        async () => {
          const writers = 6;
          const perWriter = 60;
          const total = writers * perWriter;
          let started!: () => void;
          const halfway = new Promise<void>((resolve) => {
            started = resolve;
          });
          let appended = 0;
          const writing = Promise.all(
            Array.from({ length: writers }, async (_, w) => {
              for (let i = 0; i < perWriter; i++) {
                // Alternate single events and small batches; yield now and then so subscribers interleave.
                await store.append(stream(`w${w}`), [notice(i)]);
                appended += 1;
                if (appended === total / 3) started();
                if (i % 7 === 0) await new Promise((resolve) => setImmediate(resolve));
              }
            }),
          );
          await halfway;
          const subscriptions = [
            store.subscribeToAll({ from: 'start', filter: ours() }),
            store.subscribeToAll({ from: 'start', filter: { streamPrefixes: [stream('w0'), stream('w1')] } }),
            store.subscribeToStream(stream('w2')),
          ];
          const [all, two, single] = await Promise.all([
            take(subscriptions[0]!, total, TAKE_UNDER_LOAD_MS),
            take(subscriptions[1]!, 2 * perWriter, TAKE_UNDER_LOAD_MS),
            take(subscriptions[2]!, perWriter, TAKE_UNDER_LOAD_MS),
            writing,
          ]);
          for (const received of [all, two, single]) {
            expect(new Set(received.map((e) => e.id)).size).toBe(received.length);
            for (let i = 1; i < received.length; i++)
              expect(received[i]!.position).toBeGreaterThan(received[i - 1]!.position);
            const byStream = new Map<string, number[]>();
            for (const e of received)
              byStream.set(e.streamId, [...(byStream.get(e.streamId) ?? []), e.revision]);
            for (const revisions of byStream.values()) expect(revisions).toEqual(revisions.map((_, i) => i));
          }
          expect(all).toHaveLength(total);
          expect(all.map((e) => e.id)).toEqual((await store.readAll({ filter: ours() })).map((e) => e.id));
        },
        3 * TAKE_UNDER_LOAD_MS,
      );

      it('ends a waiting iteration when closed', async () => {
        const subscription = store.subscribeToAll({ from: 'end', filter: ours() });
        let delivered = 0;
        const loop = (async () => {
          for await (const _ of subscription) delivered += 1;
        })();
        await new Promise((resolve) => setTimeout(resolve, 20));
        await subscription.close();
        await loop;
        expect(delivered).toBe(0);
      });
    });

    describe('content', () => {
      const appendLimit = options.maxAppendBytes;
      it(
        appendLimit ? 'stores an event just under the append limit intact' : 'stores a 1 MiB event intact',
        async () => {
          // 1 MiB of UTF-8 where the store has no limit; under one (EventStoreDB's MaxAppendSize), 8 KiB below it.
          const target = appendLimit ? appendLimit - 8192 : 1024 * 1024;
          const body = '公开招标'.repeat(Math.ceil(target / 12));
          expect(Buffer.byteLength(body, 'utf8')).toBeGreaterThanOrEqual(target);
          const s = stream('large');
          const big = event('TenderDocumentPublished', { body, pages: 1 });
          const result = await store.append(s, [big, notice(1)]);
          const [read] = await store.readStream(s, { maxCount: 1 });
          expect((read!.data as { body: string }).body).toBe(body);
          expect(read!.hash).toBe(result.events[0]!.hash);
          expect(await verifyStream(store, s)).toEqual({ ok: true, checked: 2 });
        },
      );

      if (appendLimit) {
        it('refuses an append above the append limit with AppendTooLarge before anything is stored', async () => {
          const s = stream('too-large');
          const body = 'x'.repeat(appendLimit);
          const error = await rejection(store.append(s, [event('TenderDocumentPublished', { body })]));
          expect(error).toBeInstanceOf(AppendTooLarge);
          expect(error).toMatchObject({ streamId: s, maxBytes: appendLimit });
          // Two events each under the limit, together above it: the limit is per append.
          const half = 'x'.repeat(Math.ceil(appendLimit / 2));
          await expect(store.append(s, [event('A', { half }), event('B', { half })])).rejects.toBeInstanceOf(
            AppendTooLarge,
          );
          expect(await store.streamRevision(s)).toBeUndefined();
        });
      }

      it('preserves Chinese text and emoji in data, metadata, types and stream ids', async () => {
        const s = stream('深圳市-招标-🏗️');
        const data = {
          标题: '深圳市福田区人民医院医疗设备采购项目（第二次）中标结果公告',
          emoji: '✅🎉👨‍👩‍👧',
          astral: '𠀀𪚥',
          escapes: 'tab\tnewline\nquote"backslash\\',
          nested: [{ 金额: 12_345_678.9 }, null, true],
        };
        const metadata = { 发布人: '深圳市福田区住房和建设局', tags: ['政府采购', '🏥'] };
        const written = await store.append(s, [{ id: randomUUID(), type: '中标结果公告', data, metadata }]);
        const [read] = await store.readStream(s);
        expect(read).toEqual(written.events[0]);
        expect(read!.data).toEqual(data);
        expect(read!.metadata).toEqual(metadata);
        expect(read!.type).toBe('中标结果公告');
        expect(
          (
            await store.readAll({
              filter: { streamPrefixes: [stream('深圳市-')], eventTypes: ['中标结果公告'] },
            })
          ).map((e) => e.id),
        ).toEqual([read!.id]);
        expect(await verifyStream(store, s)).toEqual({ ok: true, checked: 1 });
      });

      it.each([
        ['data', (e: EventData): EventData => ({ ...e, data: { title: 'half \uD83D emoji' } })],
        ['a data key', (e: EventData): EventData => ({ ...e, data: { ['\uDE00']: 1 } })],
        ['metadata', (e: EventData): EventData => ({ ...e, metadata: { note: '\uDC00' } })],
        ['the type', (e: EventData): EventData => ({ ...e, type: 'Bad\uD800Type' })],
      ])('rejects a lone surrogate in %s with InvalidEvent and stores nothing', async (_, corrupt) => {
        const s = stream('surrogate');
        await expect(store.append(s, [corrupt(notice(0))])).rejects.toBeInstanceOf(InvalidEvent);
        expect(await store.streamRevision(s)).toBeUndefined();
      });

      it('rejects a lone surrogate in the stream id with InvalidEvent', async () => {
        await expect(store.append(stream('bad-\uDBFF'), [notice(0)])).rejects.toBeInstanceOf(InvalidEvent);
      });
    });

    describe('integrity', () => {
      it('chains every event of a stream to the previous one with SHA-256 over canonical JSON', async () => {
        const s = stream('chain');
        await store.append(s, [notice(0), notice(1)]);
        await store.append(stream('between'), [notice(7)]);
        await store.append(s, [notice(2)], { expectedRevision: 1 });
        const events = await store.readStream(s);
        let prev = GENESIS_HASH;
        for (const e of events) {
          expect(e.prevHash).toBe(prev);
          expect(e.hash).toMatch(/^[0-9a-f]{64}$/);
          expect(chainHash(e.prevHash, e)).toBe(e.hash);
          prev = e.hash;
        }
        expect(await verifyStream(store, s)).toEqual({ ok: true, checked: 3 });
      });
    });
  });
}
