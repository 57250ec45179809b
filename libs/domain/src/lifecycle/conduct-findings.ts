import { type BilingualText, formatSource, type RuleSource } from '../calendar';
import type { CatalogueFinding, FindingCode } from '../catalogues';
import type { DomainEvent, EventData } from '../events';
import { instantMillis, yuanToFen } from '../identifiers';
import { winnersOf } from './parties';
import type { TransactionState } from './transaction-state';

/**
 * Conduct a statute forbids but the disclosure must still record: accepted with the event, like a late
 * disclosure, and stored in `metadata.findings` for supervisors.
 */
export const CONDUCT_FINDING_CODES = [
  'WINNER_CHOSEN_DURING_PUBLICITY',
  'WINNER_NOT_FIRST_RANKED',
  'SUPPLEMENTARY_CONTRACT_OVER_10_PERCENT',
] as const satisfies readonly FindingCode[];

export type ConductFindingCode =
  /** 招标投标法实施条例 第五十四条第二款: objections may be raised until the publicity ends. */
  | 'WINNER_CHOSEN_DURING_PUBLICITY'
  /** 招标投标法实施条例 第五十五条: state-controlled projects award the first-ranked candidate, then in order. */
  | 'WINNER_NOT_FIRST_RANKED'
  /** 政府采购法 第四十九条: supplementary contracts total at most 10 % of the contract amount. */
  | 'SUPPLEMENTARY_CONTRACT_OVER_10_PERCENT';

export interface ConductFinding {
  code: ConductFindingCode;
  ruleId: string;
  origin: 'statute';
  source: RuleSource;
  sourceText: string;
  message: BilingualText;
  details: Record<string, unknown>;
}

/** What the decider returns with an accepted event: timing findings and conduct findings. */
export type Finding = CatalogueFinding | ConductFinding;

function finding(
  code: ConductFindingCode,
  ruleId: string,
  source: RuleSource,
  message: BilingualText,
  details: Record<string, unknown>,
): ConductFinding {
  const sourceText = formatSource(source);
  return {
    code,
    ruleId,
    origin: 'statute',
    source,
    sourceText,
    message: { en: `${message.en} (${sourceText})`, zh: `${message.zh}（${sourceText}）` },
    details,
  };
}

const TENDERING_REGULATION = '招标投标法实施条例';

/** Is the engineering project one that must be tendered (unknown counts as yes: the finding is a question)? */
const mustTender = (data: { tenderingRequired?: boolean }) => data.tenderingRequired !== false;

function awardFindings(data: EventData<'AwardPublished'>, state: TransactionState): ConductFinding[] {
  if (data.domain !== 'engineering' || !state.candidates) return [];
  const found: ConductFinding[] = [];
  const { publicityEnd } = state.candidates;
  if (mustTender(data) && instantMillis(data.winnerChosen) < instantMillis(publicityEnd)) {
    found.push(
      finding(
        'WINNER_CHOSEN_DURING_PUBLICITY',
        'engineering.award.after-candidates-publicity',
        { document: TENDERING_REGULATION, article: '第五十四条' },
        {
          en: `The winner was chosen on ${data.winnerChosen}, before the candidates publicity ended on ${publicityEnd}, while objections could still be raised`,
          zh: `中标人于${data.winnerChosen}确定，早于中标候选人公示期结束（${publicityEnd}），异议期内不得确定中标人`,
        },
        { winnerChosen: data.winnerChosen, publicityEnd },
      ),
    );
  }
  const ranks = state.candidates.ranks ?? {};
  const winner = winnersOf(data)[0];
  const rank = winner ? ranks[winner.key] : undefined;
  if (data.stateFundedControlling === true && mustTender(data) && rank !== undefined) {
    const previous = data.reassignment ? ranks[data.reassignment.previousWinner.creditCode] : undefined;
    const below = Object.values(ranks).filter((r) => previous === undefined || r > previous);
    const expected = below.length > 0 ? Math.min(...below) : rank;
    if (rank !== expected) {
      found.push(
        finding(
          'WINNER_NOT_FIRST_RANKED',
          'engineering.award.state-funded-first-ranked',
          { document: TENDERING_REGULATION, article: '第五十五条' },
          {
            en: `In a state-controlled project the candidate ranked ${expected} is awarded, not ${winner!.name} (ranked ${rank})`,
            zh: `国有资金占控股或者主导地位的依法必须进行招标的项目，应确定排名第${expected}的中标候选人为中标人，而非排名第${rank}的${winner!.name}`,
          },
          { winner: winner!.key, rank, expectedRank: expected },
        ),
      );
    }
  }
  return found;
}

function changeFindings(data: EventData<'ContractChanged'>, state: TransactionState): ConductFinding[] {
  const original = state.contract?.originalAmount;
  const amount = data.newContractAmount;
  if (data.domain !== 'procurement' || data.changeKind !== 'variation' || !original || !amount) return [];
  // Fen, exact: new ≤ 110 % of the original.
  if (yuanToFen(amount) * 10 <= yuanToFen(original) * 11) return [];
  return [
    finding(
      'SUPPLEMENTARY_CONTRACT_OVER_10_PERCENT',
      'procurement.contract.supplementary-max-10-percent',
      { document: '政府采购法', article: '第四十九条' },
      {
        en: `The contract amount rises to ${amount}, more than 10 % above the ${original} signed`,
        zh: `合同金额增至${amount}元，所有补充合同的采购金额超过原合同采购金额${original}元的百分之十`,
      },
      { newContractAmount: amount, originalAmount: original },
    ),
  ];
}

/** The conduct findings of an event the decider accepts, given the state before it. */
export function conductFindingsOf(event: DomainEvent, state: TransactionState): ConductFinding[] {
  switch (event.type) {
    case 'AwardPublished':
      return awardFindings(event.data, state);
    case 'ContractChanged':
      return changeFindings(event.data, state);
    default:
      return [];
  }
}
