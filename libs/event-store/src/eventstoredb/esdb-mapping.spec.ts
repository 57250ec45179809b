import { randomUUID } from 'node:crypto';
import type { AllStreamResolvedEvent } from '@eventstore/db-client';
import { CorruptEvent, InvalidEvent } from '../errors';
import { GENESIS_HASH, chainHash } from '../integrity/hash-chain';
import { sealEvents } from '../shared/append-rules';
import {
  INTEGRITY_KEY,
  assertNoReservedMetadata,
  isSystemEvent,
  toEventData,
  toRecordedEvent,
} from './esdb-mapping';
import { serverFilterOf } from './esdb-reads';

/**
 * The pure mapping between the port and the EventStoreDB client (no server involved): what is sent is what
 * comes back, the chain fields survive the round trip, and filters mean what the port says.
 */

/** Shapes a sent event the way the client hands it back from a read of $all. */
function asStored(
  sent: ReturnType<typeof toEventData>,
  streamId: string,
  revision: number,
  commit: bigint,
): AllStreamResolvedEvent {
  return {
    event: {
      streamId,
      id: sent.id,
      isJson: true,
      revision: BigInt(revision),
      type: sent.type,
      created: new Date(),
      data: sent.data as Record<string, unknown>,
      metadata: sent.metadata as Record<string, unknown>,
      position: { commit, prepare: commit },
    },
  } as AllStreamResolvedEvent;
}

describe('EventStoreDB mapping', () => {
  it('round-trips an event with its chain fields in the reserved metadata key', () => {
    const [sealed] = sealEvents(
      'txn-1',
      [
        {
          id: randomUUID(),
          type: '中标结果公告',
          data: { 标题: '中标结果', emoji: '🎉' },
          metadata: { region: '440304' },
        },
      ],
      undefined,
      '2026-11-23T08:00:00.000Z',
    );
    const sent = toEventData(sealed!);
    expect(sent.contentType).toBe('application/json');
    expect(sent.metadata).toMatchObject({ region: '440304', [INTEGRITY_KEY]: { prevHash: GENESIS_HASH } });
    const recorded = toRecordedEvent(asStored(sent, 'txn-1', 0, 4242n));
    expect(recorded).toEqual({ ...sealed, position: 4242 });
    expect(recorded.metadata).toEqual({ region: '440304' });
    expect(chainHash(recorded.prevHash, recorded)).toBe(recorded.hash);
  });

  it('reports an event without chain fields as CorruptEvent', () => {
    const resolved = asStored(
      { id: randomUUID(), contentType: 'application/json', type: 'Foreign', data: {}, metadata: {} },
      'txn-2',
      3,
      77n,
    );
    expect(() => toRecordedEvent(resolved)).toThrow(CorruptEvent);
    expect(() => toRecordedEvent(resolved)).toThrow(
      expect.objectContaining({ streamId: 'txn-2', revision: 3, position: 77 }),
    );
  });

  it('refuses callers metadata that uses the reserved key', () => {
    expect(() => assertNoReservedMetadata({ [INTEGRITY_KEY]: {} }, 'x')).toThrow(InvalidEvent);
    expect(() => assertNoReservedMetadata({ other: 1 }, 'x')).not.toThrow();
  });

  it('treats system streams and system event types as outside the port', () => {
    const of = (streamId: string, type: string) => ({ event: { streamId, type } }) as AllStreamResolvedEvent;
    expect(isSystemEvent(of('$stats-127.0.0.1:2113', 'x'))).toBe(true);
    expect(isSystemEvent(of('txn-1', '$metadata'))).toBe(true);
    expect(isSystemEvent(of('txn-1', 'TenderAnnounced'))).toBe(false);
  });

  it('builds server filters: stream prefixes, else an anchored, escaped event type regex, else no system events', () => {
    expect(serverFilterOf({ streamPrefixes: ['txn-', 'credit-'] })).toEqual({
      on: 'stream',
      prefixes: ['txn-', 'credit-'],
    });
    const byType = serverFilterOf({ eventTypes: ['Bid.Opened'], eventTypePrefixes: ['中标('] });
    expect(byType).toMatchObject({ on: 'type' });
    const regex = new RegExp((byType as { regex: string }).regex);
    expect(['Bid.Opened', '中标(候选人)'].map((t) => regex.test(t))).toEqual([true, true]);
    expect(['BidXOpened', 'Bid.Opened2', 'x中标('].map((t) => regex.test(t))).toEqual([false, false, false]);
    const none = new RegExp((serverFilterOf(undefined) as { regex: string }).regex);
    expect(['$metadata', 'TenderAnnounced'].map((t) => none.test(t))).toEqual([false, true]);
  });
});
