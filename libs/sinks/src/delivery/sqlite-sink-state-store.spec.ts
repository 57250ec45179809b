import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DeadLetterNotFound, DeadLetterNotOpen } from './dead-letter-errors';
import type { EventRef } from './sink-state-store.port';
import { SqliteSinkStateStore } from './sqlite-sink-state-store';

const ref = (streamId: string, position: number): EventRef => ({
  streamId,
  position,
  eventId: `event-${position}`,
  eventType: 'AwardPublished',
});

describe('SqliteSinkStateStore', () => {
  let dir: string;
  let path: string;
  let store: SqliteSinkStateStore;

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-sink-state-'));
    path = join(dir, 'state.sqlite');
    store = SqliteSinkStateStore.open({ path, now: () => new Date('2026-11-23T01:00:00Z') });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('starts a new target at position 0 and only moves the checkpoint forward', async () => {
    expect(await store.loadTarget('p')).toEqual({
      checkpoint: 0,
      parkedStreams: [],
      releasableStreams: [],
      delivered: 0,
      skipped: 0,
    });
    await store.recordDelivered('p', { source: 'live', checkpoint: 5 });
    await store.recordSkipped('p', { source: 'live', checkpoint: 3 });
    await store.saveCheckpoint('p', 4);
    await store.recordDelivered('p', { source: 'live' });
    expect(await store.loadTarget('p')).toMatchObject({ checkpoint: 5, delivered: 2, skipped: 1 });
    expect((await store.loadTarget('other')).checkpoint).toBe(0);
  });

  it('keeps everything across a reopen of the file', async () => {
    await store.recordDelivered('p', { source: 'live', checkpoint: 9 });
    await store.recordDeadLetter(
      'p',
      { ref: ref('txn-1', 10), reason: 'rejected', attempts: 1, httpStatus: 400, error: 'HTTP 400' },
      {
        source: 'live',
        checkpoint: 10,
      },
    );
    await store.holdEvents('p', [ref('txn-1', 12)], 12);
    await store.close();
    store = SqliteSinkStateStore.open({ path });
    expect(await store.loadTarget('p')).toMatchObject({
      checkpoint: 12,
      parkedStreams: ['txn-1'],
      releasableStreams: [],
    });
    expect(await store.heldEvents('p', 'txn-1')).toEqual([ref('txn-1', 12)]);
  });

  it('parks a stream with its dead letter and releases it on resolution', async () => {
    const deadLetter = await store.recordDeadLetter(
      'p',
      { ref: ref('txn-1', 3), reason: 'attempts-exhausted', attempts: 8, httpStatus: 503, error: 'HTTP 503' },
      { source: 'live', checkpoint: 3 },
    );
    expect(deadLetter).toMatchObject({
      target: 'p',
      streamId: 'txn-1',
      position: 3,
      eventId: 'event-3',
      status: 'open',
      reason: 'attempts-exhausted',
      attempts: 8,
      httpStatus: 503,
      createdAt: '2026-11-23T01:00:00.000Z',
      resolvedAt: null,
    });
    await store.holdEvents('p', [ref('txn-1', 5), ref('txn-1', 4)], 5);
    expect((await store.heldEvents('p', 'txn-1')).map((r) => r.position)).toEqual([4, 5]);
    expect(await store.countHeld('p')).toBe(2);

    const retried = await store.recordDeadLetterAttempt(deadLetter.id, 1, 400, 'HTTP 400: bad field');
    expect(retried).toMatchObject({
      attempts: 9,
      httpStatus: 400,
      lastError: 'HTTP 400: bad field',
      status: 'open',
    });

    const resolved = await store.resolveDeadLetter(deadLetter.id, 'delivered', 'fixed upstream');
    expect(resolved).toMatchObject({
      status: 'delivered',
      note: 'fixed upstream',
      resolvedAt: '2026-11-23T01:00:00.000Z',
    });
    expect(await store.loadTarget('p')).toMatchObject({ parkedStreams: [], releasableStreams: ['txn-1'] });

    await store.recordDelivered('p', { source: 'held', position: 4 });
    await store.recordDelivered('p', { source: 'held', position: 5 });
    expect(await store.countHeld('p')).toBe(0);
    expect(await store.loadTarget('p')).toMatchObject({ checkpoint: 5, releasableStreams: [], delivered: 2 });
  });

  it('moves a held event to a new dead letter atomically', async () => {
    const first = await store.recordDeadLetter(
      'p',
      { ref: ref('txn-1', 1), reason: 'rejected', attempts: 1, error: 'x' },
      {
        source: 'live',
        checkpoint: 1,
      },
    );
    await store.holdEvents('p', [ref('txn-1', 2)], 2);
    await store.resolveDeadLetter(first.id, 'discarded');
    const second = await store.recordDeadLetter(
      'p',
      { ref: ref('txn-1', 2), reason: 'unmappable', attempts: 0, error: 'y' },
      {
        source: 'held',
        position: 2,
      },
    );
    expect(await store.countHeld('p')).toBe(0);
    expect(await store.loadTarget('p')).toMatchObject({ parkedStreams: ['txn-1'] });
    expect(await store.countDeadLetters('p', 'open')).toBe(1);
    expect(await store.countDeadLetters('p', 'discarded')).toBe(1);
    expect((await store.listDeadLetters({ status: 'all' })).map((d) => d.id)).toEqual([first.id, second.id]);
  });

  it('lists dead letters by target, status and stream, paged by id', async () => {
    for (const [target, stream, position] of [
      ['p', 'a', 1],
      ['p', 'b', 2],
      ['c', 'a', 3],
      ['p', 'c', 4],
    ] as const) {
      await store.recordDeadLetter(
        target,
        { ref: ref(stream, position), reason: 'rejected', attempts: 1, error: 'e' },
        {
          source: 'live',
        },
      );
    }
    const page1 = await store.listDeadLetters({ target: 'p', limit: 2 });
    expect(page1.map((d) => d.position)).toEqual([1, 2]);
    const page2 = await store.listDeadLetters({ target: 'p', limit: 2, afterId: page1[1]!.id });
    expect(page2.map((d) => d.position)).toEqual([4]);
    expect((await store.listDeadLetters({ streamId: 'a' })).map((d) => d.target)).toEqual(['p', 'c']);
    expect(await store.listDeadLetters({ status: 'delivered' })).toEqual([]);
  });

  it('refuses to resolve what is missing or already resolved', async () => {
    await expect(store.resolveDeadLetter(99, 'discarded')).rejects.toBeInstanceOf(DeadLetterNotFound);
    const deadLetter = await store.recordDeadLetter(
      'p',
      { ref: ref('a', 1), reason: 'rejected', attempts: 1, error: 'e' },
      {
        source: 'live',
      },
    );
    await store.resolveDeadLetter(deadLetter.id, 'discarded');
    await expect(store.resolveDeadLetter(deadLetter.id, 'delivered')).rejects.toBeInstanceOf(
      DeadLetterNotOpen,
    );
    await expect(store.recordDeadLetterAttempt(deadLetter.id, 1, 500, 'e')).rejects.toBeInstanceOf(
      DeadLetterNotOpen,
    );
  });
});
