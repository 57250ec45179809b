/**
 * The integrity indicators (廉政风险预警) the red-flags read model raises. Where one matches an Open Contracting
 * Cardinal red flag (https://cardinal.readthedocs.io), it carries that code and the Cardinal title; the others
 * have a `GK_` code of ours. `rule` cites the Chinese provision the pattern touches, where there is one. A
 * flag is a reason to open the file, never a finding of breach: the event that raised it was accepted.
 */
export interface RedFlagDefinition {
  code: string;
  /** True when `code` is a Cardinal indicator. */
  cardinal: boolean;
  title: { zh: string; en: string };
  /** What raises it here (and, for Cardinal codes, how this differs from Cardinal's methodology). */
  definition: string;
  rule?: string;
}

/** A flag raised (GET /v1/red-flags); declared here, a file without imports, so the console shares it. */
export interface RedFlag extends Omit<RedFlagDefinition, 'code'> {
  code: string;
  /** What the flag is about: `<transactionId>#<round>`, or `<buyer>:<supplier>` for a dominant supplier. */
  subject: string;
  transactionId?: string;
  domain?: string;
  regionCode: string;
  publisher: { name: string; creditCode: string };
  /** The event that raised it (most recently). */
  eventId: string;
  eventType: string;
  position: number;
  raisedAt: string;
  evidence: Record<string, unknown>;
}

/**
 * Thresholds of the indicators. Changing one changes what a rebuild computes: bump the projection's version
 * with it, so the read model is rebuilt beside the live one.
 */
export const RED_FLAG_THRESHOLDS = {
  /** Statutory minimum bid period in days (招标投标法 §24, 政府采购法 §35, 自然资源部令第39号 §10). */
  minimumBidPeriodDays: 20,
  /** A winning price at or above this share of the ceiling price (or budget) is flagged. */
  ceilingShare: 0.99,
  /** Share of disqualified applicants (with at least two disqualified) flagged as excessive. */
  disqualifiedShare: 0.5,
  /** A supplier winning more than this share of one buyer's awards … */
  dominantShare: 0.5,
  /** … once the buyer has made at least this many awards. */
  dominantMinimumAwards: 3,
  /** A contract amount differing from the award (or changed after signing) by more than this share. */
  amountChangeShare: 0.1,
  /** A penalty decided within this many years before the award is still open (政府采购法 §22: 三年内). */
  penaltyLookbackYears: 3,
} as const;

export const RED_FLAGS = {
  R003: {
    code: 'R003',
    cardinal: true,
    title: { zh: '投标（竞买）期限过短', en: 'Short submission period' },
    definition:
      'The bid period (documents issued, or the announcement published, until bids close or trading starts) is ' +
      `shorter than the statutory minimum of ${RED_FLAG_THRESHOLDS.minimumBidPeriodDays} days. Re-checked when a ` +
      'correction moves the deadline: a correction that extends it withdraws the flag.',
    rule: '招标投标法 第二十四条；政府采购法 第三十五条；招标拍卖挂牌出让国有建设用地使用权规定 第十条',
  },
  R018: {
    code: 'R018',
    cardinal: true,
    title: { zh: '单一投标人或单一候选人', en: 'Single bid received' },
    definition: 'Only one applicant passed the qualification review, or only one candidate was publicised.',
    rule: '招标投标法 第二十八条（投标人少于三个的，应当重新招标）；政府采购法 第三十六条',
  },
  R028: {
    code: 'R028',
    cardinal: true,
    title: { zh: '投标报价相同', en: 'Identical bid prices' },
    definition: 'Different candidates bid exactly the same price.',
    rule: '招标投标法实施条例 第四十条（投标报价呈规律性差异等，视为串通投标）',
  },
  R035: {
    code: 'R035',
    cardinal: true,
    title: { zh: '除中标人外其余投标人均被否决', en: 'All except winning bid disqualified' },
    definition:
      'Every applicant but one failed the qualification review, and the one that passed won the award.',
  },
  R036: {
    code: 'R036',
    cardinal: true,
    title: { zh: '最低报价未中标', en: 'Lowest bid disqualified' },
    definition:
      'The lowest-priced publicised candidate did not win (engineering, procurement, medical: where the public ' +
      'side buys; in sales of land or property the highest bid wins). Cardinal flags a disqualified lowest bid under a ' +
      'price-only criterion; the trail carries no prices of bids rejected at qualification, so this is the nearest ' +
      'check it allows (the evidence names the lowest and the winning price).',
    rule: '招标投标法实施条例 第五十五条（应当确定排名第一的中标候选人为中标人）',
  },
  R038: {
    code: 'R038',
    cardinal: true,
    title: { zh: '否决投标比例过高', en: 'Excessive disqualified bids' },
    definition:
      `At least two applicants and at least ${RED_FLAG_THRESHOLDS.disqualifiedShare * 100}% of them failed the ` +
      'qualification review. Cardinal compares the ratio per buyer against the other buyers (an outlier); this ' +
      'is the per-transaction threshold.',
  },
  GK_PRICE_AT_CEILING: {
    code: 'GK_PRICE_AT_CEILING',
    cardinal: false,
    title: {
      zh: '成交价等于或接近最高限价（预算）',
      en: 'Winning price at or near the ceiling price or budget',
    },
    definition: `The award amount is at least ${RED_FLAG_THRESHOLDS.ceilingShare * 100}% of the announced ceiling price (最高限价), or of the budget when no ceiling was set.`,
  },
  GK_DOMINANT_SUPPLIER: {
    code: 'GK_DOMINANT_SUPPLIER',
    cardinal: false,
    title: { zh: '同一供应商中标某采购人多数项目', en: "One supplier wins most of a buyer's awards" },
    definition: `One supplier won more than ${RED_FLAG_THRESHOLDS.dominantShare * 100}% of the awards of a buyer that made at least ${RED_FLAG_THRESHOLDS.dominantMinimumAwards}. Withdrawn when later awards bring the share back down.`,
  },
  GK_CONTRACT_AMOUNT_CHANGED: {
    code: 'GK_CONTRACT_AMOUNT_CHANGED',
    cardinal: false,
    title: { zh: '合同金额偏离中标金额', en: 'Contract amount changed beyond the threshold after award' },
    definition: `The signed contract amount differs from the award, or a variation changes the contract amount, by more than ${RED_FLAG_THRESHOLDS.amountChangeShare * 100}%.`,
    rule: '政府采购法 第四十九条（补充合同的采购金额不得超过原合同采购金额的百分之十）；招标投标法 第四十六条',
  },
  GK_AWARD_TO_PENALIZED: {
    code: 'GK_AWARD_TO_PENALIZED',
    cardinal: false,
    title: { zh: '中标人存在行政处罚记录', en: 'Award to a party with an open penalty' },
    definition: `The winner had an administrative penalty decided within ${RED_FLAG_THRESHOLDS.penaltyLookbackYears} years before the award, or one still within its display period.`,
    rule: '政府采购法 第二十二条（参加政府采购活动前三年内，在经营活动中没有重大违法记录）',
  },
} as const satisfies Record<string, RedFlagDefinition>;

export type RedFlagCode = keyof typeof RED_FLAGS;
export const RED_FLAG_CODES = Object.keys(RED_FLAGS) as RedFlagCode[];
