import {
  CORRECTED_STAGE,
  type CorrectionEventType,
  correctedStageData,
  type DomainEvent,
  type EventData,
  isCorrectionEventType,
  restatedStageOf,
  restatementField,
  stagePathOf,
} from '../events';
import { ordered } from './date-order';
import { contractPartyOf, type PartyRef, winnersOf } from './parties';
import { reject, type Rejection } from './rejections';
import type { TransactionState } from './transaction-state';

type Refusal = { ok: false; rejection: Rejection };

/** The decider's own stage checks, handed in so a correction is held to what the stage itself was. */
export interface StageChecks {
  candidates(data: EventData<'CandidatesPublicized'>): Refusal | undefined;
  awardAmount(data: EventData<'AwardPublished'>): Refusal | undefined;
  contractAmount(data: EventData<'ContractSigned'>): Refusal | undefined;
  outOfOrder(needEn: string, needZh: string): Refusal;
}

function notPublished(event: DomainEvent, state: TransactionState): Refusal {
  const stage = CORRECTED_STAGE[event.type as CorrectionEventType];
  return reject(
    'STAGE_NOT_PUBLISHED',
    `${event.type} corrects ${stage}, which this round of the transaction has not published`,
    `本轮交易尚未发布被更正的信息（${stage}），不能发布更正公告`,
    { stage, round: state.round, history: state.history },
  );
}

const sameParties = (a: PartyRef[], b: PartyRef[]) =>
  a.length === b.length && a.every((p) => b.some((q) => q.key === p.key));

/**
 * 更正公告 of a later stage (资格审查结果, 中标候选人公示, 中标结果, 合同). A correction restates a stage this round
 * published (STAGE_NOT_PUBLISHED otherwise) and is held to that stage's rules as restated; it cannot change who
 * won or signed (a new winner is a reassignment under 实施条例 第五十五条, a new contract party needs a new award),
 * and it comes after the fact it corrects. Timing: 自信息形成或变更之日起20个工作日内 (政府信息公开条例 第二十六条,
 * every seed's 强化公开时效), checked from `correctedAt` by the national catalogue's correction item.
 */
export function correctionRefusal(
  event: DomainEvent,
  state: TransactionState,
  checks: StageChecks,
): Refusal | undefined {
  return secretsExposed(event, state) ?? stageRefusal(event, state, checks);
}

/**
 * 政府信息公开条例 第十五条: what the publisher flagged as a commercial secret in the stage stays hidden in its
 * correction. The public view is built per event, so a correction restating the stage flags the same fields
 * (in the stage's terms, or under its restatement); one that does not is refused rather than disclosed.
 */
export function secretsExposed(event: DomainEvent, state: TransactionState): Refusal | undefined {
  if (!isCorrectionEventType(event.type) || restatedStageOf(event.type, event.data) === undefined)
    return undefined;
  const secrets = state.stageSecrets?.[CORRECTED_STAGE[event.type]] ?? [];
  if (secrets.length === 0) return undefined;
  const flagged = new Set((event.metadata.confidentialFields ?? []).map((p) => stagePathOf(event.type, p)));
  const missing = secrets.filter((path) => !flagged.has(path));
  if (missing.length === 0) return undefined;
  return reject(
    'CONFIDENTIAL_FIELD_EXPOSED',
    `The stage flagged ${missing.join(', ')} as commercial secrets; its correction must flag them too (metadata.confidentialFields)`,
    `被更正信息中标注为商业秘密的字段（${missing.join('、')}）在更正公告中也应标注，否则将被公开`,
    { missing, field: `${restatementField(event.type)}.<path>` },
  );
}

function stageRefusal(event: DomainEvent, state: TransactionState, checks: StageChecks): Refusal | undefined {
  const correctedAt = (event.data as { correctedAt: string }).correctedAt;
  switch (event.type) {
    case 'QualificationResultCorrected': {
      if (!state.qualification) return notPublished(event, state);
      if (state.status !== 'announced') {
        return checks.outOfOrder(
          'the qualification result is corrected before the award',
          '资格审查结果应在定标前更正',
        );
      }
      const data = correctedStageData(event) as EventData<'QualificationResultPublished'>;
      const rejected = new Set(
        (data.rejected ?? []).map((r) => ('creditCode' in r ? r.creditCode : r.idNumber)),
      );
      const candidate = state.candidates?.parties.find((p) => rejected.has(p.key));
      if (candidate) {
        return reject(
          'CANDIDATE_NOT_QUALIFIED',
          `${candidate.name} (${candidate.key}) is a publicized candidate; the corrected result cannot reject it`,
          `${candidate.name}（${candidate.key}）已列为中标候选人，更正后的资格审查结果不得将其列为未通过`,
          { creditCode: candidate.key },
        );
      }
      return (
        ordered(
          ['announcement occurredAt', state.announcement?.occurredAt],
          ['reviewedAt', data.reviewedAt],
        ) ?? ordered(['reviewedAt', data.reviewedAt], ['correctedAt', correctedAt])
      );
    }
    case 'CandidatesCorrected': {
      if (!state.candidates) return notPublished(event, state);
      const data = correctedStageData(event) as EventData<'CandidatesPublicized'>;
      return (
        checks.candidates(data) ??
        ordered(['candidates publicityStart', state.candidates.publicityStart], ['correctedAt', correctedAt])
      );
    }
    case 'AwardCorrected': {
      if (!state.award) return notPublished(event, state);
      const data = correctedStageData(event) as EventData<'AwardPublished'>;
      const winners = winnersOf(data);
      if (!sameParties(winners, state.award.winners)) {
        return reject(
          'CORRECTION_CHANGES_PARTY',
          'A correction cannot change the winner; another candidate is awarded by an AwardPublished naming the winner it replaces (reassignment)',
          '更正公告不得变更中标（成交）人；依次确定其他中标候选人应发布新的中标结果并说明所替代的中标人',
          { winners: state.award.winners.map((w) => w.key), corrected: winners.map((w) => w.key) },
        );
      }
      return (
        checks.awardAmount(data) ??
        ordered(
          ['announcement occurredAt', state.announcement?.occurredAt],
          ['winnerChosen', data.winnerChosen],
        ) ??
        ordered(['winnerChosen', data.winnerChosen], ['correctedAt', correctedAt])
      );
    }
    case 'ContractCorrected': {
      if (!state.contract || !state.award) return notPublished(event, state);
      if (state.contract.terminated) {
        return reject(
          'CONTRACT_ALREADY_TERMINATED',
          'The contract has been terminated; it can no longer be corrected',
          '合同已解除，不能再更正',
        );
      }
      const data = correctedStageData(event) as EventData<'ContractSigned'>;
      const party = contractPartyOf(data);
      if (party.key !== state.contract.party.key) {
        return reject(
          'CORRECTION_CHANGES_PARTY',
          `A correction cannot change the contract party (${state.contract.party.key}, not ${party.key})`,
          `更正公告不得变更合同相对人（${state.contract.party.name}）`,
          { party: state.contract.party.key, corrected: party.key },
        );
      }
      return (
        checks.contractAmount(data) ??
        ordered(['award winnerChosen', state.award.winnerChosen], ['signedAt', data.signedAt]) ??
        ordered(['signedAt', data.signedAt], ['correctedAt', correctedAt])
      );
    }
  }
  return undefined;
}
