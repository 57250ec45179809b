import {
  decideCreditParsed,
  decideDisclosureParsed,
  evolveDisclosure,
  initialDisclosureState,
  decideParsed,
  evolve,
  evolveCredit,
  initialCreditState,
  initialTransactionState,
  parseStreamId,
  type DecideContext,
  type Decision,
  type DomainEvent,
} from '@gongkai/domain';

/**
 * The decider of one kind of stream, behind one shape so the appender treats every stream alike.
 * `decide` takes an event that already passed `parseDomainEvent` (every handler validates the envelope
 * first, with field pointers for the 400 answer), so it is not validated a second time.
 */
export interface StreamRules<S = unknown> {
  initial(): S;
  evolve(state: S, event: DomainEvent): S;
  decide(event: DomainEvent, state: S, context: DecideContext): Decision;
}

export const transactionRules: StreamRules<ReturnType<typeof initialTransactionState>> = {
  initial: initialTransactionState,
  evolve,
  decide: (event, state, context) => decideParsed(event, state, context),
};

/** Credit streams (`credit-<code>`): penalties, credit records, blacklist entries and removals. */
export const creditRules: StreamRules<ReturnType<typeof initialCreditState>> = {
  initial: initialCreditState,
  evolve: evolveCredit,
  decide: (event, state, context) => decideCreditParsed(event, state, context),
};

/** A disclosure's own stream (`disclosure-<id>`): supply plans, catalogues, approvals, housing plans… */
export const disclosureRules: StreamRules<ReturnType<typeof initialDisclosureState>> = {
  initial: initialDisclosureState,
  evolve: evolveDisclosure,
  decide: (event, state, context) => decideDisclosureParsed(event, state, context),
};

/** The rules of the stream an id names; undefined for an id that is none of the kinds. */
export function rulesFor(streamId: string): StreamRules | undefined {
  const kind = parseStreamId(streamId)?.kind;
  if (kind === 'transaction') return transactionRules as StreamRules;
  if (kind === 'credit') return creditRules as StreamRules;
  if (kind === 'disclosure') return disclosureRules as StreamRules;
  return undefined;
}
