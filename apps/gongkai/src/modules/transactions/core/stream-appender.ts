import { Inject, Injectable, Optional } from '@nestjs/common';
import {
  checkPublicationTime,
  type DecideContext,
  type DomainEvent,
  type Rejection,
} from '@gongkai/domain';
import {
  DuplicateEventId,
  WrongExpectedVersion,
  canonicalJson,
  type Clock,
  type EventStore,
  type RecordedEvent,
} from '@gongkai/event-store';
import type { ServiceConfig } from '../../../platform/config/config.schema';
import type { ServiceMetrics } from '../../../platform/metrics/service-metrics';
import { Problem } from '../../../platform/http/problem';
import type { CalendarRegistry } from '../../supervision/core/calendar-registry';
import { CALENDAR, CLOCK, CONFIG, EVENT_STORE, METRICS } from '../../../platform/di-symbols';
import { blacklistContext } from './blacklist-context';
import { BlacklistIndex } from './blacklist-index';
import { findingsOf, fromRecordedEvent, toStoredEvent } from './event-codec';
import { rejectionProblemType } from './rejection-status';
import { rulesFor, type StreamRules } from './stream-rules';
import { StreamStateCache } from './stream-state-cache';
import { readStreamOrEmpty } from './transaction-reader';

/** What a publisher learns about an accepted event. */
export interface AppendedEvent {
  eventId: string;
  type: string;
  streamId: string;
  revision: number;
  position: number;
  hash: string;
  recordedAt: string;
  findings: unknown[];
}

export type AppendOutcome =
  { ok: true; status: 201; replayed: boolean; result: AppendedEvent } | { ok: false; problem: Problem };

export interface AppendOptions {
  /** The revision the publisher saw (If-Match); a different current revision answers 412. */
  expectedRevision?: number;
  /** Without an expected revision, how often to re-decide after losing a race to another writer. */
  retries?: number;
}

function appended(recorded: RecordedEvent): AppendedEvent {
  return {
    eventId: recorded.id,
    type: recorded.type,
    streamId: recorded.streamId,
    revision: recorded.revision,
    position: recorded.position,
    hash: recorded.hash,
    recordedAt: recorded.recordedAt,
    findings: findingsOf(recorded),
  };
}

/** The part of an event a retry must repeat exactly to count as the same event. */
function identity(event: DomainEvent): string {
  const { recordedAt: _recordedAt, findings: _findings, ...metadata } = event.metadata;
  return canonicalJson({ type: event.type, data: event.data, metadata });
}

/** An event the decider accepted, with its place in the request and its findings. */
interface Accepted {
  index: number;
  event: DomainEvent;
  findings: unknown[];
  provisionalYears: number[];
}

const skipped = (eventId: string) =>
  new Problem('rule-conflict', `Not attempted: an earlier event of the same stream in this request failed`, {
    eventId,
    code: 'PRECEDING_EVENT_FAILED',
  });

/**
 * Appends events to one stream in order: the generic "read, decide, append with the revision read" loop.
 * A retried event id answers its original result; the first refused event stops the rest of the stream
 * (their order matters), and nothing of a refused event is stored.
 */
@Injectable()
export class StreamAppender {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(METRICS) private readonly metrics: ServiceMetrics,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(CONFIG) private readonly config: Pick<ServiceConfig, 'publicationTolerances'>,
    @Optional() @Inject(CALENDAR) private readonly calendar?: CalendarRegistry,
  ) {
    this.blacklist = new BlacklistIndex(store);
  }

  /** The listings the decider checks parties against (the one blacklist source, see BlacklistIndex). */
  private readonly blacklist: BlacklistIndex;

  /** Decider states of recently appended streams (see StreamStateCache for why it is never stale). */
  private readonly states = new StreamStateCache();

  async append(
    streamId: string,
    events: readonly DomainEvent[],
    options: AppendOptions = {},
  ): Promise<AppendOutcome[]> {
    const retries = options.expectedRevision === undefined ? (options.retries ?? 5) : 0;
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.attempt(streamId, events, options.expectedRevision);
      } catch (error) {
        if (!(error instanceof WrongExpectedVersion)) throw error;
        if (attempt < retries) continue;
        this.metrics.appendsRejected.inc({ reason: 'revision-mismatch' });
        const actual = error.actual === 'no_stream' ? -1 : error.actual;
        const problem = new Problem(
          'revision-mismatch',
          `Another event was appended first; the stream is now at revision ${actual}`,
          {
            expectedRevision: options.expectedRevision ?? error.expected,
            actualRevision: actual,
          },
        );
        return events.map(() => ({ ok: false, problem }));
      }
    }
  }

  private async attempt(
    streamId: string,
    events: readonly DomainEvent[],
    expectedRevision: number | undefined,
  ): Promise<AppendOutcome[]> {
    const rules = rulesFor(streamId);
    if (!rules) throw new Problem('not-found', `${streamId} is not a stream events can be published to`);
    const { current, stored, eventIds, state: before } = await this.currentState(streamId, rules, events);
    // A retry of events already stored answers their original result, whatever revision the retry expected.
    const allStored = events.every((event) => stored.has(event.id));
    if (expectedRevision !== undefined && expectedRevision !== current && !allStored) {
      this.metrics.appendsRejected.inc({ reason: 'revision-mismatch' });
      const problem = new Problem(
        'revision-mismatch',
        `Expected revision ${expectedRevision}, the stream is at ${current}`,
        {
          expectedRevision,
          actualRevision: current,
        },
      );
      return events.map(() => ({ ok: false, problem }));
    }
    let state = before;
    // The recording time the claimed publication times are held against (the store stamps with this clock).
    const now = this.clock.now().toISOString();

    const context: DecideContext = {
      ...(await blacklistContext(this.blacklist, events)),
      // The calendar in force now, loaded years included: deadlines are decided on it.
      ...(this.calendar ? { calendar: this.calendar.current } : {}),
    };
    const outcomes: (AppendOutcome | undefined)[] = [];
    const accepted: Accepted[] = [];
    const acceptedIds = new Set<string>();
    let failed = false;
    for (const [index, event] of events.entries()) {
      if (failed) {
        outcomes[index] = { ok: false, problem: skipped(event.id) };
        continue;
      }
      const verdict = this.judge(event, state, { rules, context, stored, acceptedIds, now });
      if ('outcome' in verdict) {
        outcomes[index] = verdict.outcome;
        // Order matters within a stream: after a refusal, later events of this request are not attempted.
        failed = !verdict.outcome.ok;
        continue;
      }
      state = verdict.state;
      for (const next of verdict.events) {
        accepted.push({
          index,
          event: next,
          findings: verdict.findings,
          provisionalYears: verdict.provisionalYears,
        });
        acceptedIds.add(next.id);
      }
    }
    if (accepted.length > 0) await this.write(streamId, current, accepted, outcomes, state, eventIds);
    return outcomes.map((outcome, index) => outcome ?? { ok: false, problem: skipped(events[index]!.id) });
  }

  /**
   * The stream's revision and decider state before these events. Usually from the state cache, checked
   * against the store's current revision; the stream is read and replayed when the cache has no snapshot of
   * that revision, or when an event id may already be stored (a retry needs the stored original).
   */
  private async currentState(
    streamId: string,
    rules: StreamRules,
    events: readonly DomainEvent[],
  ): Promise<{
    current: number;
    stored: Map<string, RecordedEvent>;
    eventIds: ReadonlySet<string>;
    state: unknown;
  }> {
    const revision = (await this.store.streamRevision(streamId)) ?? -1;
    const snapshot =
      revision === -1
        ? { revision, state: rules.initial(), eventIds: new Set<string>() }
        : this.states.at(streamId, revision);
    if (snapshot && !events.some((event) => snapshot.eventIds.has(event.id))) {
      return { current: revision, stored: new Map(), eventIds: snapshot.eventIds, state: snapshot.state };
    }
    const recorded = await readStreamOrEmpty(this.store, streamId);
    const current = recorded.length === 0 ? -1 : recorded[recorded.length - 1]!.revision;
    let state = rules.initial();
    for (const event of recorded) state = rules.evolve(state, fromRecordedEvent(event));
    const eventIds = new Set(recorded.map((event) => event.id));
    if (current >= 0) this.states.remember(streamId, { revision: current, state, eventIds });
    return { current, stored: new Map(recorded.map((event) => [event.id, event])), eventIds, state };
  }

  /** One event against the state so far: an answer already known (replay, refusal), or events to append. */
  private judge(
    event: DomainEvent,
    state: unknown,
    scope: {
      rules: StreamRules;
      context: DecideContext;
      stored: Map<string, RecordedEvent>;
      acceptedIds: Set<string>;
      now: string;
    },
  ):
    | { outcome: AppendOutcome }
    | { events: DomainEvent[]; findings: unknown[]; provisionalYears: number[]; state: unknown } {
    const original = scope.stored.get(event.id);
    if (original) {
      if (identity(fromRecordedEvent(original)) === identity(event)) {
        return { outcome: { ok: true, status: 201, replayed: true, result: appended(original) } };
      }
      return {
        outcome: {
          ok: false,
          problem: new Problem(
            'idempotency-conflict',
            `Event ${event.id} was already appended with other content`,
            {
              eventId: event.id,
            },
          ),
        },
      };
    }
    if (scope.acceptedIds.has(event.id)) {
      return {
        outcome: {
          ok: false,
          problem: new Problem('idempotency-conflict', `Event id ${event.id} appears twice in this request`, {
            eventId: event.id,
          }),
        },
      };
    }
    const decision = scope.rules.decide(event, state, scope.context);
    if (!decision.ok) return { outcome: this.refused(decision.rejection) };
    const time = checkPublicationTime(
      event.metadata.publishedAt,
      scope.now,
      this.config.publicationTolerances,
      this.calendar?.current,
    );
    if (!time.ok) return { outcome: this.refused(time.rejection) };
    const next = decision.events.reduce((acc, e) => scope.rules.evolve(acc, e), state);
    // Imported history was published long before it is recorded here: not a late recording (补录).
    const recordingFindings = event.metadata.imported ? [] : time.findings;
    return {
      events: decision.events,
      findings: [...decision.findings, ...recordingFindings],
      provisionalYears: decision.timing.provisionalYears,
      state: next,
    };
  }

  private refused(rejection: Rejection): AppendOutcome {
    this.metrics.appendsRejected.inc({ reason: rejection.code });
    return {
      ok: false,
      problem: new Problem(rejectionProblemType(rejection.code), rejection.message, {
        code: rejection.code,
        detailZh: rejection.messageZh,
        ...(rejection.details ? { details: rejection.details } : {}),
      }),
    };
  }

  private async write(
    streamId: string,
    current: number,
    accepted: Accepted[],
    outcomes: (AppendOutcome | undefined)[],
    state: unknown,
    eventIdsBefore: ReadonlySet<string>,
  ): Promise<void> {
    let result;
    try {
      result = await this.store.append(
        streamId,
        accepted.map(({ event, findings, provisionalYears }) =>
          toStoredEvent(event, findings, provisionalYears),
        ),
        { expectedRevision: current === -1 ? 'no_stream' : current },
      );
    } catch (error) {
      if (!(error instanceof DuplicateEventId)) throw error;
      // The id was used in another stream: none of this group was written.
      for (const { index, event } of accepted) {
        outcomes[index] = {
          ok: false,
          problem: new Problem(
            'idempotency-conflict',
            `Event id ${event.id} is already used: ${error.reason}`,
            { eventId: event.id },
          ),
        };
      }
      return;
    }
    result.events.forEach((recorded, i) => {
      const { index } = accepted[i]!;
      outcomes[index] = { ok: true, status: 201, replayed: false, result: appended(recorded) };
      this.metrics.eventsAppended.inc({ type: recorded.type });
      for (const finding of findingsOf(recorded)) {
        this.metrics.findings.inc({ code: String((finding as { code?: unknown }).code ?? 'unknown') });
      }
    });
    const last = result.events[result.events.length - 1];
    if (last) {
      const eventIds = new Set(eventIdsBefore);
      for (const recorded of result.events) eventIds.add(recorded.id);
      this.states.remember(streamId, { revision: last.revision, state, eventIds });
    }
  }
}
