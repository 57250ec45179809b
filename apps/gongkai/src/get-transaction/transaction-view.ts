import { replayTransaction, toPublicView, type DomainEvent } from '@gongkai/domain';
import type { TransactionTrail } from '../transactions/transaction-reader';
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
 * A transaction's state folded from its trail: only the events recorded by `asOf` when given, and from the
 * public views unless `full`. `undefined` when no event had been recorded by `asOf`. The HTTP API and the
 * CLI's `replay` both answer with this, so they cannot disagree.
 */
export function transactionView(
  trail: TransactionTrail,
  { asOf, full }: { asOf?: string; full: boolean },
): TransactionView | undefined {
  const cutoff = asOf === undefined ? undefined : Date.parse(asOf);
  const included =
    cutoff === undefined
      ? trail.recorded.length
      : trail.recorded.filter((event) => Date.parse(event.recordedAt) <= cutoff).length;
  if (included === 0) return undefined;
  const events = trail.events.slice(0, included);
  const last = trail.recorded[included - 1]!;
  return {
    transactionId: trail.transactionId,
    streamId: trail.streamId,
    view: full ? 'full' : 'public',
    revision: last.revision,
    ...(asOf !== undefined ? { asOf } : {}),
    eventCount: included,
    lastRecordedAt: last.recordedAt,
    state: replayTransaction(full ? events : events.map(publicEvent)),
  };
}
