import type { CatalogueDomain } from '../catalogues';
import {
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
}

/** Organisations are known by credit code, natural persons (housing) by ID number. */
const applicantKey = (applicant: { creditCode: string } | { idNumber: string }): string =>
  'creditCode' in applicant ? applicant.creditCode : applicant.idNumber;

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
      return {
        ...next,
        qualification: {
          passed: (event.data.passed ?? []).map(applicantKey),
          rejected: (event.data.rejected ?? []).map(applicantKey),
        },
      };
    case 'CandidatesPublicized':
      return {
        ...next,
        candidates: {
          parties: candidatesOf(event.data),
          prices: candidatePrices(event.data),
          ranks: candidateRanks(event.data),
          publicityStart: event.data.publicityStart,
          publicityEnd: event.data.publicityEnd,
          ...('evaluationReportReceived' in event.data
            ? { evaluationReportReceived: event.data.evaluationReportReceived }
            : {}),
        },
      };
    case 'AwardPublished': {
      const amount = awardAmountOf(event.data);
      return {
        ...next,
        status: 'awarded',
        award: {
          winners: winnersOf(event.data),
          ...(amount ? { amount } : {}),
          winnerChosen: event.data.winnerChosen,
          ...(event.data.awardNoticeIssued ? { awardNoticeIssued: event.data.awardNoticeIssued } : {}),
        },
      };
    }
    case 'ContractSigned':
      return {
        ...next,
        status: 'contracted',
        contract: {
          party: contractPartyOf(event.data),
          signedAt: event.data.signedAt,
          ...(event.data.contractAmount
            ? { amount: event.data.contractAmount, originalAmount: event.data.contractAmount }
            : {}),
          terminated: false,
        },
      };
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

/** Replay a stream's events from the initial state. */
export function replayTransaction(events: readonly DomainEvent[]): TransactionState {
  return events.reduce(evolve, initialTransactionState());
}
