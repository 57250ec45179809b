import type { AtLeastRule, BilingualText, DateAnchor, PeriodUnit, RuleSource, WithinRule } from '../calendar';

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

/** 自政府信息形成或变更之日起20个工作日内 (政府信息公开条例 第二十六条), as restated by a catalogue. */
export function formedWithin20WorkingDays(idPrefix: string, source: RuleSource): WithinRule {
  return publishWithin(
    `${idPrefix}.publish-within-20wd`,
    workingDays(20),
    'occurredAt',
    {
      en: 'Published within 20 working days of being formed or changed',
      zh: '自信息形成或变更之日起20个工作日内公开',
    },
    source,
  );
}

/** 行政许可、行政处罚事项自作出行政决定之日起7个工作日内上网公开 (双公示). */
export function decisionWithin7WorkingDays(idPrefix: string, source: RuleSource): WithinRule {
  return publishWithin(
    `${idPrefix}.publish-within-7wd`,
    workingDays(7),
    'occurredAt',
    {
      en: 'Administrative penalty published online within 7 working days of the decision',
      zh: '行政处罚自作出行政决定之日起7个工作日内上网公开',
    },
    source,
  );
}
