import { exampleEvent } from '../events';
import { decide } from '../lifecycle/transaction-decider';
import { evolve, initialTransactionState } from '../lifecycle/transaction-state';
import { deciderSpecification } from './decider-specification';

const given = deciderSpecification({ initialState: initialTransactionState, evolve, decide });

/** The helper must fail a spec whose expectation is wrong, or every spec written with it proves nothing. */
describe('deciderSpecification', () => {
  const announcement = exampleEvent('AnnouncementPublished');
  const award = exampleEvent('AwardPublished');

  it('then passes on acceptance and fails on a rejection or other events', () => {
    expect(given([]).when(announcement).then().events).toEqual([announcement]);
    expect(() => given([]).when(award).then()).toThrow(/rejected it: STAGE_OUT_OF_ORDER/);
    expect(() => given([]).when(announcement).then([award])).toThrow();
  });

  it('thenRejects passes on that code and fails on another code or an acceptance', () => {
    expect(given([]).when(award).thenRejects('STAGE_OUT_OF_ORDER').code).toBe('STAGE_OUT_OF_ORDER');
    expect(() => given([]).when(award).thenRejects('BLACKLISTED_PARTY')).toThrow();
    expect(() => given([]).when(announcement).thenRejects('STAGE_OUT_OF_ORDER')).toThrow(/accepted it/);
  });

  it('reads as the decision itself, from the state the history leaves', () => {
    const decision = given([announcement]).when(announcement);
    expect(decision.ok).toBe(false);
    expect(given([announcement]).state.status).not.toBe(initialTransactionState().status);
  });
});
