import type { DomainEvent } from '@gongkai/domain';

/** What became of one event handed to the write engine. */
export type ImportOutcome = { ok: true; replayed: boolean } | { ok: false; reason: string; code?: string };

/** One transaction's events, in lifecycle order. */
export interface TransactionEvents {
  streamId: string;
  events: readonly DomainEvent[];
}

/**
 * The port `gongkai import` appends through: the service's write engine (read, decide, append with the
 * revision read), so imported events pass the same ownership and lifecycle rules as the API's. One call is a
 * batch of transactions decided then committed together (one store transaction); each transaction stands
 * alone: all of its events, or, when the rules refuse one, those before it. `dryRun` decides without
 * appending. One list of outcomes per transaction, in order.
 */
export interface ImportAppender {
  appendMany(
    transactions: readonly TransactionEvents[],
    options: { dryRun: boolean },
  ): Promise<ImportOutcome[][]>;
}
