import type { ExpectedRevision } from './event-store.port';

/** Base class of every error the store raises on purpose; `code` is stable for callers and HTTP mapping. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
}

export class WrongExpectedVersion extends EventStoreError {
  readonly code = 'WRONG_EXPECTED_VERSION';
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** Revision of the stream's last event, or 'no_stream'. */
    readonly actual: number | 'no_stream',
  ) {
    super(`Stream ${streamId}: expected revision ${String(expected)}, actual ${String(actual)}`);
    this.name = 'WrongExpectedVersion';
  }
}

export class StreamNotFound extends EventStoreError {
  readonly code = 'STREAM_NOT_FOUND';
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} does not exist`);
    this.name = 'StreamNotFound';
  }
}

/** The same event id was appended before with different content (or to another stream). */
export class DuplicateEventId extends EventStoreError {
  readonly code = 'DUPLICATE_EVENT_ID';
  constructor(
    readonly eventId: string,
    readonly reason: string,
  ) {
    super(`Event id ${eventId} already used: ${reason}`);
    this.name = 'DuplicateEventId';
  }
}

export class InvalidEvent extends EventStoreError {
  readonly code = 'INVALID_EVENT';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEvent';
  }
}

/** A stored event can no longer be decoded (its bytes were altered or damaged). */
export class CorruptEvent extends EventStoreError {
  readonly code = 'CORRUPT_EVENT';
  constructor(
    readonly streamId: string,
    readonly revision: number,
    readonly position: number,
    cause?: unknown,
  ) {
    super(`Event at ${streamId}@${revision} (position ${position}) cannot be decoded`, { cause });
    this.name = 'CorruptEvent';
  }
}

export class StoreClosed extends EventStoreError {
  readonly code = 'STORE_CLOSED';
  constructor() {
    super('The event store is closed');
    this.name = 'StoreClosed';
  }
}

/** The append is larger than the store accepts in one append (EventStoreDB's MaxAppendSize); nothing was sent. */
export class AppendTooLarge extends EventStoreError {
  readonly code = 'APPEND_TOO_LARGE';
  constructor(
    readonly streamId: string,
    readonly bytes: number,
    readonly maxBytes: number,
  ) {
    super(`Append to ${streamId} is ${bytes} bytes, above the store's limit of ${maxBytes} bytes per append`);
    this.name = 'AppendTooLarge';
  }
}

/** The stream was deleted on the server (EventStoreDB tombstone); gongkai never deletes, so someone else did. */
export class StreamDeleted extends EventStoreError {
  readonly code = 'STREAM_DELETED';
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} was deleted in the event store`);
    this.name = 'StreamDeleted';
  }
}

/**
 * The store cannot serve the request now (no leader, unreachable, refused the credentials, gave up after
 * retries); `reason` says which. A retry later may succeed; the request had no effect unless `reason` says so.
 */
export class StoreUnavailable extends EventStoreError {
  readonly code = 'STORE_UNAVAILABLE';
  constructor(
    readonly reason: 'not-leader' | 'unreachable' | 'access-denied' | 'contention' | 'unknown',
    message: string,
    cause?: unknown,
  ) {
    super(message, { cause });
    this.name = 'StoreUnavailable';
  }
}
