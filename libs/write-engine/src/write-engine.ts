import {
  checkPublicationTime,
  type DecideContext,
  type DomainEvent,
  type PublicationTolerances,
  type Rejection,
  type StatutoryCalendar,
} from '@gongkai/domain';
import {
  DuplicateEventId,
  WrongExpectedVersion,
  canonicalJson,
  type AppendResult,
  type Clock,
  type EventData,
  type EventStore,
  type ExpectedRevision,
  type RecordedEvent,
} from '@gongkai/event-store';
import { indexedBlacklist, type BlacklistProvider } from './blacklist';
import { findingsOf, fromRecordedEvent, toStoredEvent } from './event-codec';
import { notAttempted, type AppendedEvent, type AppendOutcome, type Refusal } from './outcome';
import { readStreamOrEmpty } from './stream-reader';
import { rulesFor, type StreamRules } from './stream-rules';
import { StreamStateCache } from './stream-state-cache';

/** Counters a host may keep (the service exports them as Prometheus metrics). */
export interface WriteObserver {
  /** An event refused by a rule (`reason` is its code) or by a revision mismatch. */
  rejected?(reason: string): void;
  appended?(recorded: RecordedEvent): void;
}

export interface WriteEngineOptions {
  store: EventStore;
  /** The one clock the store stamps `recordedAt` with; claimed publication times are held against it. */
  clock: Clock;
  publicationTolerances: PublicationTolerances;
  /** The working-day calendar in force now (loaded years included); the bundled one when absent. */
  calendar?: { readonly current: StatutoryCalendar };
  /** Where the blacklist comes from; by default the one blacklist source, BlacklistIndex over the store. */
  blacklist?: BlacklistProvider;
  observer?: WriteObserver;
  /** How many streams' decider states to keep (see StreamStateCache). */
  stateCacheSize?: number;
}

/** One stream's events for `appendMany`, with the revision the writer saw, if any (as `append`'s options). */
export interface StreamEvents {
  streamId: string;
  events: readonly DomainEvent[];
  expectedRevision?: number;
}

export interface AppendOptions {
  /** The revision the writer saw (If-Match); a different current revision is a `revision-mismatch`. */
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

/**
 * Read, decide, append (after emmett's `handleCommand`): reads a stream's state (from a cache checked against
 * the store's revision), lets the stream's decider judge each event, and appends what it accepted with the
 * revision it read, re-deciding when another writer won the race. A retried event id answers its original
 * result; the first refused event stops the rest of the stream (order matters there). Every answer is a
 * typed `AppendOutcome`; nothing here knows HTTP.
 */
export class WriteEngine {
  private readonly store: EventStore;
  private readonly blacklist: BlacklistProvider;
  /** Decider states of recently appended streams (see StreamStateCache for why it is never stale). */
  private readonly states: StreamStateCache;

  constructor(private readonly options: WriteEngineOptions) {
    this.store = options.store;
    this.blacklist = options.blacklist ?? indexedBlacklist(options.store);
    this.states = new StreamStateCache(options.stateCacheSize);
  }

  /** Appends events to one stream in order; one outcome per event, in the same order. */
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
        return this.lostRace(error, events, options.expectedRevision);
      }
    }
  }

  /**
   * Events for many streams, decided then committed together: every stream is read and decided (one
   * blacklist read for all), and what was accepted is written in one `appendMany` of the store (one SQLite
   * transaction). Each stream stands alone, as with `append`: a refusal, a revision conflict or a failure of
   * one stream leaves the others as they would be, and nothing of a refused stream is written (its events
   * before a refused one are, as `append` writes them). A stream named twice is decided again after its first
   * part is written. One list of outcomes per request, in order.
   */
  async appendMany(
    requests: readonly StreamEvents[],
    options: { retries?: number } = {},
  ): Promise<AppendOutcome[][]> {
    const results: AppendOutcome[][] = [];
    const attempts = requests.map(() => 0);
    let pending = requests.map((_, index) => index);
    while (pending.length > 0) {
      // One part per stream in a round: a stream's later part is decided on what its earlier one wrote.
      const round: number[] = [];
      const later: number[] = [];
      const streams = new Set<string>();
      for (const index of pending) {
        const { streamId } = requests[index]!;
        if (streams.has(streamId)) {
          later.push(index);
        } else {
          streams.add(streamId);
          round.push(index);
        }
      }
      const retry = await this.appendRound(requests, round, results, (index, error) => {
        const request = requests[index]!;
        const retries = request.expectedRevision === undefined ? (options.retries ?? 5) : 0;
        if (attempts[index]!++ < retries) return true;
        results[index] = this.lostRace(error, request.events, request.expectedRevision);
        return false;
      });
      pending = [...retry, ...later].sort((a, b) => a - b);
    }
    return results;
  }

  /** Decides `round` (distinct streams) and writes it in one `appendMany`; answers the requests to retry. */
  private async appendRound(
    requests: readonly StreamEvents[],
    round: readonly number[],
    results: AppendOutcome[][],
    lostRace: (index: number, error: WrongExpectedVersion) => boolean,
  ): Promise<number[]> {
    const failed = (index: number, error: unknown) => {
      const outcome: Refusal = { kind: 'failed', message: String(error), error };
      results[index] = requests[index]!.events.map(() => outcome);
    };
    const blacklist = await this.blacklist(round.flatMap((index) => requests[index]!.events));
    const writes: { index: number; prepared: Prepared }[] = [];
    for (const index of round) {
      const { streamId, events, expectedRevision } = requests[index]!;
      try {
        const prepared = await this.prepare(streamId, events, expectedRevision, blacklist);
        if (Array.isArray(prepared)) results[index] = prepared;
        else if (prepared.accepted.length === 0) results[index] = finished(prepared);
        else writes.push({ index, prepared });
      } catch (error) {
        // A stream that cannot be read (e.g. a damaged stored event) fails its own request only.
        failed(index, error);
      }
    }
    if (writes.length === 0) return [];
    const written = await this.store.appendMany(
      writes.map(({ prepared }) => ({
        streamId: prepared.streamId,
        events: storedEvents(prepared),
        expectedRevision: revisionOf(prepared),
      })),
    );
    const retry: number[] = [];
    writes.forEach(({ index, prepared }, i) => {
      const outcome = written[i]!;
      if (outcome.ok) this.settle(prepared, outcome.result);
      else if (outcome.error instanceof DuplicateEventId) this.duplicate(prepared, outcome.error);
      else if (outcome.error instanceof WrongExpectedVersion) {
        if (lostRace(index, outcome.error)) retry.push(index);
        return;
      } else {
        failed(index, outcome.error);
        return;
      }
      results[index] = finished(prepared);
    });
    return retry;
  }

  /** The answer when another writer kept winning the race (or the writer expected a revision it lost). */
  private lostRace(
    error: WrongExpectedVersion,
    events: readonly DomainEvent[],
    expectedRevision: number | undefined,
  ): AppendOutcome[] {
    this.options.observer?.rejected?.('revision-mismatch');
    const actual = error.actual === 'no_stream' ? -1 : error.actual;
    const outcome: Refusal = {
      kind: 'revision-mismatch',
      message: `Another event was appended first; the stream is now at revision ${actual}`,
      expectedRevision: expectedRevision ?? error.expected,
      actualRevision: actual,
    };
    return events.map(() => outcome);
  }

  private async attempt(
    streamId: string,
    events: readonly DomainEvent[],
    expectedRevision: number | undefined,
  ): Promise<AppendOutcome[]> {
    const prepared = await this.prepare(streamId, events, expectedRevision);
    if (Array.isArray(prepared)) return prepared;
    if (prepared.accepted.length > 0) await this.write(prepared);
    return finished(prepared);
  }

  /**
   * One stream's events judged against its current state: answered already (unknown stream, revision
   * mismatch) or decided, with the accepted events to write at the revision read. `blacklist`: the listings
   * read for a whole batch; read here for these events when absent.
   */
  private async prepare(
    streamId: string,
    events: readonly DomainEvent[],
    expectedRevision: number | undefined,
    blacklist?: DecideContext['blacklist'],
  ): Promise<Prepared | AppendOutcome[]> {
    const rules = rulesFor(streamId);
    if (!rules) {
      const outcome: Refusal = {
        kind: 'unknown-stream',
        message: `${streamId} is not a stream events can be published to`,
        streamId,
      };
      return events.map(() => outcome);
    }
    const { current, stored, eventIds, state: before } = await this.currentState(streamId, rules, events);
    // A retry of events already stored answers their original result, whatever revision the retry expected.
    const allStored = events.every((event) => stored.has(event.id));
    if (expectedRevision !== undefined && expectedRevision !== current && !allStored) {
      this.options.observer?.rejected?.('revision-mismatch');
      const outcome: Refusal = {
        kind: 'revision-mismatch',
        message: `Expected revision ${expectedRevision}, the stream is at ${current}`,
        expectedRevision,
        actualRevision: current,
      };
      return events.map(() => outcome);
    }
    let state = before;
    // The recording time the claimed publication times are held against (the store stamps with this clock).
    const now = this.options.clock.now().toISOString();

    const context: DecideContext = {
      blacklist: blacklist ?? (await this.blacklist(events)),
      // The calendar in force now, loaded years included: deadlines are decided on it.
      ...(this.options.calendar ? { calendar: this.options.calendar.current } : {}),
    };
    const outcomes: (AppendOutcome | undefined)[] = [];
    const accepted: Accepted[] = [];
    const acceptedIds = new Set<string>();
    let failed = false;
    for (const [index, event] of events.entries()) {
      if (failed) {
        outcomes[index] = notAttempted(event.id);
        continue;
      }
      const verdict = this.judge(event, state, { rules, context, stored, acceptedIds, now });
      if ('outcome' in verdict) {
        outcomes[index] = verdict.outcome;
        // Order matters within a stream: after a refusal, later events of this request are not attempted.
        failed = verdict.outcome.kind !== 'accepted';
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
    return { streamId, events, outcomes, accepted, current, state, eventIdsBefore: eventIds };
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
        return { outcome: { kind: 'accepted', replayed: true, event: appended(original) } };
      }
      return {
        outcome: {
          kind: 'idempotency-conflict',
          message: `Event ${event.id} was already appended with other content`,
          eventId: event.id,
        },
      };
    }
    if (scope.acceptedIds.has(event.id)) {
      return {
        outcome: {
          kind: 'idempotency-conflict',
          message: `Event id ${event.id} appears twice in this request`,
          eventId: event.id,
        },
      };
    }
    const decision = scope.rules.decide(event, state, scope.context);
    if (!decision.ok) return { outcome: this.refused(decision.rejection) };
    const time = checkPublicationTime(
      event.metadata.publishedAt,
      scope.now,
      this.options.publicationTolerances,
      this.options.calendar?.current,
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

  private refused(rejection: Rejection): Refusal {
    this.options.observer?.rejected?.(rejection.code);
    // Not the writer's transaction: the same answer as any other refused authorisation.
    if (rejection.code === 'NOT_OWNER') return { kind: 'forbidden', message: rejection.message, rejection };
    return { kind: 'rejected', message: rejection.message, rejection };
  }

  private async write(prepared: Prepared): Promise<void> {
    let result;
    try {
      result = await this.store.append(prepared.streamId, storedEvents(prepared), {
        expectedRevision: revisionOf(prepared),
      });
    } catch (error) {
      if (!(error instanceof DuplicateEventId)) throw error;
      this.duplicate(prepared, error);
      return;
    }
    this.settle(prepared, result);
  }

  /** The id was used in another stream: none of this group was written. */
  private duplicate(prepared: Prepared, error: DuplicateEventId): void {
    for (const { index, event } of prepared.accepted) {
      prepared.outcomes[index] = {
        kind: 'idempotency-conflict',
        message: `Event id ${event.id} is already used: ${error.reason}`,
        eventId: event.id,
      };
    }
  }

  /** The accepted events as the store recorded them; the stream's new state is kept for the next append. */
  private settle(prepared: Prepared, result: AppendResult): void {
    result.events.forEach((recorded, i) => {
      const { index } = prepared.accepted[i]!;
      prepared.outcomes[index] = { kind: 'accepted', replayed: false, event: appended(recorded) };
      this.options.observer?.appended?.(recorded);
    });
    const last = result.events[result.events.length - 1];
    if (last) {
      const eventIds = new Set(prepared.eventIdsBefore);
      for (const recorded of result.events) eventIds.add(recorded.id);
      this.states.remember(prepared.streamId, { revision: last.revision, state: prepared.state, eventIds });
    }
  }
}

/** A stream's events, decided: their outcomes so far, and the accepted events to write at `current`. */
interface Prepared {
  streamId: string;
  events: readonly DomainEvent[];
  outcomes: (AppendOutcome | undefined)[];
  accepted: Accepted[];
  /** The stream's revision the decision was taken on (-1: no stream yet). */
  current: number;
  /** The decider state after the accepted events. */
  state: unknown;
  eventIdsBefore: ReadonlySet<string>;
}

function storedEvents(prepared: Prepared): EventData[] {
  return prepared.accepted.map(({ event, findings, provisionalYears }) =>
    toStoredEvent(event, findings, provisionalYears),
  );
}

function revisionOf(prepared: Prepared): ExpectedRevision {
  return prepared.current === -1 ? 'no_stream' : prepared.current;
}

function finished(prepared: Prepared): AppendOutcome[] {
  return prepared.outcomes.map((outcome, index) => outcome ?? notAttempted(prepared.events[index]!.id));
}
