import { parseStreamId, transactionStreamId } from '@gongkai/domain';
import { StreamNotFound, type EventStore, type RecordedEvent } from '@gongkai/event-store';
import { CliError } from '../cli-error';
import { fromRecordedEvent, transactionView, type TransactionView } from '../service';

export interface ReplayOptions {
  /** Only events the store had recorded by this instant. */
  asOf?: string;
  /** Unredacted events (what a supervisor sees); the public view otherwise. */
  full?: boolean;
}

export type ReplayedTransaction = TransactionView;

/** Accepts `3206022026A000127001` as well as its stream id `txn-3206022026A000127001`. */
export function transactionIdFromArgument(argument: string): string {
  const parsed = parseStreamId(argument);
  return parsed?.kind === 'transaction' ? parsed.transactionId : argument;
}

/**
 * Reads a transaction's stream and folds it exactly as the service's `GET /v1/transactions/{id}` does (the
 * same `transactionView`: codec with upcasting, redaction, cut-off on `recordedAt` for as-of).
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
  const trail = { transactionId, streamId, recorded, events: recorded.map(fromRecordedEvent) };
  const view = transactionView(trail, { asOf: options.asOf, full: options.full ?? false });
  if (!view) {
    throw new CliError(
      `Transaction ${transactionId} had no event recorded by ${options.asOf}; its first was recorded at ${recorded[0]?.recordedAt}.`,
    );
  }
  return view;
}
