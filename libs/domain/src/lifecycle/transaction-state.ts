import type { CatalogueDomain } from '../catalogues';
import {
  type CorrectableStage,
  correctedStageData,
  stagePathOf,
  type DomainEvent,
  type EventData,
  isCreditEventType,
  isDisclosureEventType,
  type TransactionEventType,
  transactionIdOf,
} from '../events';
import {
  awardAmountOf,
  candidatePrices,
  candidateRanks,
  candidatesOf,
  contractPartyOf,
  type PartyRef,
  winnersOf,
} from './parties';
import { ownerOf, type TransactionOwner } from './ownership';
import { periodStageOf, type ShortPeriod, type StageTiming, trackPeriods } from './period-cures';
import { scopeFactsFor, timingDatesFor } from './timing';

/** Where a transaction stands. A termination ends the round; a new announcement opens the next one. */
export type TransactionStatus = 'not_started' | 'announced' | 'awarded' | 'contracted' | 'terminated';

/** What the decider remembers of a transaction: plain data, so it can be cached or compared. */
export interface TransactionState {
  status: TransactionStatus;
  transactionId?: string;
  domain?: CatalogueDomain;
  /** Who the transaction belongs to, fixed by its first event (see ownership.ts). */
  owner?: TransactionOwner;
  /** 1 for the first announcement, +1 for each re-announcement after a termination. */
  round: number;
  eventCount: number;
  /** Event types accepted, in order. */
  history: TransactionEventType[];
  announcement?: {
    occurredAt: string;
    budgetAmount?: string;
    /** 转让底价 (state property): scopes 32号令 第四十八条. */
    listingPrice?: string;
    /** The deadlines in force, as corrections move them (corrections are timed against them). */
    bidDeadline?: string;
    prequalificationDeadline?: string;
  };
  qualification?: { passed: string[]; rejected: string[] };
  candidates?: {
    parties: PartyRef[];
    prices: Record<string, string>;
    /** 排名 per candidate key, for awards down the ranking (实施条例 第五十五条). */
    ranks?: Record<string, number>;
    publicityStart: string;
    publicityEnd: string;
    evaluationReportReceived?: string;
  };
  award?: { winners: PartyRef[]; amount?: string; winnerChosen: string; awardNoticeIssued?: string };
  contract?: {
    party: PartyRef;
    signedAt: string;
    amount?: string;
    /** The amount as signed: 政府采购法 第四十九条 caps supplementary contracts at 10 % of it. */
    originalAmount?: string;
    terminated: boolean;
  };
  termination?: { kind: EventData<'TransactionTerminated'>['terminationKind']; terminatedAt: string };
  /** Per stage of this round, the dates its periods were checked on, as corrections move them. */
  stageTiming?: Partial<Record<CorrectableStage, StageTiming>>;
  /** This round's PERIOD_TOO_SHORT findings no correction has cured yet (see period-cures.ts). */
  shortPeriods?: ShortPeriod[];
  /**
   * Per stage, the data paths its publisher flagged as commercial secrets (`candidates.1.bidPrice`): a correction
   * restating the stage must flag them again, or its public view would disclose them (correction-rules.ts).
   */
  stageSecrets?: Partial<Record<CorrectableStage, string[]>>;
}

/** Organisations are known by credit code, natural persons (housing) by ID number. */
const applicantKey = (applicant: { creditCode: string } | { idNumber: string }): string =>
  'creditCode' in applicant ? applicant.creditCode : applicant.idNumber;

function qualificationOf(data: EventData<'QualificationResultPublished'>): TransactionState['qualification'] {
  return {
    passed: (data.passed ?? []).map(applicantKey),
    rejected: (data.rejected ?? []).map(applicantKey),
  };
}

function candidatesStateOf(data: EventData<'CandidatesPublicized'>): TransactionState['candidates'] {
  return {
    parties: candidatesOf(data),
    prices: candidatePrices(data),
    ranks: candidateRanks(data),
    publicityStart: data.publicityStart,
    publicityEnd: data.publicityEnd,
    ...('evaluationReportReceived' in data
      ? { evaluationReportReceived: data.evaluationReportReceived }
      : {}),
  };
}

function awardOf(data: EventData<'AwardPublished'>): NonNullable<TransactionState['award']> {
  const amount = awardAmountOf(data);
  return {
    winners: winnersOf(data),
    ...(amount ? { amount } : {}),
    winnerChosen: data.winnerChosen,
    ...(data.awardNoticeIssued ? { awardNoticeIssued: data.awardNoticeIssued } : {}),
  };
}

function contractOf(
  data: EventData<'ContractSigned'>,
): Omit<NonNullable<TransactionState['contract']>, 'terminated'> {
  return {
    party: contractPartyOf(data),
    signedAt: data.signedAt,
    ...(data.contractAmount ? { amount: data.contractAmount, originalAmount: data.contractAmount } : {}),
  };
}

/** A correction's stage as restated, with the correction's domain and subject (see correction-rules.ts). */
function restated<S extends CorrectableStage>(event: DomainEvent): EventData<S> {
  return correctedStageData(event) as EventData<S>;
}

export const initialTransactionState = (): TransactionState => ({
  status: 'not_started',
  round: 0,
  eventCount: 0,
  history: [],
});

/**
 * Fold one event into the state. Total: any event of any type gives a state (credit events leave it as it is),
 * so replaying a stream never throws, whatever was stored.
 */
export function evolve(state: TransactionState, event: DomainEvent): TransactionState {
  if (isCreditEventType(event.type) || isDisclosureEventType(event.type)) return state;
  const next = trackPeriods(evolveStage(state, event), event, (e) => ({
    dates: timingDatesFor(e, state),
    facts: scopeFactsFor(e, state),
  }));
  return trackSecrets(next, event);
}

/** The stage's flagged paths (in the stage's own terms), kept for its corrections; a new round forgets them. */
function trackSecrets(next: TransactionState, event: DomainEvent): TransactionState {
  const stage = periodStageOf(event.type);
  if (!stage) return next;
  const secrets = event.type === 'AnnouncementPublished' ? {} : { ...next.stageSecrets };
  const flagged = (event.metadata.confidentialFields ?? []).map((path) => stagePathOf(event.type, path));
  const known = new Set([...(secrets[stage] ?? []), ...flagged]);
  if (known.size === 0 && !next.stageSecrets) return next;
  secrets[stage] = [...known];
  return { ...next, stageSecrets: secrets };
}

function evolveStage(state: TransactionState, event: DomainEvent): TransactionState {
  const data = event.data as { domain: CatalogueDomain } & Record<string, unknown>;
  const next: TransactionState = {
    ...state,
    transactionId: state.transactionId ?? (data?.domain ? transactionIdOf(data) : undefined),
    domain: state.domain ?? data?.domain,
    owner: state.owner ?? ownerOf(event),
    eventCount: state.eventCount + 1,
    history: [...state.history, event.type as TransactionEventType],
  };
  switch (event.type) {
    case 'AnnouncementPublished': {
      const notice = event.data as {
        budgetAmount?: string;
        listingPrice?: string;
        bidDeadline?: string;
        prequalificationDeadline?: string;
      };
      return {
        ...next,
        status: 'announced',
        round: state.round + 1,
        announcement: {
          occurredAt: event.metadata.occurredAt,
          ...(notice.budgetAmount ? { budgetAmount: notice.budgetAmount } : {}),
          ...(notice.listingPrice ? { listingPrice: notice.listingPrice } : {}),
          ...(notice.bidDeadline ? { bidDeadline: notice.bidDeadline } : {}),
          ...(notice.prequalificationDeadline
            ? { prequalificationDeadline: notice.prequalificationDeadline }
            : {}),
        },
        qualification: undefined,
        candidates: undefined,
        award: undefined,
        contract: undefined,
        termination: undefined,
      };
    }
    case 'QualificationResultPublished':
      return { ...next, qualification: qualificationOf(event.data) };
    case 'CandidatesPublicized':
      return { ...next, candidates: candidatesStateOf(event.data) };
    case 'AwardPublished':
      return { ...next, status: 'awarded', award: awardOf(event.data) };
    case 'ContractSigned':
      return { ...next, status: 'contracted', contract: { ...contractOf(event.data), terminated: false } };
    // A correction restates its stage: what later stages are checked against from now on.
    case 'QualificationResultCorrected':
      if (!next.qualification) return next;
      return { ...next, qualification: qualificationOf(restated<'QualificationResultPublished'>(event)) };
    case 'CandidatesCorrected':
      if (!next.candidates) return next;
      return { ...next, candidates: candidatesStateOf(restated<'CandidatesPublicized'>(event)) };
    case 'AwardCorrected':
      if (!next.award) return next;
      return { ...next, award: awardOf(restated<'AwardPublished'>(event)) };
    case 'ContractCorrected': {
      if (!next.contract) return next;
      const corrected = contractOf(restated<'ContractSigned'>(event));
      // A variation's amount stays in force; the amount as signed is the corrected one.
      const varied = next.contract.amount !== next.contract.originalAmount;
      return {
        ...next,
        contract: {
          ...next.contract,
          ...corrected,
          ...(varied && next.contract.amount !== undefined ? { amount: next.contract.amount } : {}),
        },
      };
    }
    case 'ContractChanged': {
      if (!next.contract) return next;
      return {
        ...next,
        contract: {
          ...next.contract,
          ...(event.data.newContractAmount ? { amount: event.data.newContractAmount } : {}),
          terminated: next.contract.terminated || event.data.changeKind === 'termination',
        },
      };
    }
    case 'TransactionTerminated':
      return {
        ...next,
        status: 'terminated',
        termination: { kind: event.data.terminationKind, terminatedAt: event.data.terminatedAt },
      };
    case 'AnnouncementCorrected': {
      if (!next.announcement) return next;
      const moved = event.data;
      return {
        ...next,
        announcement: {
          ...next.announcement,
          ...(moved.bidDeadline ? { bidDeadline: moved.bidDeadline } : {}),
          ...(moved.prequalificationDeadline
            ? { prequalificationDeadline: moved.prequalificationDeadline }
            : {}),
        },
      };
    }
    case 'ComplaintDecided':
      return next;
  }
  return next;
}

/**
 * The state as readers see it (the API's `state`, the versions' documents): without the decider's timing
 * bookkeeping (stage dates, open short periods), which findings and the stages in force already show.
 */
export function stateForReaders(state: TransactionState): TransactionState {
  const { stageTiming: _timing, shortPeriods: _periods, stageSecrets: _secrets, ...rest } = state;
  return rest;
}

/** Replay a stream's events from the initial state. */
export function replayTransaction(events: readonly DomainEvent[]): TransactionState {
  return events.reduce(evolve, initialTransactionState());
}
