import {
  END,
  START,
  jsonEvent,
  type AllStreamResolvedEvent,
  type JSONType,
  type Position,
  type ReadRevision,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { CorruptEvent, InvalidEvent } from '../errors';
import type { Direction, RecordedEvent } from '../event-store.port';
import type { SealedEvent } from '../shared/append-rules';

/**
 * Mapping between the port and @eventstore/db-client. EventStoreDB keeps id, type, stream, revision and
 * data itself; the hash chain's fields (recordedAt, prevHash, hash) travel in the event metadata under one
 * reserved key, next to the caller's own metadata.
 */
export const INTEGRITY_KEY = 'gongkai:integrity';

interface IntegrityFields {
  recordedAt: string;
  prevHash: string;
  hash: string;
}

export function assertNoReservedMetadata(
  metadata: Record<string, unknown> | undefined,
  eventId: string,
): void {
  if (metadata && INTEGRITY_KEY in metadata) {
    throw new InvalidEvent(`event ${eventId}: metadata key ${INTEGRITY_KEY} is reserved for the hash chain`);
  }
}

export function toEventData(event: SealedEvent): ReturnType<typeof jsonEvent> {
  const integrity: IntegrityFields = {
    recordedAt: event.recordedAt,
    prevHash: event.prevHash,
    hash: event.hash,
  };
  return jsonEvent({
    id: event.id,
    type: event.type,
    // Any JSON value is sent as its JSON text; the client's type only names the usual shapes.
    data: event.data as JSONType,
    metadata: { ...event.metadata, [INTEGRITY_KEY]: integrity },
  });
}

/**
 * A `$all` position at the port's edge: the commit position as a number. For events written outside explicit
 * transactions (the only kind gRPC can write) the server reports commit = prepare = the event record's log
 * position (AllReader.cs, `new TFPos(prepare.LogPosition, prepare.LogPosition)`), so the commit position alone
 * orders and identifies events. Numbers are exact below 2^53 bytes of log; beyond, or for the server's
 * "no position" value (2^64 - 1, sent by stream reads on servers before 22.6), this refuses to round.
 */
export function positionNumber(position: Position | undefined): number {
  const commit = position?.commit;
  if (commit === undefined || commit < 0n || commit > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new RangeError(
      `EventStoreDB reported no usable $all position (${String(commit)}): gongkai needs EventStoreDB 22.6 or ` +
        'later (positions on stream reads) and a log below 2^53 bytes',
    );
  }
  return Number(commit);
}

export const toPosition = (n: number): Position => ({ commit: BigInt(n), prepare: BigInt(n) });

export function readRevision(from: number | 'start' | 'end' | undefined, direction: Direction): ReadRevision {
  if (from === 'start') return START;
  if (from === 'end') return END;
  if (from === undefined) return direction === 'forwards' ? START : END;
  return BigInt(from);
}

/** Whether a resolved event carries gongkai's chain fields: events of other writers are not part of the port. */
export function isGongkaiEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): boolean {
  const event = resolved.event;
  return !!event && event.isJson && isObject(event.metadata) && isIntegrity(event.metadata[INTEGRITY_KEY]);
}

/** Events of system streams and system event types are not part of the port's `$all`. */
export function isSystemEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): boolean {
  const event = resolved.event;
  return !event || event.streamId.startsWith('$') || event.type.startsWith('$');
}

/** Decodes a resolved event; one that lacks the chain fields or JSON content is a CorruptEvent. */
export function toRecordedEvent(resolved: ResolvedEvent | AllStreamResolvedEvent): RecordedEvent {
  const event = resolved.event!;
  const revision = Number(event.revision);
  const position = positionNumber(
    event.position ??
      (resolved.commitPosition !== undefined
        ? { commit: resolved.commitPosition, prepare: resolved.commitPosition }
        : undefined),
  );
  const metadata = event.isJson && isObject(event.metadata) ? { ...event.metadata } : undefined;
  const integrity = metadata?.[INTEGRITY_KEY];
  if (!event.isJson || !metadata || !isIntegrity(integrity)) {
    throw new CorruptEvent(
      event.streamId,
      revision,
      position,
      new Error('not a JSON event with gongkai chain fields'),
    );
  }
  delete metadata[INTEGRITY_KEY];
  return {
    id: event.id,
    type: event.type,
    streamId: event.streamId,
    revision,
    position,
    data: event.data,
    metadata,
    recordedAt: integrity.recordedAt,
    prevHash: integrity.prevHash,
    hash: integrity.hash,
  };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return (
    value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Uint8Array)
  );
}

function isIntegrity(value: unknown): value is IntegrityFields {
  return (
    isObject(value) &&
    typeof value.recordedAt === 'string' &&
    typeof value.prevHash === 'string' &&
    typeof value.hash === 'string'
  );
}
