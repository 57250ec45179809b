import type { DomainEvent } from '@gongkai/domain';
import type { StreamAppender } from '../service';
import type { ImportAppender, ImportOutcome } from './import-appender';

/**
 * The import port over the service's stream appender (the API's read-decide-append loop), so imported events
 * meet the same ownership and lifecycle rules and the same idempotency by event id.
 */
export function engineAppender(appender: Pick<StreamAppender, 'append'>): ImportAppender {
  return {
    async appendBatch(streamId, events: readonly DomainEvent[], { dryRun }): Promise<ImportOutcome[]> {
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
