import type {
  AtLeastRule,
  BilingualText,
  DateAnchor,
  PeriodUnit,
  RuleScope,
  RuleSource,
  WithinRule,
} from '../calendar';

/** Seed files (shared/seeds) by jurisdiction. */
export const SEED_FILES = {
  nantong: '000_175d195078acbfce.txt',
  suzhou: '001_906904714340edf8.txt',
  shaoguan: '002_2f6c18a0557fee4c.txt',
  jinjiang: '003_177976c99acdd9ca.txt',
  tianjin: '004_4080737c358f3dcb.txt',
} as const;

export function seedSource(
  jurisdiction: keyof typeof SEED_FILES,
  document: string,
  line: number,
  article?: string,
): RuleSource {
  return { document, ...(article ? { article } : {}), seed: { file: SEED_FILES[jurisdiction], line } };
}

export function lawSource(document: string, article?: string): RuleSource {
  return article ? { document, article } : { document };
}

/** `subject` on or before the last day of n units after `from`. */
export function within(
  id: string,
  period: { unit: PeriodUnit; n: number },
  from: DateAnchor,
  subject: DateAnchor,
  description: BilingualText,
  source: RuleSource,
): WithinRule {
  return { id, kind: 'within', unit: period.unit, n: period.n, from, subject, description, source };
}

/** Published (publishedAt) within n units of `from`. */
export function publishWithin(
  id: string,
  period: { unit: PeriodUnit; n: number },
  from: DateAnchor,
  description: BilingualText,
  source: RuleSource,
): WithinRule {
  return within(id, period, from, 'publishedAt', description, source);
}

/** The period from `from` to `until` lasts at least n units. */
export function atLeast(
  id: string,
  period: { unit: PeriodUnit; n: number },
  from: DateAnchor,
  until: DateAnchor,
  description: BilingualText,
  source: RuleSource,
): AtLeastRule {
  return { id, kind: 'atLeast', unit: period.unit, n: period.n, from, until, description, source };
}

export const workingDays = (n: number) => ({ unit: 'workingDays', n }) as const;
export const calendarDays = (n: number) => ({ unit: 'calendarDays', n }) as const;

/** 政府信息公开条例 第二十六条, which every catalogue's 20 working days restate. */
export const GOVERNMENT_INFORMATION_REGULATION = '中华人民共和国政府信息公开条例';
/** 国务院办公厅关于运用大数据加强对市场主体服务和监管的若干意见: the source of 双公示's 7 working days. */
export const DOUBLE_DISCLOSURE_OPINION =
  '国务院办公厅关于运用大数据加强对市场主体服务和监管的若干意见（国办发〔2015〕51号）';

/** The statute a catalogue line restates, keeping the seed line that restates it. */
function restated(document: string, article: string | undefined, line: RuleSource): RuleSource {
  return { document, ...(article ? { article } : {}), ...(line.seed ? { seed: line.seed } : {}) };
}

/**
 * 自政府信息形成或变更之日起20个工作日内 (政府信息公开条例 第二十六条), as restated by a catalogue line, counted
 * from the event's own fact (`FACT_ANCHORS`).
 */
export function formedWithin20WorkingDays(
  idPrefix: string,
  source: RuleSource,
  fact: DateAnchor,
): WithinRule {
  return publishWithin(
    `${idPrefix}.publish-within-20wd`,
    workingDays(20),
    fact,
    {
      en: 'Published within 20 working days of being formed or changed',
      zh: '自信息形成或变更之日起20个工作日内公开',
    },
    restated(GOVERNMENT_INFORMATION_REGULATION, '第二十六条', source),
  );
}

/**
 * 行政许可、行政处罚等信用信息自作出行政决定之日起7个工作日内上网公开 (双公示, 国办发〔2015〕51号, which every seed
 * restates), counted from the decision date (`decidedOn`, cf_jdrq / xk_jdrq).
 */
export function decisionWithin7WorkingDays(idPrefix: string, source: RuleSource): WithinRule {
  return publishWithin(
    `${idPrefix}.publish-within-7wd`,
    workingDays(7),
    'decidedOn',
    {
      en: 'Published online within 7 working days of the administrative decision',
      zh: '自作出行政决定之日起7个工作日内上网公开',
    },
    restated(DOUBLE_DISCLOSURE_OPINION, undefined, source),
  );
}

/** The rule, binding only where `scope` says (see RuleScope). */
export function scoped<R extends WithinRule | AtLeastRule>(rule: R, scope: RuleScope): R {
  return { ...rule, scope };
}

/** 招标 in government procurement (公开招标, 邀请招标): 政府采购法 第三十五条, 87号令, 实施条例 第三十一条. */
export const PROCUREMENT_TENDERING: RuleScope = {
  methods: ['open_tender', 'invited_tender'],
  description: {
    en: 'procurement by tendering (open or invited)',
    zh: '以招标方式（公开招标、邀请招标）采购',
  },
};

/** 依法必须进行招标的项目 (招标投标法 第三条; IS_TO_LAW). */
export const TENDERING_REQUIRED: RuleScope = {
  tenderingRequired: true,
  description: { en: 'projects that must be tendered by law', zh: '依法必须进行招标的项目' },
};
