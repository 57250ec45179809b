import {
  LIFECYCLE_ORDER,
  exampleEvent,
  replayTransaction,
  stateForReaders,
  toPublicView,
  type DomainEvent,
} from '@gongkai/domain';
import type { RecordedEvent } from '@gongkai/event-store';
import { transactionView, type TransactionTrail } from './transaction-view';

/**
 * The example lifecycle as a trail, recorded a minute apart; publication claims out of order (3 before 2);
 * a candidate's bid price flagged a commercial secret, so the public state differs from the full one.
 */
function exampleTrail(): TransactionTrail {
  const start = Date.parse('2026-03-02T02:00:00Z');
  const events = LIFECYCLE_ORDER.map((type, i) => {
    const event = exampleEvent(type);
    const published = new Date(start + (i === 2 ? 3.5 : i) * 60_000).toISOString();
    const secret = type === 'CandidatesPublicized' ? { confidentialFields: ['candidates.1.bidPrice'] } : {};
    return { ...event, metadata: { ...event.metadata, ...secret, publishedAt: published } } as DomainEvent;
  });
  const recorded = events.map(
    (event, i) =>
      ({
        ...event,
        streamId: 'transaction-x',
        revision: i,
        position: i + 1,
        recordedAt: new Date(start + i * 60_000 + 1_000).toISOString(),
      }) as unknown as RecordedEvent,
  );
  return { transactionId: 'x', streamId: 'transaction-x', recorded, events };
}

/** The state folded from scratch, as every read did before states were kept with the trail. */
function replayed(events: readonly DomainEvent[], full: boolean) {
  const source = full
    ? events
    : events.map((event) => {
        const { redacted: _redacted, ...view } = toPublicView(event);
        return view as DomainEvent;
      });
  return stateForReaders(replayTransaction(source));
}

describe('transactionView', () => {
  it('answers each cut, view and basis of a trail as a fresh replay would, however often and in whatever order it is asked', () => {
    const trail = exampleTrail();
    const at = (minutes: number) =>
      new Date(Date.parse('2026-03-02T02:00:00Z') + minutes * 60_000).toISOString();
    // The full and the public state of the whole lifecycle differ: a mix-up of the two would show.
    expect(replayed(trail.events, true)).not.toEqual(replayed(trail.events, false));
    const asks: { asOf?: string; basis?: 'recorded' | 'published'; full: boolean; expected: number[] }[] = [
      { full: true, expected: [0, 1, 2, 3, 4, 5, 6, 7] },
      { full: false, expected: [0, 1, 2, 3, 4, 5, 6, 7] },
      { asOf: at(3.2), full: true, expected: [0, 1, 2, 3] },
      { asOf: at(3.2), full: false, expected: [0, 1, 2, 3] },
      { asOf: at(3.2), basis: 'published', full: true, expected: [0, 1, 3] },
      { asOf: at(3.2), basis: 'published', full: false, expected: [0, 1, 3] },
      { asOf: at(4), basis: 'published', full: false, expected: [0, 1, 2, 3, 4] },
      { asOf: at(1.5), full: false, expected: [0, 1] },
    ];
    for (const round of [asks, [...asks].reverse(), asks]) {
      for (const ask of round) {
        const view = transactionView(trail, { asOf: ask.asOf, asOfBasis: ask.basis, full: ask.full });
        const events = ask.expected.map((i) => trail.events[i]!);
        expect(view?.state).toEqual(replayed(events, ask.full));
        expect(view?.view).toBe(ask.full ? 'full' : 'public');
        expect(view?.eventCount).toBe(ask.expected.length);
        expect(view?.revision).toBe(ask.expected[ask.expected.length - 1]);
      }
    }
    expect(transactionView(trail, { asOf: at(-1), full: true })).toBeUndefined();
    expect(transactionView(trail, { asOf: 'not a time', full: true })).toBeUndefined();
  });
});
