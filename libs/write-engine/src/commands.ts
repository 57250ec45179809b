import {
  creditStreamId,
  disclosureStreamId,
  isDisclosureEventType,
  isCreditEventType,
  isEventType,
  isTransactionEventType,
  streamIdFor,
  transactionStreamId,
  type DomainEvent,
} from '@gongkai/domain';
import { envelopeShapeSchema, envelopeToDomainEvent, fieldErrors, type EventEnvelope } from './envelope';
import { notAttempted, type AppendOutcome, type Refusal } from './outcome';
import type { WriteEngine } from './write-engine';

/** Why this writer may not write this event, or undefined when it may (the host's authorisation). */
export type Authorize = (event: DomainEvent) => string | undefined;

/** The stream a single write addresses (the path of `POST /v1/transactions/{id}/events`, for instance). */
export type AppendTarget = { transactionId: string } | { creditCode: string } | { disclosureId: string };

export interface AppendEnvelopeRequest {
  target: AppendTarget;
  /** The event as a publisher sends it (already checked against `envelopeShapeSchema`). */
  envelope: EventEnvelope;
  authorize: Authorize;
  expectedRevision?: number;
  /** Where the envelope sits in what the writer sent, for field pointers (`/body` over HTTP). */
  pointer?: string;
}

/**
 * One event for one named stream: validated (every failing field named), checked to belong to that stream
 * and to the writer's scope, then read-decide-appended.
 */
export async function appendEnvelope(
  engine: WriteEngine,
  request: AppendEnvelopeRequest,
): Promise<AppendOutcome> {
  const pointer = request.pointer ?? '';
  const parsed = envelopeToDomainEvent(request.envelope, pointer);
  if (!parsed.ok) {
    return {
      kind: 'invalid',
      message: 'The event does not match the schema of its type',
      errors: parsed.errors,
    };
  }
  const { event } = parsed;
  const misplaced = misplacement(event, request.target, pointer);
  if (misplaced) return misplaced;
  const refusal = request.authorize(event);
  if (refusal) return { kind: 'forbidden', message: refusal };
  const [outcome] = await engine.append(streamIdFor(event), [event], {
    expectedRevision: request.expectedRevision,
  });
  if (!outcome) throw new Error('the write engine answered no outcome');
  return outcome;
}

/** Why the event does not belong in the target stream, or undefined when it does. */
function misplacement(event: DomainEvent, target: AppendTarget, pointer: string): Refusal | undefined {
  if ('disclosureId' in target) {
    if (!isDisclosureEventType(event.type)) {
      return { kind: 'wrong-stream', message: `${event.type} is not a disclosure outside a transaction` };
    }
    const streamId = disclosureStreamId(target.disclosureId);
    if (streamIdFor(event) === streamId) return undefined;
    return {
      kind: 'invalid',
      message: 'The event is about another disclosure than the one in the path',
      errors: [
        {
          field: `${pointer}/data/disclosureId`,
          message: `names ${streamIdFor(event)}, the path names ${streamId}`,
        },
      ],
    };
  }
  if ('transactionId' in target) {
    if (!isTransactionEventType(event.type)) {
      return {
        kind: 'wrong-stream',
        message: isDisclosureEventType(event.type)
          ? `${event.type} belongs in the disclosure's own stream; it links to transactions, it is not written into them`
          : `${event.type} belongs in the credit stream of its subject, not in a transaction`,
      };
    }
    const streamId = transactionStreamId(target.transactionId);
    if (streamIdFor(event) === streamId) return undefined;
    return {
      kind: 'invalid',
      message: 'The event belongs to another transaction than the one in the path',
      errors: [
        { field: `${pointer}/data`, message: `names ${streamIdFor(event)}, the path names ${streamId}` },
      ],
    };
  }
  if (!isCreditEventType(event.type)) {
    return { kind: 'wrong-stream', message: `${event.type} belongs in a transaction stream` };
  }
  const streamId = creditStreamId(target.creditCode);
  if (streamIdFor(event) === streamId) return undefined;
  return {
    kind: 'invalid',
    message: 'The event is about another subject than the one in the path',
    errors: [
      {
        field: `${pointer}/data/subject/creditCode`,
        message: `names ${streamIdFor(event)}, the path names ${streamId}`,
      },
    ],
  };
}

export interface BatchItemOutcome {
  index: number;
  /** The item's event id, once it is known to be one. */
  eventId?: string;
  outcome: AppendOutcome;
}

export interface AppendBatchOptions {
  authorize: Authorize;
  /** Where item `index` sits in what the writer sent, for field pointers (`/body/events/3` over HTTP). */
  pointer?: (index: number) => string;
}

/** The stream an item names, as far as its raw type and data tell; undefined when they do not. */
function streamOfRaw(item: unknown): string | undefined {
  const { type, data } = (item ?? {}) as { type?: unknown; data?: unknown };
  if (!isEventType(type) || data === null || typeof data !== 'object') return undefined;
  try {
    return streamIdFor({ type, data });
  } catch {
    return undefined;
  }
}

/**
 * Events for any number of streams, each routed to its stream by its data. Each item is validated on its
 * own; the valid ones are grouped by stream (keeping their order) and the groups appended side by side. A
 * refused or invalid item stops the later items of its own stream only.
 */
export async function appendBatch(
  engine: WriteEngine,
  items: readonly unknown[],
  options: AppendBatchOptions,
): Promise<BatchItemOutcome[]> {
  const pointerOf = options.pointer ?? ((index: number) => `/${index}`);
  const results: BatchItemOutcome[] = [];
  const streams = new Map<string, { index: number; event: DomainEvent }[]>();
  // Streams with a failed item so far: order matters within a stream, so what follows it is not attempted.
  const failedStreams = new Set<string>();
  const fail = (index: number, outcome: Refusal, streamId: string | undefined, eventId?: string) => {
    results[index] = { index, eventId, outcome };
    if (streamId) failedStreams.add(streamId);
  };
  items.forEach((item, index) => {
    const prefix = pointerOf(index);
    const envelope = envelopeShapeSchema.safeParse(item);
    if (!envelope.success) {
      const errors = fieldErrors(envelope.error.issues, prefix.slice(1));
      fail(
        index,
        { kind: 'invalid', message: 'The item does not match the schema', errors },
        streamOfRaw(item),
      );
      return;
    }
    const streamId = streamOfRaw(envelope.data);
    if (streamId && failedStreams.has(streamId)) {
      fail(index, notAttempted(envelope.data.id), streamId, envelope.data.id);
      return;
    }
    const parsed = envelopeToDomainEvent(envelope.data, prefix);
    if (!parsed.ok) {
      const message = 'The event does not match the schema of its type';
      fail(index, { kind: 'invalid', message, errors: parsed.errors }, streamId, envelope.data.id);
      return;
    }
    const refusal = options.authorize(parsed.event);
    if (refusal) {
      fail(index, { kind: 'forbidden', message: refusal }, streamIdFor(parsed.event), parsed.event.id);
      return;
    }
    const eventStream = streamIdFor(parsed.event);
    if (failedStreams.has(eventStream)) {
      fail(index, notAttempted(parsed.event.id), eventStream, parsed.event.id);
      return;
    }
    const group = streams.get(eventStream) ?? [];
    group.push({ index, event: parsed.event });
    streams.set(eventStream, group);
  });

  await Promise.all(
    [...streams].map(async ([streamId, group]) => {
      const outcomes = await engine
        .append(
          streamId,
          group.map((item) => item.event),
        )
        .catch((error: unknown): AppendOutcome[] => {
          // A stream that cannot be appended to (e.g. a damaged stored event) fails its own items only.
          const outcome: Refusal = { kind: 'failed', message: String(error), error };
          return group.map(() => outcome);
        });
      outcomes.forEach((outcome, i) => {
        const { index, event } = group[i]!;
        results[index] = { index, eventId: event.id, outcome };
      });
    }),
  );
  return results;
}
