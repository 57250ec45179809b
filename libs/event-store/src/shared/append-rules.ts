import { canonicalJson } from '../integrity/canonical-json';
import { GENESIS_HASH, chainHash } from '../integrity/hash-chain';
import { SALTS_KEY, newSalts, presentPointers } from '../integrity/commitments';
import { sealHashes, sealedEntries } from '../integrity/sealed-entry';
import { DuplicateEventId, InvalidEvent, WrongExpectedVersion } from '../errors';
import type { EventData, ExpectedRevision, Position, ReadAllFrom, RecordedEvent } from '../event-store.port';

/**
 * Rules every adapter applies the same way, so the contract suite sees one behaviour: request validation,
 * expected-revision checks, idempotent retries and sealing events into the per-stream hash chain.
 */

/** Lower-case UUIDs only: EventStoreDB returns ids lower-cased, and the id is part of the hashed content. */
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** EventStoreDB refuses Guid.Empty as an event id (Data/Event.cs). */
const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/** Cheap shape checks; content that cannot be canonicalised is rejected later, while hashing. */
export function validateAppend(
  streamId: string,
  events: readonly EventData[],
  expected: ExpectedRevision,
): void {
  if (typeof streamId !== 'string' || streamId.length === 0)
    throw new InvalidEvent('stream id must be a non-empty string');
  // '$' streams are EventStoreDB system streams; refusing them here keeps the adapters interchangeable.
  if (streamId.startsWith('$')) throw new InvalidEvent(`stream id ${streamId} is reserved (starts with $)`);
  if (!Array.isArray(events) || events.length === 0)
    throw new InvalidEvent('an append needs at least one event');
  if (typeof expected === 'number' && (!Number.isSafeInteger(expected) || expected < 0)) {
    throw new InvalidEvent(`expected revision ${expected} is not a non-negative integer`);
  }
  const ids = new Set<string>();
  for (const event of events) {
    if (typeof event.id !== 'string' || !UUID.test(event.id) || event.id === NIL_UUID)
      throw new InvalidEvent(`event id ${String(event.id)} is not a UUID (the nil UUID is not an id)`);
    if (ids.has(event.id)) throw new InvalidEvent(`event id ${event.id} appears twice in one append`);
    ids.add(event.id);
    if (typeof event.type !== 'string' || event.type.length === 0)
      throw new InvalidEvent(`event ${event.id}: type must be a non-empty string`);
    // EventStoreDB treats '$' types as system events (hidden from `$all` without a filter): refused on both adapters.
    if (event.type.startsWith('$'))
      throw new InvalidEvent(`event ${event.id}: type ${event.type} is reserved (starts with $)`);
    if (event.data === undefined) throw new InvalidEvent(`event ${event.id}: data is required`);
    const metadata: unknown = event.metadata;
    if (
      metadata !== undefined &&
      (metadata === null || typeof metadata !== 'object' || Array.isArray(metadata))
    ) {
      throw new InvalidEvent(`event ${event.id}: metadata must be an object`);
    }
    if (metadata !== undefined && SALTS_KEY in metadata)
      throw new InvalidEvent(`event ${event.id}: metadata key ${SALTS_KEY} is reserved (the store sets it)`);
    const commit: unknown = event.commit;
    if (
      commit !== undefined &&
      (!Array.isArray(commit) ||
        !commit.every((p) => typeof p === 'string' && /^\/(data|metadata)(\/|$)/.test(p)))
    ) {
      throw new InvalidEvent(`event ${event.id}: commit must list JSON pointers under /data or /metadata`);
    }
  }
}

/** Throws WrongExpectedVersion unless `actual` (undefined: no stream) satisfies `expected`. */
export function checkExpectedRevision(
  streamId: string,
  expected: ExpectedRevision,
  actual: number | undefined,
): void {
  const ok =
    expected === 'any' ||
    (expected === 'no_stream' && actual === undefined) ||
    (expected === 'stream_exists' && actual !== undefined) ||
    (typeof expected === 'number' && actual === expected);
  if (!ok) throw new WrongExpectedVersion(streamId, expected, actual ?? 'no_stream');
}

/**
 * An append whose first event id is already stored is a retry. It returns the original events when they are
 * the same events, in the same order, at the place the same expectation would have put them.
 * `stored` holds what the store has under the request's ids, in request order (undefined where absent).
 */
export function resolveRetry(
  streamId: string,
  events: readonly EventData[],
  expected: ExpectedRevision,
  stored: readonly (RecordedEvent | undefined)[],
  currentRevision: number | undefined,
): RecordedEvent[] {
  const first = stored[0]!;
  for (const [i, event] of events.entries()) {
    const original = stored[i];
    if (!original)
      throw new DuplicateEventId(events[0]!.id, `retry of a partly stored append (${event.id} is new)`);
    if (original.streamId !== streamId)
      throw new DuplicateEventId(event.id, `already stored in stream ${original.streamId}`);
    if (original.revision !== first.revision + i)
      throw new DuplicateEventId(event.id, 'stored in a different order');
    if (!sameContent(original, event)) throw new DuplicateEventId(event.id, 'stored with different content');
  }
  const expectationHeld =
    expected === 'any' ||
    (expected === 'no_stream' && first.revision === 0) ||
    (expected === 'stream_exists' && first.revision > 0) ||
    (typeof expected === 'number' && first.revision === expected + 1);
  if (!expectationHeld) throw new WrongExpectedVersion(streamId, expected, currentRevision ?? 'no_stream');
  return [...(stored as RecordedEvent[])];
}

export function sameContent(stored: RecordedEvent, proposed: EventData): boolean {
  return (
    stored.type === proposed.type &&
    canonicalOrUndefined(stored.data) === canonicalOrUndefined(proposed.data) &&
    canonicalOrUndefined(withoutSalts(stored.metadata)) === canonicalOrUndefined(proposed.metadata ?? {})
  );
}

/** A retry proposes no salts: the store drew them when it first sealed the event. */
function withoutSalts(metadata: Record<string, unknown>): Record<string, unknown> {
  const { [SALTS_KEY]: _salts, ...rest } = metadata;
  return rest;
}

function canonicalOrUndefined(value: unknown): string | undefined {
  try {
    return canonicalJson(value);
  } catch {
    return undefined;
  }
}

/** The tip of a stream's hash chain. */
export interface ChainTip {
  revision: number;
  hash: string;
}

/** An event with its stream place and integrity fields, before the store gives it a global position. */
export type SealedEvent = Omit<RecordedEvent, 'position'>;

/** Extends the stream's chain with `events`; content that has no canonical JSON is an InvalidEvent. */
export function sealEvents(
  streamId: string,
  events: readonly EventData[],
  tip: ChainTip | undefined,
  recordedAt: string,
): SealedEvent[] {
  let revision = tip ? tip.revision : -1;
  let prevHash = tip ? tip.hash : GENESIS_HASH;
  return events.map((event) => {
    revision += 1;
    let metadata: Record<string, unknown> = event.metadata ?? {};
    if (event.commit !== undefined) {
      const pointers = presentPointers({ data: event.data, metadata }, event.commit);
      metadata = { ...metadata, [SALTS_KEY]: newSalts(pointers) };
    }
    const sealed = {
      id: event.id,
      type: event.type,
      streamId,
      revision,
      data: event.data,
      metadata,
      recordedAt,
      prevHash,
      hash: '',
    };
    try {
      // One canonicalisation for the chain hash and the log entry, which is handed to this process's Merkle log.
      const hashes = sealHashes(sealed);
      sealed.hash = hashes?.hash ?? chainHash(prevHash, sealed);
      if (hashes && metadata[SALTS_KEY] !== undefined) sealedEntries.put(sealed.id, hashes.hash, hashes.entry);
    } catch (error) {
      throw new InvalidEvent(`event ${event.id}: ${error instanceof Error ? error.message : String(error)}`);
    }
    prevHash = sealed.hash;
    return sealed;
  });
}

/** Whether a stored event passes an `$all` filter (the same predicate the SQL and the EventStoreDB filter use). */
export function matchesFilter(
  event: { streamId: string; type: string },
  filter:
    | {
        streamPrefixes?: readonly string[];
        eventTypes?: readonly string[];
        eventTypePrefixes?: readonly string[];
      }
    | undefined,
): boolean {
  if (!filter) return true;
  const { streamPrefixes, eventTypes, eventTypePrefixes } = filter;
  if (
    streamPrefixes &&
    streamPrefixes.length > 0 &&
    !streamPrefixes.some((p) => event.streamId.startsWith(p))
  )
    return false;
  const byType = (eventTypes?.length ?? 0) > 0 || (eventTypePrefixes?.length ?? 0) > 0;
  if (!byType) return true;
  return (
    (eventTypes ?? []).includes(event.type) || (eventTypePrefixes ?? []).some((p) => event.type.startsWith(p))
  );
}

/**
 * What a read of `$all` asks for, the same on every adapter: every event ('all'), none ('empty': forwards
 * from 'end', backwards from 'start'), or events from `position` on, including it or not. `after` goes with
 * forwards reads and `before` with backwards ones; the other pairing is a caller's mistake.
 */
export function checkReadAllFrom(
  from: ReadAllFrom | undefined,
  forwards: boolean,
): 'all' | 'empty' | { position: Position; inclusive: boolean } {
  if (from === undefined) return 'all';
  if (from === 'start') return forwards ? 'all' : 'empty';
  if (from === 'end') return forwards ? 'empty' : 'all';
  const [key, position] =
    'at' in from ? ['at', from.at] : 'after' in from ? ['after', from.after] : ['before', from.before];
  if (!Number.isSafeInteger(position) || position < 0)
    throw new RangeError(`readAll: position ${String(position)} is not a position`);
  if ((key === 'after' && !forwards) || (key === 'before' && forwards))
    throw new RangeError(
      `readAll: { ${key} } does not go with a ${forwards ? 'forwards' : 'backwards'} read`,
    );
  return { position, inclusive: key === 'at' };
}
