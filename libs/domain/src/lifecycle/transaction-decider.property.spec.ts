import fc from 'fast-check';
import { CATALOGUE_DOMAINS, type CatalogueDomain } from '../catalogues';
import { type DomainEvent, EXAMPLE_PARTIES, TRANSACTION_EVENT_TYPES, exampleEvent } from '../events';
import type { BlacklistEntry } from './blacklist';
import { candidatesOf, contractPartyOf, winnersOf } from './parties';
import { decide } from './transaction-decider';
import {
  evolve,
  initialTransactionState,
  replayTransaction,
  type TransactionState,
} from './transaction-state';

/**
 * Generated lifecycles: random sequences of stage events (the domain's examples plus variants that break
 * rules: outsider winners, other contract parties, annulments) against a random blacklist. Whatever decide
 * accepts must replay to the same state and satisfy the invariants, checked here independently of the decider.
 */
const outsider = { name: '南通某建设有限公司', creditCode: '91320602MA1X5Y2L1J' };

function withData(event: DomainEvent, data: Record<string, unknown>): DomainEvent {
  return { ...event, data: { ...(event.data as Record<string, unknown>), ...data } } as DomainEvent;
}

const WINNER_KEY: Record<Exclude<CatalogueDomain, 'housing'>, string> = {
  engineering: 'winBidder',
  procurement: 'supplier',
  medical: 'supplier',
  land: 'landee',
  mining: 'transferee',
  state_property: 'transferee',
  emission: 'buyer',
  sea_area: 'transferee',
  forest: 'transferee',
};

function poolFor(domain: CatalogueDomain): DomainEvent[] {
  const pool = TRANSACTION_EVENT_TYPES.map((type) => exampleEvent(type, domain));
  pool.push(withData(exampleEvent('TransactionTerminated', domain), { terminationKind: 'annulled' }));
  pool.push(withData(exampleEvent('ContractChanged', domain), { changeKind: 'termination' }));
  if (domain !== 'housing') {
    const key = WINNER_KEY[domain];
    pool.push(withData(exampleEvent('AwardPublished', domain), { [key]: outsider }));
    pool.push(withData(exampleEvent('AwardPublished', domain), { [key]: EXAMPLE_PARTIES.runnerUp }));
    pool.push(withData(exampleEvent('ContractSigned', domain), { [key]: EXAMPLE_PARTIES.runnerUp }));
  }
  return pool;
}

const listing = (creditCode: string): BlacklistEntry => ({
  creditCode,
  decisionNumber: `BL-${creditCode}`,
  severity: 'serious',
  decidedOn: '2026-01-05',
  repairableFrom: '2027-01-05',
  displayUntil: '2029-01-05',
});

const NEXT = 'next' as const;
type Step = DomainEvent | typeof NEXT;

/** The happy-path event that would come next in the transaction's current state. */
function nextStage(state: TransactionState, domain: CatalogueDomain): DomainEvent {
  switch (state.status) {
    case 'not_started':
    case 'terminated':
      return exampleEvent('AnnouncementPublished', domain);
    case 'announced':
      if (!state.qualification && !state.candidates)
        return exampleEvent('QualificationResultPublished', domain);
      if (!state.candidates) return exampleEvent('CandidatesPublicized', domain);
      return exampleEvent('AwardPublished', domain);
    case 'awarded':
      return exampleEvent('ContractSigned', domain);
    case 'contracted':
      return exampleEvent('ContractChanged', domain);
  }
}

const scenario = fc.constantFrom(...CATALOGUE_DOMAINS).chain((domain) =>
  fc.record({
    domain: fc.constant(domain),
    // 'next' steps follow the happy path from wherever the transaction stands, so deep stages are reached;
    // the other steps are any event of the pool, including rule-breaking variants.
    commands: fc.array(
      fc.oneof(
        { weight: 3, arbitrary: fc.constant(NEXT) },
        { weight: 2, arbitrary: fc.constantFrom(...poolFor(domain)) },
      ),
      {
        maxLength: 16,
      },
    ),
    blacklisted: fc.subarray([
      EXAMPLE_PARTIES.winner.creditCode,
      EXAMPLE_PARTIES.runnerUp.creditCode,
      EXAMPLE_PARTIES.third.creditCode,
    ]),
  }),
);

function run(domain: CatalogueDomain, steps: Step[], blacklist: BlacklistEntry[]) {
  let state: TransactionState = initialTransactionState();
  const accepted: DomainEvent[] = [];
  const states: TransactionState[] = [];
  const commands: DomainEvent[] = [];
  for (const step of steps) {
    const event = step === NEXT ? nextStage(state, domain) : step;
    commands.push(event);
    const decision = decide({ type: 'PublishDisclosure', event }, state, { blacklist });
    if (!decision.ok) continue;
    for (const e of decision.events) {
      state = evolve(state, e);
      accepted.push(e);
    }
    states.push(state);
  }
  return { state, accepted, states, commands };
}

/** The invariants, read straight off the accepted events (no decider code). */
function invariantViolations(
  accepted: DomainEvent[],
  domain: CatalogueDomain,
  blacklisted: string[],
): string[] {
  const problems: string[] = [];
  let announced = false;
  let terminated = false;
  let awarded = false;
  let contracted = false;
  let contractEnded = false;
  let candidates: string[] | undefined;
  let winners: string[] = [];
  accepted.forEach((event, index) => {
    const where = `#${index} ${event.type}`;
    if (index === 0 && event.type !== 'AnnouncementPublished')
      problems.push(`${where}: first event is not an announcement`);
    if ((event.data as { domain: string }).domain !== domain) problems.push(`${where}: domain changed`);
    if (terminated && event.type !== 'AnnouncementPublished' && event.type !== 'ComplaintDecided') {
      problems.push(`${where}: after termination`);
    }
    switch (event.type) {
      case 'AnnouncementPublished':
        // A new round follows a termination, or a contract cancelled by ContractChanged (re-procurement).
        if (announced && !terminated && !contractEnded)
          problems.push(`${where}: second announcement in a round`);
        announced = true;
        terminated = awarded = contracted = contractEnded = false;
        candidates = undefined;
        winners = [];
        break;
      case 'CandidatesPublicized':
        if (awarded) problems.push(`${where}: candidates after award`);
        candidates = candidatesOf(event.data).map((p) => p.key);
        for (const c of candidates)
          if (blacklisted.includes(c)) problems.push(`${where}: blacklisted candidate ${c}`);
        break;
      case 'AwardPublished':
        // A second award passes to the next candidate (实施条例 第五十五条), never after the contract.
        if (awarded && !event.data.reassignment) problems.push(`${where}: second award without termination`);
        if (contracted) problems.push(`${where}: award after the contract`);
        if (domain === 'engineering' && !candidates) problems.push(`${where}: award without candidates`);
        winners = winnersOf(event.data).map((p) => p.key);
        for (const w of winners) {
          if (candidates && !candidates.includes(w)) problems.push(`${where}: winner ${w} not a candidate`);
          if (blacklisted.includes(w)) problems.push(`${where}: blacklisted winner ${w}`);
        }
        awarded = true;
        break;
      case 'ContractSigned':
        if (!awarded) problems.push(`${where}: contract before award`);
        if (contracted) problems.push(`${where}: second contract`);
        if (!winners.includes(contractPartyOf(event.data).key))
          problems.push(`${where}: contract party is not the winner`);
        contracted = true;
        break;
      case 'ContractChanged':
        if (!contracted) problems.push(`${where}: change before contract`);
        if (contractEnded) problems.push(`${where}: change after contract termination`);
        if (event.data.changeKind === 'termination') contractEnded = true;
        break;
      case 'TransactionTerminated':
        if (contracted && !contractEnded) problems.push(`${where}: transaction terminated after contract`);
        terminated = true;
        break;
      default:
        break;
    }
  });
  return problems;
}

describe('transaction decider properties (fast-check)', () => {
  it('no accepted sequence breaks an invariant', () => {
    fc.assert(
      fc.property(scenario, ({ domain, commands, blacklisted }) => {
        const { accepted } = run(domain, commands, blacklisted.map(listing));
        expect(invariantViolations(accepted, domain, blacklisted)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it('replaying the accepted events (also after a JSON round trip) gives the same state', () => {
    fc.assert(
      fc.property(scenario, ({ domain, commands, blacklisted }) => {
        const { state, accepted } = run(domain, commands, blacklisted.map(listing));
        expect(replayTransaction(accepted)).toEqual(state);
        expect(replayTransaction(JSON.parse(JSON.stringify(accepted)) as DomainEvent[])).toEqual(
          JSON.parse(JSON.stringify(state)),
        );
      }),
      { numRuns: 300 },
    );
  });

  it('evolve is total: it never throws on accepted sequences, nor on any sequence of events at all', () => {
    fc.assert(
      fc.property(scenario, ({ domain, commands: steps, blacklisted }) => {
        const { accepted, commands } = run(domain, steps, blacklisted.map(listing));
        expect(() => replayTransaction(accepted)).not.toThrow();
        expect(() => replayTransaction(commands)).not.toThrow();
      }),
      { numRuns: 300 },
    );
  });

  it('generated scenarios reach every stage (the properties are not vacuous)', () => {
    const reached = new Set<string>();
    fc.assert(
      fc.property(scenario, ({ domain, commands, blacklisted }) => {
        run(domain, commands, blacklisted.map(listing)).accepted.forEach((e) => reached.add(e.type));
      }),
      { numRuns: 400 },
    );
    expect([...reached].sort()).toEqual([...TRANSACTION_EVENT_TYPES].sort());
  });
});
