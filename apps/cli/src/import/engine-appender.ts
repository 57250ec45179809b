import type { DomainEvent } from '@gongkai/domain';
import type { ImportAppender, ImportOutcome } from './import-appender';

/**
 * What the import needs of the service's stream appender (the API's read-decide-append loop), structurally:
 * the CLI may not import apps/gongkai, so the host passes it in (the write engine library replaces it).
 */
export interface StreamAppending {
  append(
    streamId: string,
    events: readonly DomainEvent[],
  ): Promise<
    (
      | { ok: true; replayed: boolean }
      | { ok: false; problem: { detail: string; extensions: Record<string, unknown> } }
    )[]
  >;
}

/**
 * The import port over the stream appender, so imported events meet the same ownership and lifecycle rules
 * and the same idempotency by event id as the API's.
 */
export function engineAppender(appender: StreamAppending): ImportAppender {
  return {
    async appendBatch(streamId, events, { dryRun }): Promise<ImportOutcome[]> {
      if (dryRun) return events.map(() => ({ ok: true, replayed: false }));
      const outcomes = await appender.append(streamId, events);
      return outcomes.map((outcome) =>
        outcome.ok
          ? { ok: true, replayed: outcome.replayed }
          : {
              ok: false,
              reason: outcome.problem.detail,
              code:
                typeof outcome.problem.extensions.code === 'string'
                  ? outcome.problem.extensions.code
                  : undefined,
            },
      );
    },
  };
}
