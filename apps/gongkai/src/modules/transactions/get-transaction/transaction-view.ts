import { replayTransaction, toPublicView, type DomainEvent } from '@gongkai/domain';
import type { TransactionTrail } from '../core/transaction-reader';
import type { TransactionView } from './get-transaction.query';

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
    state: replayTransaction(full ? events : events.map(publicEvent)),
  };
}
