import type { DomainEvent } from '../events';
import type { Rejection, RejectionCode } from '../lifecycle/rejections';
import type { DecideContext, PublishDisclosure } from '../lifecycle/transaction-decider';

/** What every decider of this domain answers: events (and findings) to append, or one rejection. */
type AnyDecision =
  { ok: true; events: DomainEvent[]; findings: unknown[] } | { ok: false; rejection: Rejection };

/** A decider as its specs see it: an initial state, how an event evolves it, and how it decides. */
export interface SpecifiedDecider<S, D extends AnyDecision, C> {
  initialState(): S;
  evolve(state: S, event: DomainEvent): S;
  decide(command: PublishDisclosure, state: S, context?: C): D;
}

/**
 * The answer of `when`: the decision itself (so `.ok`, `.events`, `.rejection` read as usual), to assert on
 * with `then` or `thenRejects`.
 */
export type WhenResult<D extends AnyDecision> = D & WhenAssertions<D>;

export interface WhenAssertions<D extends AnyDecision> {
  decision: D;
  /**
   * The decider accepted: the events it decides equal `expected` (default: the event published, alone),
   * and its findings, when `findings` is given, equal it too. Answers the accepted decision.
   */
  then(expected?: readonly DomainEvent[], findings?: readonly unknown[]): Extract<D, { ok: true }>;
  /** The decider rejected with this code; answers the rejection for further checks. */
  thenRejects(code: RejectionCode): Rejection;
}

export interface Given<S, D extends AnyDecision, C> {
  /** The state the history leaves. */
  state: S;
  when(event: DomainEvent, context?: C): WhenResult<D>;
}

/**
 * Given events (already in the stream) / when an event is published / then events, or thenRejects a code:
 * after emmett's DeciderSpecification. One helper for every decider of the domain (transaction, credit).
 */
export function deciderSpecification<S, D extends AnyDecision, C = DecideContext>(
  decider: SpecifiedDecider<S, D, C>,
): (history?: readonly DomainEvent[]) => Given<S, D, C> {
  return (history = []) => {
    const state = history.reduce(decider.evolve, decider.initialState());
    return {
      state,
      when(event, context) {
        const decision = decider.decide({ type: 'PublishDisclosure', event }, state, context);
        const assertions: WhenAssertions<D> = {
          decision,
          then(expected = [event], findings) {
            if (!decision.ok) {
              throw new Error(
                `expected the decider to accept ${event.type}, it rejected it: ` +
                  `${decision.rejection.code} ${decision.rejection.message}`,
              );
            }
            expect(decision.events).toEqual(expected);
            if (findings !== undefined) expect(decision.findings).toEqual(findings);
            return decision as Extract<D, { ok: true }>;
          },
          thenRejects(code) {
            if (decision.ok) {
              throw new Error(`expected the decider to reject ${event.type} with ${code}, it accepted it`);
            }
            expect(decision.rejection.code).toBe(code);
            return decision.rejection;
          },
        };
        return { ...decision, ...assertions };
      },
    };
  };
}
