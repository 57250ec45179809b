import type { AppendOutcome, WriteEngine } from '@gongkai/write-engine';
import type { ImportAppender, ImportOutcome } from './import-appender';

/** The stable code of a refusal, where it has one (a rule's code, or the engine's own for order and stream). */
function codeOf(outcome: Exclude<AppendOutcome, { kind: 'accepted' }>): string | undefined {
  if ('rejection' in outcome && outcome.rejection) return outcome.rejection.code;
  if (outcome.kind === 'not-attempted') return 'PRECEDING_EVENT_FAILED';
  if (outcome.kind === 'wrong-stream') return 'WRONG_STREAM';
  return undefined;
}

function importOutcome(outcome: AppendOutcome): ImportOutcome {
  return outcome.kind === 'accepted'
    ? { ok: true, replayed: outcome.replayed }
    : { ok: false, reason: outcome.message, code: codeOf(outcome) };
}

/**
 * The import port over the write engine (the API's read-decide-append), so imported events meet the same
 * ownership and lifecycle rules and the same idempotency by event id as the API's. A batch of transactions
 * is one `appendMany`: decided stream by stream, committed in one store transaction.
 */
export function engineAppender(engine: Pick<WriteEngine, 'appendMany'>): ImportAppender {
  return {
    async appendMany(transactions, { dryRun }): Promise<ImportOutcome[][]> {
      if (dryRun) return transactions.map(({ events }) => events.map(() => ({ ok: true, replayed: false })));
      const outcomes = await engine.appendMany(transactions);
      return outcomes.map((list) => list.map(importOutcome));
    },
  };
}
