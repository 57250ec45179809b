import {
  AccessDeniedError,
  CancelledError,
  DeadlineExceededError,
  MaxAppendSizeExceededError,
  NotLeaderError,
  StreamDeletedError,
  StreamNotFoundError,
  UnavailableError,
  WrongExpectedVersionError,
} from '@eventstore/db-client';
import { AppendTooLarge, EventStoreError, StoreUnavailable, StreamDeleted, StreamNotFound } from '../errors';

/**
 * Client errors as the port's errors, so callers (and the HTTP layer) see one vocabulary on both adapters.
 * WrongExpectedVersionError is not mapped here: the adapter retries it, then reports contention.
 */
export function mapClientError(error: unknown, streamId?: string): unknown {
  if (error instanceof EventStoreError) return error;
  if (error instanceof StreamNotFoundError && streamId !== undefined) return new StreamNotFound(streamId);
  if (error instanceof StreamDeletedError) return new StreamDeleted(streamId ?? error.streamName);
  if (error instanceof MaxAppendSizeExceededError) {
    return new AppendTooLarge(streamId ?? '(unknown)', Number.NaN, error.maxAppendSize);
  }
  if (error instanceof NotLeaderError) {
    return new StoreUnavailable('not-leader', 'EventStoreDB: the node is not the leader', error);
  }
  if (error instanceof AccessDeniedError) {
    return new StoreUnavailable(
      'access-denied',
      'EventStoreDB refused the credentials (reading $all needs a user in $admins)',
      error,
    );
  }
  if (
    error instanceof UnavailableError ||
    error instanceof CancelledError ||
    error instanceof DeadlineExceededError
  ) {
    return new StoreUnavailable('unreachable', `EventStoreDB is unreachable: ${error.message}`, error);
  }
  if (error instanceof WrongExpectedVersionError) {
    return new StoreUnavailable('contention', `EventStoreDB: ${error.message}`, error);
  }
  return error;
}

/** Errors after which the same request may succeed: the client has reconnected (to the leader) meanwhile. */
export function isTransient(error: unknown): boolean {
  return (
    error instanceof NotLeaderError ||
    error instanceof UnavailableError ||
    error instanceof CancelledError ||
    error instanceof DeadlineExceededError
  );
}
