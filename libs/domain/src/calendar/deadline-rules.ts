import { z } from 'zod';
import { addDays, type CalendarDate, toShanghaiDate } from './calendar-date';
import { HOLIDAY_MEASURES_ARTICLES } from './provisional-holidays';
import { statutoryCalendar, type StatutoryCalendar } from './statutory-calendar';

/** 日 (calendar days, last day moved off rest days) or 工作日 (working days only). */
export type PeriodUnit = 'workingDays' | 'calendarDays';

/**
 * The named dates a rule counts from or checks. The decider fills those it knows for an event; a rule whose
 * dates are missing is reported as unchecked, never guessed.
 */
export const DATE_ANCHORS = [
  /** metadata.occurredAt: when the publisher says the fact was formed. Only the announcement, which is its own fact, counts from it. */
  'occurredAt',
  /** metadata.publishedAt: when it was disclosed. */
  'publishedAt',
  /** 收到评标报告之日 (candidates; for an award, from the candidates event or the award itself). */
  'evaluationReportReceived',
  /** 确定中标人/成交供应商之日 (for auctions and listings: the end of trading, when the winner is known). */
  'winnerChosen',
  /** 中标/成交通知书发出之日 (mining: or 成交确认书签订之日). */
  'awardNoticeIssued',
  /** 合同签订之日 (SIGNING_TIME). */
  'signedAt',
  /** 履约及变更之日. */
  'changedAt',
  /** 更正之日. */
  'correctedAt',
  /** 流标/终止/废标之日. */
  'terminatedAt',
  /** 资格审查之日. */
  'reviewedAt',
  /** 投诉/监督检查处理决定作出之日. */
  'decidedAt',
  /** 完成并履行有关报审程序之日 (晋江清单: complaint decisions are published after it). */
  'approvalProcedureCompletedAt',
  /** 作出行政决定之日 (penalties cf_jdrq, licences xk_jdrq, credit records, blacklist listings). */
  'decidedOn',
  /** 移出黑名单之日. */
  'removedOn',
  /** 公示开始 / 公示结束 (PUBLICITY_START_TIME / PUBLICITY_END_TIME). */
  'publicityStart',
  'publicityEnd',
  /** 招标文件/资格预审文件开始发出 / 停止发售. */
  'documentsIssueStart',
  'documentsIssueEnd',
  /** 资格预审文件停止发售 / 提交资格预审申请文件截止 (招标投标法实施条例 第十七条、第二十一条). */
  'prequalificationDocumentsIssueEnd',
  'prequalificationDeadline',
  /** 投标截止 / 提交响应文件截止. */
  'bidDeadline',
  /** 公告期开始 / 结束 (procurement announcement period). */
  'announcementStart',
  'announcementEnd',
  /** 招标、拍卖、挂牌开始 (land, mining): when bidding, auction or listing starts. */
  'tradingStart',
  /** 挂牌起始 / 截止. */
  'listingStart',
  'listingEnd',
] as const;
export type DateAnchor = (typeof DATE_ANCHORS)[number];

/** Where a rule comes from: a statute's article or a catalogue line in a seed. */
export interface RuleSource {
  /** e.g. `招标投标法实施条例` or `晋政办〔2018〕114号 附件`. */
  document: string;
  /** e.g. `第五十四条`, or the catalogue row. */
  article?: string;
  /** Seed file under shared/seeds the rule was read from, with its line. */
  seed?: { file: string; line: number };
}

export interface BilingualText {
  en: string;
  zh: string;
}

/**
 * What a transaction must be for a statute to bind it: a rule with a scope applies only to events whose facts
 * match, and is unchecked (never guessed) when a fact it needs is not known.
 */
export interface RuleScope {
  /** 采购方式 / 出让方式 the statute covers (e.g. 政府采购法 第三十五条 binds only 招标). */
  methods?: readonly string[];
  /** 依法必须进行招标的项目 only (招标投标法 第二十四条, 实施条例 第五十四条). */
  tenderingRequired?: true;
  /** The correction may affect the preparation of bids or applications (实施条例 第二十一条). */
  affectsPreparation?: true;
  /** 国有产权交易 kinds (32号令: 产权转让, 企业增资, 资产转让). */
  propertyTransactionKinds?: readonly string[];
  /** 转让底价 in yuan: above `above` (exclusive) and at most `atMost` (inclusive). */
  reservePrice?: { above?: string; atMost?: string };
  /** The scope in words, for documents and findings. */
  description: BilingualText;
}

/** The facts of an event's transaction that scopes read; absent when the publisher did not give them. */
export interface ScopeFacts {
  method?: string;
  tenderingRequired?: boolean;
  affectsPreparation?: boolean;
  propertyTransactionKind?: string;
  /** Yuan, as a decimal string. */
  reservePrice?: string;
}

interface RuleBase {
  /** Stable identifier, e.g. `engineering.candidates.publicity-min`. */
  id: string;
  unit: PeriodUnit;
  /** The period: a whole number of days, at least 1. */
  n: number;
  /** The date the period runs from (its own day is not counted). */
  from: DateAnchor;
  description: BilingualText;
  source: RuleSource;
  /** Where the statute binds; absent: everywhere the rule's event type and domain occur. */
  scope?: RuleScope;
}

/** `subject` must fall on or before the last day of the period from `from` (公开时限, 签约时限). */
export interface WithinRule extends RuleBase {
  kind: 'within';
  subject: DateAnchor;
}

/** `until` must fall on or after the last day of the period from `from` (公示期/公告期/挂牌期不少于 n 日). */
export interface AtLeastRule extends RuleBase {
  kind: 'atLeast';
  until: DateAnchor;
}

export type DeadlineRule = WithinRule | AtLeastRule;

/** Schema of a rule's source reference. */
export const ruleSourceSchema = z.object({
  document: z.string().min(1),
  article: z.string().min(1).optional(),
  seed: z
    .object({ file: z.string().regex(/^\d{3}_[0-9a-f]{16}\.txt$/), line: z.number().int().positive() })
    .optional(),
});
const bilingualSchema = z.object({ en: z.string().min(1), zh: z.string().min(1) });
const yuanText = z.string().regex(/^\d+(\.\d+)?$/);
export const ruleScopeSchema = z.object({
  methods: z.array(z.string().min(1)).min(1).optional(),
  tenderingRequired: z.literal(true).optional(),
  affectsPreparation: z.literal(true).optional(),
  propertyTransactionKinds: z.array(z.string().min(1)).min(1).optional(),
  reservePrice: z.object({ above: yuanText.optional(), atMost: yuanText.optional() }).optional(),
  description: bilingualSchema,
});
const ruleBase = {
  id: z.string().regex(/^[A-Za-z0-9_]+(?:[.-][A-Za-z0-9_]+)*$/),
  unit: z.enum(['workingDays', 'calendarDays']),
  n: z.number().int().min(1).max(366),
  from: z.enum(DATE_ANCHORS),
  description: z.object({ en: z.string().min(1), zh: z.string().min(1) }),
  source: ruleSourceSchema,
  scope: ruleScopeSchema.optional(),
};

/** Schema of a well-formed rule (catalogue specs validate every rule with it). */
export const deadlineRuleSchema = z.discriminatedUnion('kind', [
  z.object({ ...ruleBase, kind: z.literal('within'), subject: z.enum(DATE_ANCHORS) }),
  z.object({ ...ruleBase, kind: z.literal('atLeast'), until: z.enum(DATE_ANCHORS) }),
]);

/** `招标投标法实施条例 第五十四条`. */
export function formatSource(source: RuleSource): string {
  return source.article ? `${source.document} ${source.article}` : source.document;
}

/** The last day of a period of n units counted from `from` (starting day not counted; see docs/deadlines.md). */
export function addPeriod(
  from: CalendarDate,
  period: { unit: PeriodUnit; n: number },
  calendar: StatutoryCalendar = statutoryCalendar,
): CalendarDate {
  return period.unit === 'workingDays'
    ? calendar.addWorkingDays(from, period.n)
    : calendar.addCalendarDays(from, period.n);
}

/**
 * The due date of a rule: for `within`, the last day `subject` may fall on; for `atLeast`, the earliest day
 * `until` may fall on.
 */
export function dueDate(
  rule: DeadlineRule,
  fromDate: CalendarDate | string | Date,
  calendar: StatutoryCalendar = statutoryCalendar,
): CalendarDate {
  return addPeriod(toShanghaiDate(fromDate), rule, calendar);
}

/** The answer of `GET /v1/calendar/deadline`. */
export interface DeadlineAnswer {
  from: CalendarDate;
  unit: PeriodUnit;
  n: number;
  /** The last day of the period. */
  due: CalendarDate;
  /** For calendar days: the plain from + n, before moving off a rest day. */
  nominalDue: CalendarDate;
  /** True when the nominal last day was a rest day and the period was extended (民法典 §203). */
  extended: boolean;
  rule: BilingualText;
  source: string;
  /** True when a day of the period lies in a year without an official arrangement (see `provisionalNote`). */
  provisional: boolean;
  /** When provisional: which years, and the rule their rest days were computed by. */
  provisionalYears?: number[];
  provisionalBasis?: ProvisionalBasis;
}

/** Why an answer on a provisional year is what it is: cited on every provisional answer and finding. */
export interface ProvisionalBasis {
  en: string;
  zh: string;
  source: string;
}

export const PROVISIONAL_BASIS: ProvisionalBasis = {
  en:
    'No official holiday arrangement for this year yet: rest days are the weekends and the statutory holidays, ' +
    'with a day in lieu for a statutory day on a weekend; the State Council notice may move days (调休).',
  zh: '该年度节假日安排尚未公布：按周末及法定节假日计算，法定节假日适逢周六、周日的在其后工作日补假；以国务院办公厅通知为准。',
  source: HOLIDAY_MEASURES_ARTICLES,
};

/** The provisional years an answer over the days from `a` to `b` relied on, with the rule cited; `{}` when none. */
export function provisionalNote(
  calendar: StatutoryCalendar,
  a: CalendarDate,
  b: CalendarDate,
): { provisionalYears?: number[]; provisionalBasis?: ProvisionalBasis } {
  const years = calendar.provisionalYearsBetween(a, b);
  return years.length > 0 ? { provisionalYears: years, provisionalBasis: PROVISIONAL_BASIS } : {};
}

const PERIOD_SOURCE = '民法典 第二百零一条、第二百零三条';

/** Compute a deadline for the HTTP API: `{ from, workingDays }` or `{ from, days }`. */
export function computeDeadline(
  from: CalendarDate | string | Date,
  period: { unit: PeriodUnit; n: number },
  calendar: StatutoryCalendar = statutoryCalendar,
): DeadlineAnswer {
  const start = toShanghaiDate(from);
  const due = addPeriod(start, period, calendar);
  const note = provisionalNote(calendar, start, due);
  const provisional = { provisional: note.provisionalYears !== undefined, ...note };
  if (period.unit === 'workingDays') {
    return {
      from: start,
      unit: period.unit,
      n: period.n,
      due,
      nominalDue: due,
      extended: false,
      rule: {
        en: 'The starting day is not counted; only working days are counted (make-up working days count, holidays do not).',
        zh: '开始的当日不计入；只计算工作日（调休上班日计入，节假日不计入）。',
      },
      source: `${PERIOD_SOURCE}；政府信息公开条例 第二十六条`,
      ...provisional,
    };
  }
  const nominalDue = addDays(start, period.n);
  return {
    from: start,
    unit: period.unit,
    n: period.n,
    due,
    nominalDue,
    extended: due !== nominalDue,
    rule: {
      en: 'The starting day is not counted; if the last day is a rest day or holiday, the period ends on the first working day after it.',
      zh: '开始的当日不计入；期间的最后一日是法定休假日的，以法定休假日结束的次日为期间的最后一日。',
    },
    source: PERIOD_SOURCE,
    ...provisional,
  };
}
