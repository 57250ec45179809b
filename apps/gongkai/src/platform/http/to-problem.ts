import { HttpException } from '@nestjs/common';
import { CalendarNotCovered, InvalidCalendarDate } from '@gongkai/domain';
import {
  AppendTooLarge,
  CorruptEvent,
  DuplicateEventId,
  StoreUnavailable,
  StreamDeleted,
  InvalidEvent,
  StreamNotFound,
  UnknownPosition,
  WrongExpectedVersion,
} from '@gongkai/event-store';
import { InvalidCursor, TransactionNotFound } from '@gongkai/projections';
import { StoredEventUnreadable } from '@gongkai/write-engine';
import { Problem, validationProblem, type ProblemType } from './problem';

/** Fastify and plugin errors carry a status code and an `FST_*` code. */
interface StatusError {
  statusCode: number;
  code?: string;
  message: string;
}

function isStatusError(error: unknown): error is StatusError {
  return error instanceof Error && typeof (error as Partial<StatusError>).statusCode === 'number';
}

const STATUS_TO_TYPE: Record<number, ProblemType> = {
  400: 'malformed-request',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not-found',
  413: 'body-too-large',
  414: 'uri-too-long',
  415: 'unsupported-media-type',
  429: 'rate-limited',
  503: 'unavailable',
};

/**
 * Maps every error the service knows to a problem. Anything unknown becomes a 500 (and is logged by the
 * caller): a 5xx is a bug to fix, never an answer to bad input.
 */
export function toProblem(error: unknown): { problem: Problem; known: boolean } {
  if (error instanceof Problem) return { problem: error, known: true };
  if (error instanceof WrongExpectedVersion) {
    return {
      problem: new Problem('revision-mismatch', error.message, {
        expectedRevision: error.expected,
        actualRevision: error.actual === 'no_stream' ? -1 : error.actual,
      }),
      known: true,
    };
  }
  if (error instanceof StreamNotFound) {
    return {
      problem: new Problem('not-found', `Transaction stream ${error.streamId} does not exist`),
      known: true,
    };
  }
  if (error instanceof DuplicateEventId) {
    return {
      problem: new Problem('idempotency-conflict', error.message, { eventId: error.eventId }),
      known: true,
    };
  }
  if (error instanceof TransactionNotFound) {
    return {
      problem: new Problem('not-found', error.message, { transactionId: error.transactionId }),
      known: true,
    };
  }
  if (error instanceof InvalidCursor) {
    return {
      problem: validationProblem(error.message, [{ field: '/query/cursor', message: 'unknown cursor' }]),
      known: true,
    };
  }
  if (error instanceof InvalidEvent)
    return { problem: new Problem('malformed-request', error.message), known: true };
  // The event store's own limit per append (EventStoreDB MaxAppendSize), checked before anything is sent.
  if (error instanceof AppendTooLarge) {
    return {
      problem: new Problem('body-too-large', error.message, { maxAppendBytes: error.maxBytes }),
      known: true,
    };
  }
  if (error instanceof StreamDeleted)
    return { problem: new Problem('not-found', error.message), known: true };
  if (error instanceof StoreUnavailable)
    return { problem: new Problem('unavailable', error.message, { reason: error.reason }), known: true };
  if (error instanceof UnknownPosition)
    return { problem: new Problem('not-found', error.message), known: true };
  if (error instanceof InvalidCalendarDate) {
    return { problem: new Problem('malformed-request', error.message), known: true };
  }
  if (error instanceof CalendarNotCovered) {
    return { problem: new Problem('unprocessable-date', error.message, { year: error.year }), known: true };
  }
  if (error instanceof CorruptEvent || error instanceof StoredEventUnreadable) {
    // Not the caller's fault: the stored bytes were damaged. Known, so answered plainly, and the operator is
    // pointed at the verification that locates the damage.
    return {
      problem: new Problem(
        'stored-event-unreadable',
        `${error.message}; GET /v1/transactions/{id}/verify locates the damage`,
        {
          streamId: error.streamId,
          revision: error.revision,
          position: error.position,
        },
      ),
      known: true,
    };
  }
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const type = STATUS_TO_TYPE[status];
    if (type) return { problem: new Problem(type, error.message), known: true };
  }
  if (isStatusError(error) && error.statusCode < 500) {
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return { problem: new Problem('unsupported-media-type', error.message), known: true };
    }
    const type = STATUS_TO_TYPE[error.statusCode] ?? 'malformed-request';
    return { problem: new Problem(type, error.message), known: true };
  }
  return {
    problem: new Problem('internal-error', 'An unexpected error occurred; it has been logged.'),
    known: false,
  };
}
