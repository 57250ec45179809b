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
 * A transaction's state folded from its trail: only the events recorded by `asOf` when given (or, with
 * `asOfBasis: 'published'`, those whose claimed publication time is by `asOf`: what the public had seen), and
 * from the public views unless `full`. `undefined` when no event qualifies. The HTTP API and the CLI's
 * `replay` both answer with this, so they cannot disagree.
 */
export function transactionView(
  trail: TransactionTrail,
  {
    asOf,
    full,
    asOfBasis = 'recorded',
  }: { asOf?: string; full: boolean; asOfBasis?: 'recorded' | 'published' },
): TransactionView | undefined {
  const cutoff = asOf === undefined ? undefined : Date.parse(asOf);
  const timeOf = (i: number): number =>
    Date.parse(
      asOfBasis === 'published' ? trail.events[i]!.metadata.publishedAt : trail.recorded[i]!.recordedAt,
    );
  const included = trail.events.map((_, i) => i).filter((i) => cutoff === undefined || timeOf(i) <= cutoff);
  if (included.length === 0) return undefined;
  const events = included.map((i) => trail.events[i]!);
  const last = trail.recorded[included[included.length - 1]!]!;
  return {
    transactionId: trail.transactionId,
    streamId: trail.streamId,
    view: full ? 'full' : 'public',
    revision: last.revision,
    ...(asOf !== undefined ? { asOf, asOfBasis } : {}),
    eventCount: included.length,
    lastRecordedAt: last.recordedAt,
    state: stateForReaders(replayTransaction(full ? events : events.map(publicEvent))),
  };
}
