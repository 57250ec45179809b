import {
  replayTransaction,
  stateForReaders,
  toPublicView,
  type DomainEvent,
  type TransactionState,
} from '@gongkai/domain';
import type { RecordedEvent } from '@gongkai/event-store';

/** A transaction's stored events, and the same events as the domain reads them (upcast). */
export interface TransactionTrail {
  transactionId: string;
  streamId: string;
  recorded: RecordedEvent[];
  events: DomainEvent[];
}

/** No transaction under this id: nothing was ever appended to its stream. */
export class TransactionNotFound extends Error {
  constructor(readonly transactionId: string) {
    super(`No transaction ${transactionId}`);
    this.name = 'TransactionNotFound';
  }
}

export interface TransactionView {
  transactionId: string;
  streamId: string;
  /** `full` for supervisors of the region, admins and the transaction's own publishers; else `public`. */
  view: 'public' | 'full';
  /** Revision of the last event included (the stream's, or the last one recorded by `asOf`). */
  revision: number;
  /** The instant asked for, when the state is historical. */
  asOf?: string;
  /** What `asOf` was compared with: the recording time (default) or the claimed publication time. */
  asOfBasis?: 'recorded' | 'published';
  eventCount: number;
  lastRecordedAt: string;
  state: TransactionState;
}

/**
 * The public view keeps the event's shape (values masked or removed), and `evolve` is total over any
 * stored event, so the public state is the replay of the public views: nothing restricted can leak into it.
 */
function publicEvent(event: DomainEvent): DomainEvent {
  const { redacted: _redacted, ...view } = toPublicView(event);
  return view as DomainEvent;
}

/**
 * What has been folded from one trail, kept with it: a trail is immutable (a new event makes a new trail), so
 * the same cut of it always folds to the same state. A popular transaction is read again and again, at its
 * latest state or at the same `asOf`; each read replayed (and for the public, redacted) every event up to the
 * cut-off before. Bounded per trail; the trail's owner (a reader's cache) decides how long the trail lives.
 */
interface TrailMemo {
  /** Each event's instant (ms) on each basis, parsed once. */
  times: Partial<Record<'recorded' | 'published', number[]>>;
  publicEvents?: DomainEvent[];
  /** Reader states by view and the indices of the events folded (`f:0-24`: the full view of events 0..24). */
  states: Map<string, TransactionState>;
}

const memos = new WeakMap<TransactionTrail, TrailMemo>();
/** Cuts remembered per trail (each a reader state): the latest and a few `asOf`s. */
const STATES_PER_TRAIL = 16;

function memoOf(trail: TransactionTrail): TrailMemo {
  let memo = memos.get(trail);
  if (!memo) memos.set(trail, (memo = { times: {}, states: new Map() }));
  return memo;
}

function timesOf(trail: TransactionTrail, memo: TrailMemo, basis: 'recorded' | 'published'): number[] {
  let times = memo.times[basis];
  if (!times) {
    times =
      basis === 'published'
        ? trail.events.map((event) => Date.parse(event.metadata.publishedAt))
        : trail.recorded.map((event) => Date.parse(event.recordedAt));
    memo.times[basis] = times;
  }
  return times;
}

/** The reader state of these events of the trail (indices ascending), from the memo or folded now. */
function foldedState(
  trail: TransactionTrail,
  memo: TrailMemo,
  included: readonly number[],
  full: boolean,
): TransactionState {
  const last = included[included.length - 1]!;
  // Events 0..last when every one is included (always so on the recorded basis): the key is the range.
  const key = `${full ? 'f' : 'p'}:${included.length === last + 1 ? `0-${last}` : included.join(',')}`;
  const known = memo.states.get(key);
  if (known) {
    memo.states.delete(key);
    memo.states.set(key, known);
    return known;
  }
  const source = full ? trail.events : (memo.publicEvents ??= trail.events.map(publicEvent));
  const state = stateForReaders(replayTransaction(included.map((i) => source[i]!)));
  memo.states.set(key, state);
  if (memo.states.size > STATES_PER_TRAIL) memo.states.delete(memo.states.keys().next().value!);
  return state;
}

/**
 * A transaction's state folded from its trail: only the events recorded by `asOf` when given (or, with
 * `asOfBasis: 'published'`, those whose claimed publication time is by `asOf`: what the public had seen), and
 * from the public views unless `full`. `undefined` when no event qualifies. The HTTP API and the CLI's
 * `replay` both answer with this, so they cannot disagree. The state answered is shared by every read of
 * the same cut of the same trail: callers must not change it.
 */
export function transactionView(
  trail: TransactionTrail,
  {
    asOf,
    full,
    asOfBasis = 'recorded',
  }: { asOf?: string; full: boolean; asOfBasis?: 'recorded' | 'published' },
): TransactionView | undefined {
  const memo = memoOf(trail);
  const cutoff = asOf === undefined ? undefined : Date.parse(asOf);
  const included: number[] = [];
  if (cutoff === undefined) {
    for (let i = 0; i < trail.events.length; i++) included.push(i);
  } else {
    const times = timesOf(trail, memo, asOfBasis);
    for (let i = 0; i < times.length; i++) if (times[i]! <= cutoff) included.push(i);
  }
  if (included.length === 0) return undefined;
  const last = trail.recorded[included[included.length - 1]!]!;
  return {
    transactionId: trail.transactionId,
    streamId: trail.streamId,
    view: full ? 'full' : 'public',
    revision: last.revision,
    ...(asOf !== undefined ? { asOf, asOfBasis } : {}),
    eventCount: included.length,
    lastRecordedAt: last.recordedAt,
    state: foldedState(trail, memo, included, full),
  };
}
