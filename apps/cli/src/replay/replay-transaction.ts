import {
  evolve,
  initialTransactionState,
  parseStreamId,
  toPublicView,
  transactionStreamId,
  type DomainEvent,
  type TransactionState,
} from '@gongkai/domain';
import { StreamNotFound, type EventStore, type RecordedEvent } from '@gongkai/event-store';
import { CliError } from '../cli-error';
import { fromRecordedEvent } from '../service';

export interface ReplayOptions {
  /** Only events the store had recorded by this instant. */
  asOf?: string;
  /** Unredacted events (what a supervisor sees); the public view otherwise. */
  full?: boolean;
}

export interface ReplayedTransaction {
  transactionId: string;
  streamId: string;
  view: 'public' | 'full';
  /** Revision of the last event folded in. */
  revision: number;
  asOf?: string;
  eventCount: number;
  lastRecordedAt: string;
  state: TransactionState;
}

/** Accepts `3206022026A000127001` as well as its stream id `txn-3206022026A000127001`. */
export function transactionIdFromArgument(argument: string): string {
  const parsed = parseStreamId(argument);
  return parsed?.kind === 'transaction' ? parsed.transactionId : argument;
}

/**
 * Reads a transaction's stream and folds it with the domain's `evolve`, as the service's
 * `GET /v1/transactions/{id}` does: the same codec (upcasting), the same redaction, the same cut-off on
 * `recordedAt` for as-of.
 */
export async function replayTransactionFromStore(
  store: EventStore,
  transactionId: string,
  options: ReplayOptions = {},
): Promise<ReplayedTransaction> {
  const streamId = transactionStreamId(transactionId);
  let recorded: RecordedEvent[];
  try {
    recorded = await store.readStream(streamId);
  } catch (error) {
    if (error instanceof StreamNotFound)
      throw new CliError(`No transaction ${transactionId} (stream ${streamId}).`);
    throw error;
  }
  const cutoff = options.asOf === undefined ? Infinity : Date.parse(options.asOf);
  const included = recorded.filter((event) => Date.parse(event.recordedAt) <= cutoff);
  const last = included[included.length - 1];
  if (!last) {
    throw new CliError(
      `Transaction ${transactionId} had no event recorded by ${options.asOf}; its first was recorded at ${recorded[0]?.recordedAt}.`,
    );
  }
  const events: DomainEvent[] = included.map(fromRecordedEvent);
  const visible = options.full ? events : events.map(toPublicView);
  return {
    transactionId,
    streamId,
    view: options.full ? 'full' : 'public',
    revision: last.revision,
    ...(options.asOf !== undefined ? { asOf: options.asOf } : {}),
    eventCount: included.length,
    lastRecordedAt: last.recordedAt,
    state: visible.reduce(evolve, initialTransactionState()),
  };
}
