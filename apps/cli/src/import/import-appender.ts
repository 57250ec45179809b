import type { DomainEvent } from '@gongkai/domain';

/** What became of one event handed to the write engine. */
export type ImportOutcome = { ok: true; replayed: boolean } | { ok: false; reason: string; code?: string };

/**
 * The port `gongkai import` appends through: the service's write engine (read, decide, append with the
 * revision read), so imported events pass the same ownership and lifecycle rules as the API's. One call is
 * one transaction's events, appended in one store batch (all of them, or, when the rules refuse one, those
 * before it). `dryRun` decides without appending.
 */
export interface ImportAppender {
  appendBatch(
    streamId: string,
    events: readonly DomainEvent[],
    options: { dryRun: boolean },
  ): Promise<ImportOutcome[]>;
}
