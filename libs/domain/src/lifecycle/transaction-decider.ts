import { yearsOutOfRange } from './year-range';
import { type CatalogueDomain, publisherAllowed, type TimingEvaluation } from '../catalogues';
import {
  CORRECTED_STAGE,
  type DomainEvent,
  type EventData,
  type EventType,
  isCorrectionEventType,
  isCreditEventType,
  isDisclosureEventType,
  parseDomainEvent,
  transactionIdOf,
} from '../events';
import { compareYuan } from '../identifiers';
import type { StatutoryCalendar } from '../calendar';
import { type BlacklistSource, blacklistHits } from './blacklist';
import {
  contractPartyOf,
  candidatesOf,
  DOMAINS_REQUIRING_CANDIDATES,
  type PartyRef,
  winnersOf,
  awardAmountOf,
} from './parties';
import { correctionRefusal, secretsExposed } from './correction-rules';
import { conductFindingsOf, type Finding } from './conduct-findings';
import { internalDates, ordered } from './date-order';
import { ownershipRefusal } from './ownership';
import { reject, type Rejection } from './rejections';
import { timingOf } from './timing';
import { type CureFinding, periodCures } from './period-cures';
import type { TransactionState } from './transaction-state';

/** The centre publishes one stage event of a transaction. */
export interface PublishDisclosure {
  type: 'PublishDisclosure';
  event: DomainEvent;
}

/** What the service knows that the stream does not. Pure data (or a pure lookup): no I/O happens here. */
export interface DecideContext {
  /** Active blacklist entries, or a lookup over the credit registry. */
  blacklist?: BlacklistSource;
  /** The working-day calendar in force (bundled plus loaded years); the bundled one when absent. */
  calendar?: StatutoryCalendar;
}

export type Decision =
  | { ok: true; events: DomainEvent[]; findings: Array<Finding | CureFinding>; timing: TimingEvaluation }
  | { ok: false; rejection: Rejection };

type Refusal = { ok: false; rejection: Rejection };

const STAGE_ZH: Record<string, string> = {
  AnnouncementPublished: '公告',
  QualificationResultPublished: '资格审查结果',
  CandidatesPublicized: '候选人公示',
  AwardPublished: '中标（成交）结果',
  ContractSigned: '合同订立',
  ContractChanged: '履约及变更',
  AnnouncementCorrected: '更正公告',
  TransactionTerminated: '终止公告',
  ComplaintDecided: '投诉处理决定',
  QualificationResultCorrected: '资格审查结果更正',
  CandidatesCorrected: '候选人公示更正',
  AwardCorrected: '中标（成交）结果更正',
  ContractCorrected: '合同更正',
};

function outOfOrder(event: DomainEvent, state: TransactionState, needEn: string, needZh: string): Refusal {
  return reject(
    'STAGE_OUT_OF_ORDER',
    `${event.type} cannot be published while the transaction is ${state.status}: ${needEn}`,
    `交易当前状态（${state.status}）下不能发布${STAGE_ZH[event.type] ?? event.type}：${needZh}`,
    { status: state.status, history: state.history },
  );
}

function blacklisted(parties: PartyRef[], at: string, context: DecideContext): Refusal | undefined {
  for (const party of parties) {
    if (party.kind !== 'organisation') continue;
    const hits = blacklistHits(context.blacklist, party.key, at);
    if (hits === true || hits.length > 0) {
      return reject(
        'BLACKLISTED_PARTY',
        `${party.name} (${party.key}) is on the blacklist on ${at} and may not take part`,
        `${party.name}（${party.key}）于${at}处于黑名单公示期内，依法限制参与`,
        { creditCode: party.key, name: party.name, at, ...(hits === true ? {} : { entries: hits }) },
      );
    }
  }
  return undefined;
}

const keysOf = (parties: PartyRef[]) => new Set(parties.map((p) => p.key));

function checkStage(
  event: DomainEvent,
  state: TransactionState,
  context: DecideContext,
): Refusal | undefined {
  const { status } = state;
  if (
    status === 'terminated' &&
    event.type !== 'AnnouncementPublished' &&
    event.type !== 'ComplaintDecided'
  ) {
    return reject(
      'TRANSACTION_TERMINATED',
      `The transaction was terminated (${state.termination?.kind}); only a new announcement or a complaint decision may follow`,
      `该交易已终止（流标/终止/废标），只能重新发布公告或发布投诉处理决定`,
      { termination: state.termination },
    );
  }
  if (status === 'not_started' && event.type !== 'AnnouncementPublished') {
    return outOfOrder(event, state, 'the announcement comes first', '应先发布公告');
  }
  const announcedAt = state.announcement?.occurredAt;
  switch (event.type) {
    case 'AnnouncementPublished':
      if (status === 'announced') {
        return reject(
          'ANNOUNCEMENT_ALREADY_PUBLISHED',
          'The announcement is already published; publish an AnnouncementCorrected to change it',
          '公告已发布，变更公告内容应发布更正公告',
        );
      }
      // A cancelled contract (a ContractChanged of kind termination) may be procured again.
      if (status === 'awarded' || (status === 'contracted' && !state.contract?.terminated)) {
        return outOfOrder(
          event,
          state,
          'a new round needs a termination first',
          '重新公告前应先终止本次交易',
        );
      }
      return undefined;
    case 'AnnouncementCorrected':
      if (status === 'contracted') return outOfOrder(event, state, 'the contract is signed', '合同已订立');
      return (
        secretsExposed(event, state) ??
        ordered(['announcement occurredAt', announcedAt], ['correctedAt', event.data.correctedAt])
      );
    case 'QualificationResultPublished':
      if (status !== 'announced' || state.candidates) {
        return outOfOrder(
          event,
          state,
          'qualification results come before candidates and award',
          '资格审查结果应在候选人公示和中标结果之前发布',
        );
      }
      return ordered(['announcement occurredAt', announcedAt], ['reviewedAt', event.data.reviewedAt]);
    case 'CandidatesPublicized':
      return checkCandidates(event.data, event, state, context);
    case 'AwardPublished':
      return checkAward(event.data, event, state, context);
    case 'ContractSigned':
      return checkContract(event.data, event, state, context);
    case 'ContractChanged':
      if (status !== 'contracted' || !state.contract) {
        return outOfOrder(event, state, 'a change needs a signed contract', '履约及变更应在合同订立之后');
      }
      if (state.contract.terminated) {
        return reject(
          'CONTRACT_ALREADY_TERMINATED',
          'The contract has already been terminated',
          '合同已解除，不能再发布履约或变更信息',
        );
      }
      return ordered(['contract signedAt', state.contract.signedAt], ['changedAt', event.data.changedAt]);
    case 'TransactionTerminated':
      if (status === 'contracted' && !state.contract?.terminated) {
        return outOfOrder(
          event,
          state,
          'a signed contract ends by ContractChanged (termination)',
          '合同已订立，应以合同变更（解除）公开',
        );
      }
      return ordered(['announcement occurredAt', announcedAt], ['terminatedAt', event.data.terminatedAt]);
    case 'ComplaintDecided':
      return undefined;
    case 'QualificationResultCorrected':
    case 'CandidatesCorrected':
    case 'AwardCorrected':
    case 'ContractCorrected':
      return correctionRefusal(event, state, {
        candidates: (data) => checkCandidates(data, event, state, context),
        awardAmount: (data) => awardAmountRefusal(data, state),
        contractAmount: (data) => contractAmountRefusal(data, state),
        outOfOrder: (en, zh) => outOfOrder(event, state, en, zh),
      });
  }
  return undefined;
}

function checkCandidates(
  data: EventData<'CandidatesPublicized'>,
  event: DomainEvent,
  state: TransactionState,
  context: DecideContext,
): Refusal | undefined {
  if (state.status !== 'announced') {
    return outOfOrder(
      event,
      state,
      'candidates are publicized before the award',
      '候选人公示应在中标结果之前',
    );
  }
  const since = ordered(
    ['announcement occurredAt', state.announcement?.occurredAt],
    ['publicityStart', data.publicityStart],
  );
  if (since) return since;
  const parties = candidatesOf(data);
  const rejected = new Set(state.qualification?.rejected ?? []);
  const unqualified = parties.find((p) => rejected.has(p.key));
  if (unqualified) {
    return reject(
      'CANDIDATE_NOT_QUALIFIED',
      `${unqualified.name} (${unqualified.key}) failed the qualification review and cannot be a candidate`,
      `${unqualified.name}（${unqualified.key}）未通过资格审查，不得列为候选人`,
      { creditCode: unqualified.key },
    );
  }
  return blacklisted(parties, event.metadata.occurredAt, context);
}

/**
 * Domains where the award and the contract price are the winning bid itself (招标投标法实施条例 第五十七条:
 * 合同的标的、价款…应当与招标文件和中标人的投标文件的内容一致; for procurement 政府采购货物和服务招标投标管理办法
 * （财政部令第87号）第七十一条: 所签订的合同不得对招标文件确定的事项和中标人投标文件作实质性修改). Auctions and
 * listings settle at the deal price, which the candidate list does not carry.
 */
const PRICE_BOUND_DOMAINS: readonly CatalogueDomain[] = ['engineering', 'procurement', 'medical'];

function checkAward(
  data: EventData<'AwardPublished'>,
  event: DomainEvent,
  state: TransactionState,
  context: DecideContext,
): Refusal | undefined {
  if (data.reassignment) {
    const refusal = checkReassignment(data, event, state);
    if (refusal) return refusal;
  } else if (state.status === 'awarded' || state.status === 'contracted') {
    return reject(
      'AWARD_ALREADY_PUBLISHED',
      'An award is already published for this round; terminate the transaction, or name the winner it replaces and why (reassignment)',
      '本次交易已发布中标（成交）结果，重新确定须先终止，或说明所替代的中标人及原因（依次确定其他中标候选人）',
      { award: state.award },
    );
  }
  const domain = data.domain;
  if (DOMAINS_REQUIRING_CANDIDATES.includes(domain) && !state.candidates) {
    return outOfOrder(
      event,
      state,
      'the winner is chosen from publicized candidates',
      '应先公示中标候选人，再确定中标人',
    );
  }
  const winners = winnersOf(data);
  if (state.candidates) {
    const candidates = keysOf(state.candidates.parties);
    const outsider = winners.find((w) => !candidates.has(w.key));
    if (outsider) {
      return reject(
        'WINNER_NOT_A_CANDIDATE',
        `${outsider.name} was not among the publicized candidates`,
        `${outsider.name}不在公示的候选人之中`,
        { winner: outsider.key, candidates: [...candidates] },
      );
    }
    const before = ordered(
      ['candidates publicityStart', state.candidates.publicityStart],
      ['winnerChosen', data.winnerChosen],
    );
    if (before) return before;
  }
  const afterAnnouncement = ordered(
    ['announcement occurredAt', state.announcement?.occurredAt],
    ['winnerChosen', data.winnerChosen],
  );
  if (afterAnnouncement) return afterAnnouncement;
  const amountRefusal = awardAmountRefusal(data, state);
  if (amountRefusal) return amountRefusal;
  return blacklisted(winners, event.metadata.occurredAt, context);
}

/** The award's amount against the winner's publicized bid and the procurement budget (also for a correction). */
function awardAmountRefusal(data: EventData<'AwardPublished'>, state: TransactionState): Refusal | undefined {
  const domain = data.domain;
  const winners = winnersOf(data);
  const amount = awardAmountOf(data);
  const bidPrice = winners.length === 1 ? state.candidates?.prices[winners[0]!.key] : undefined;
  // A documented correction (arithmetic error corrected by the committee, unit or framework price) is recorded as given.
  if (
    amount &&
    bidPrice &&
    !data.amountCorrection &&
    PRICE_BOUND_DOMAINS.includes(domain) &&
    compareYuan(amount, bidPrice) !== 0
  ) {
    return reject(
      'AMOUNT_CONTRADICTION',
      `The award amount ${amount} differs from the winner's publicized bid price ${bidPrice}`,
      `中标（成交）金额${amount}元与公示的投标报价${bidPrice}元不一致`,
      { amount, bidPrice },
    );
  }
  const budget = state.announcement?.budgetAmount;
  if (amount && budget && domain === 'procurement' && compareYuan(amount, budget) > 0) {
    return reject(
      'AMOUNT_CONTRADICTION',
      `The deal amount ${amount} exceeds the announced budget ${budget}`,
      `成交金额${amount}元超过公告的采购预算${budget}元`,
      { amount, budget },
    );
  }
  return undefined;
}

/**
 * An award that replaces the published one (招标投标法实施条例 第五十五条: 依次确定其他中标候选人为中标人; 政府采购法实施条例
 * 第四十九条: 确定下一候选人): before the contract, naming the winner it replaces, going down the ranking.
 */
function checkReassignment(
  data: EventData<'AwardPublished'>,
  event: DomainEvent,
  state: TransactionState,
): Refusal | undefined {
  if (state.status === 'contracted') {
    return reject(
      'CONTRACT_ALREADY_SIGNED',
      'The contract is already signed; the award can no longer pass to another candidate',
      '合同已订立，不能再依次确定其他中标候选人',
    );
  }
  if (state.status !== 'awarded' || !state.award) {
    return outOfOrder(
      event,
      state,
      'a reassignment replaces a published award',
      '依次确定须在原中标结果公布之后',
    );
  }
  const previous = data.reassignment!.previousWinner.creditCode;
  const current = state.award.winners.map((w) => w.key);
  const invalid = (en: string, zh: string) =>
    reject('AWARD_REASSIGNMENT_INVALID', en, zh, { previousWinner: previous, winners: current });
  if (!current.includes(previous)) {
    return invalid(
      `${previous} is not the winner of the published award`,
      `${data.reassignment!.previousWinner.name}不是已公布的中标（成交）人`,
    );
  }
  const next = winnersOf(data);
  if (next.some((w) => w.key === previous)) {
    return invalid('The new award names the winner it replaces', '新的中标（成交）人与被替代者相同');
  }
  const ranks = state.candidates?.ranks;
  const from = ranks?.[previous];
  const to = next.length === 1 ? ranks?.[next[0]!.key] : undefined;
  if (from !== undefined && to !== undefined && to <= from) {
    return invalid(
      `The award passes down the ranking (from rank ${from}), not to rank ${to}`,
      `应按照中标候选人名单排序依次确定（原排名第${from}），不得确定排名第${to}的候选人`,
    );
  }
  return ordered(
    ['previous award winnerChosen', state.award.winnerChosen],
    ['winnerChosen', data.winnerChosen],
  );
}

/** The contract amount against the award, where the price is the winning bid (also for a correction). */
function contractAmountRefusal(
  data: EventData<'ContractSigned'>,
  state: TransactionState,
): Refusal | undefined {
  const awarded = state.award?.amount;
  if (
    awarded &&
    data.contractAmount &&
    PRICE_BOUND_DOMAINS.includes(data.domain) &&
    compareYuan(data.contractAmount, awarded) !== 0
  ) {
    return reject(
      'AMOUNT_CONTRADICTION',
      `The contract amount ${data.contractAmount} differs from the awarded amount ${awarded} (the contract price follows the winning bid)`,
      `合同金额${data.contractAmount}元与中标（成交）金额${awarded}元不一致（合同价款应与中标人投标文件一致）`,
      { contractAmount: data.contractAmount, awarded },
    );
  }
  return undefined;
}

function checkContract(
  data: EventData<'ContractSigned'>,
  event: DomainEvent,
  state: TransactionState,
  context: DecideContext,
): Refusal | undefined {
  if (state.status === 'contracted') {
    return reject(
      'CONTRACT_ALREADY_SIGNED',
      'The contract is already signed; publish a ContractChanged',
      '合同已订立，变更应发布履约及变更信息',
    );
  }
  if (state.status !== 'awarded' || !state.award) {
    return outOfOrder(event, state, 'the contract follows the award', '合同应在中标（成交）结果公布后订立');
  }
  const party = contractPartyOf(data);
  if (!keysOf(state.award.winners).has(party.key)) {
    return reject(
      'CONTRACT_PARTY_NOT_WINNER',
      `The contract party ${party.name} is not the winner of the award`,
      `合同相对人${party.name}不是中标（成交）人`,
      { party: party.key, winners: state.award.winners.map((w) => w.key) },
    );
  }
  const amountRefusal = contractAmountRefusal(data, state);
  if (amountRefusal) return amountRefusal;
  const refusal =
    ordered(['award winnerChosen', state.award.winnerChosen], ['signedAt', data.signedAt]) ??
    ordered(
      ['award notice', data.awardNoticeIssued ?? state.award.awardNoticeIssued],
      ['signedAt', data.signedAt],
    );
  if (refusal) return refusal;
  return blacklisted([party], event.metadata.occurredAt, context);
}

/**
 * Decide whether the centre may publish a stage event of this transaction. Hard invariants reject with a
 * stable code; statutory timing never rejects and comes back as findings for the service to store with the
 * event (`metadata.findings`).
 */
export function decide(
  command: PublishDisclosure,
  state: TransactionState,
  context: DecideContext = {},
): Decision {
  const parsed = parseDomainEvent(command.event);
  if (!parsed.success) {
    return reject('INVALID_EVENT', 'The event does not match its schema', '事件数据不符合规范', {
      issues: parsed.issues,
    });
  }
  return decideParsed(parsed.event, state, context);
}

/**
 * `decide` for an event that already came out of `parseDomainEvent` (the service validates every envelope
 * before it decides): the same rules, without validating the event a second time.
 */
export function decideParsed(
  event: DomainEvent,
  state: TransactionState,
  context: DecideContext = {},
): Decision {
  const badYear = yearsOutOfRange(event);
  if (badYear) return badYear;
  if (isCreditEventType(event.type)) {
    return reject(
      'WRONG_STREAM',
      `${event.type} belongs in the credit stream of its subject, not in a transaction stream`,
      '信用信息应记入主体信用流，而非交易流',
    );
  }
  if (isDisclosureEventType(event.type)) {
    return reject(
      'WRONG_STREAM',
      `${event.type} belongs in the disclosure's own stream, not in a transaction stream: it links to transactions, it is not written into them`,
      '交易外公开事项记入其自身信息流，不得写入交易流',
    );
  }
  const data = event.data as EventData<'AnnouncementPublished'>;
  const transactionId = transactionIdOf(data);
  if (state.transactionId !== undefined && transactionId !== state.transactionId) {
    return reject(
      'TRANSACTION_MISMATCH',
      `The event names transaction ${transactionId}, the stream holds ${state.transactionId}`,
      `事件所属交易（${transactionId}）与本交易（${state.transactionId}）不一致`,
      { expected: state.transactionId, actual: transactionId },
    );
  }
  if (state.domain !== undefined && data.domain !== state.domain) {
    return reject(
      'DOMAIN_MISMATCH',
      `The event is in domain ${data.domain}, the transaction in ${state.domain}`,
      `事件领域（${data.domain}）与交易领域（${state.domain}）不一致`,
      { expected: state.domain, actual: data.domain },
    );
  }
  const foreign = ownershipRefusal(event, state.owner);
  if (foreign) return foreign;
  // 谁制作谁公开: a correction is published by a role that may publish the stage it corrects.
  const stage = isCorrectionEventType(event.type) ? CORRECTED_STAGE[event.type] : undefined;
  const role =
    (stage && refusedRole(event, stage, data.domain)) ??
    publisherAllowed(event.metadata.regionCode, event.type, data.domain, event.metadata.publisherRole);
  if (!role.allowed) {
    return reject(
      'PUBLISHER_ROLE_NOT_ALLOWED',
      `A publisher in role ${event.metadata.publisherRole} may not publish ${event.type} here (allowed: ${role.allowedRoles.join(', ')})`,
      `按“谁批准谁公开、谁实施谁公开、谁制作谁公开”，${event.metadata.publisherRole}不得发布此项信息（允许：${role.allowedRoles.join('、')}）`,
      { role: event.metadata.publisherRole, allowedRoles: role.allowedRoles, catalogueId: role.catalogueId },
    );
  }
  const refusal = internalDates(event) ?? checkStage(event, state, context);
  if (refusal) return refusal;
  const timing = timingOf(event, state, context.calendar);
  const periods = periodCures(event, state, context.calendar);
  const findings = [
    ...timing.findings,
    ...periods.raised,
    ...conductFindingsOf(event, state),
    ...periods.cures,
  ];
  // The event as stored (findings in its metadata): what evolve reads the open periods and their cures from.
  return { ok: true, events: [withFindings(event, findings)], findings, timing };
}

function refusedRole(event: DomainEvent, stage: EventType, domain: CatalogueDomain) {
  const role = publisherAllowed(event.metadata.regionCode, stage, domain, event.metadata.publisherRole);
  return role.allowed ? undefined : role;
}

/** The event with its findings in `metadata.findings`, as the service stores it. */
export function withFindings(
  event: DomainEvent,
  findings: ReadonlyArray<Finding | CureFinding>,
): DomainEvent {
  if (findings.length === 0) return event;
  return {
    ...event,
    metadata: { ...event.metadata, findings: findings.map((f) => ({ ...f })) },
  } as DomainEvent;
}
