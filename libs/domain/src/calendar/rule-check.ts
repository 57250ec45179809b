import {
  type BilingualText,
  type DateAnchor,
  type DeadlineRule,
  addPeriod,
  formatSource,
  type ProvisionalBasis,
  provisionalNote,
  type RuleSource,
} from './deadline-rules';
import { CalendarNotCovered } from './errors';
import { daysBetween, type CalendarDate, toShanghaiDate } from './calendar-date';
import { statutoryCalendar, type StatutoryCalendar } from './statutory-calendar';

/** The dates known for one event: `YYYY-MM-DD`, ISO instants with an offset, or `Date`s. */
export type AnchorDates = Partial<Record<DateAnchor, CalendarDate | string | Date>>;

export type TimingFindingCode =
  /** Published after the disclosure deadline (逾期公开). */
  | 'LATE_DISCLOSURE'
  /** A step other than publication came too late (e.g. contract signed more than 30 days after the award notice). */
  | 'DEADLINE_MISSED'
  /** A publicity, announcement, sale or listing period shorter than the minimum. */
  | 'PERIOD_TOO_SHORT';

/** A statutory timing finding: recorded with the event, never a reason to reject it. */
export interface TimingFinding {
  code: TimingFindingCode;
  ruleId: string;
  rule: DeadlineRule;
  source: RuleSource;
  /** `招标投标法实施条例 第五十四条`. */
  sourceText: string;
  /** The date the period ran from. */
  from: CalendarDate;
  /** For `within`: the last permitted day; for `atLeast`: the earliest permitted end. */
  due: CalendarDate;
  /** The date actually observed (subject or end of the period). */
  actual: CalendarDate;
  /** `within` rules: how late, in working days (0 when the late day itself is a rest day) and calendar days. */
  lateByWorkingDays?: number;
  lateByCalendarDays?: number;
  /** `atLeast` rules: how short the period was. */
  shortByWorkingDays?: number;
  shortByCalendarDays?: number;
  message: BilingualText;
  /** Set when a day the check relied on lies in a year without an official arrangement. */
  provisional?: true;
  provisionalYears?: number[];
  provisionalBasis?: ProvisionalBasis;
}

/** On a check that relied on a provisional year: which years, and the rule their rest days come from. */
export interface ProvisionalMark {
  provisional: true;
  provisionalYears: number[];
  provisionalBasis: ProvisionalBasis;
}

export type RuleOutcome =
  | ({ status: 'met'; rule: DeadlineRule; from: CalendarDate; due: CalendarDate; actual: CalendarDate } & (
      ProvisionalMark | { provisional?: undefined }
    ))
  | { status: 'breached'; rule: DeadlineRule; finding: TimingFinding }
  | { status: 'unchecked'; rule: DeadlineRule; reason: 'missingDates'; missing: DateAnchor[] }
  | { status: 'unchecked'; rule: DeadlineRule; reason: 'calendarNotCovered'; year: number; message: string };

const UNIT_ZH = { workingDays: '个工作日', calendarDays: '日' } as const;
const UNIT_EN = { workingDays: 'working days', calendarDays: 'days' } as const;

/**
 * Check one rule against the dates known for an event. Missing dates and years beyond the calendar give
 * `unchecked`, never a guessed answer.
 */
export function checkRule(
  rule: DeadlineRule,
  dates: AnchorDates,
  calendar: StatutoryCalendar = statutoryCalendar,
): RuleOutcome {
  const target: DateAnchor = rule.kind === 'within' ? rule.subject : rule.until;
  const fromValue = dates[rule.from];
  const targetValue = dates[target];
  if (fromValue === undefined || targetValue === undefined) {
    const missing = [rule.from, target].filter((anchor) => dates[anchor] === undefined);
    return { status: 'unchecked', rule, reason: 'missingDates', missing };
  }
  const from = toShanghaiDate(fromValue);
  const actual = toShanghaiDate(targetValue);
  // Past this point the outcome depends on the rule, the calendar and the two dates only: kept per rule and
  // calendar (both immutable; a calendar load makes a new calendar) and shared, so it is frozen.
  let byDates = outcomes.get(calendar)?.get(rule);
  const key = `${from}|${actual}`;
  const known = byDates?.get(key);
  if (known) return known;
  const outcome = deepFreeze(checkDates(rule, from, actual, calendar));
  if (!byDates) {
    let byRule = outcomes.get(calendar);
    if (!byRule) outcomes.set(calendar, (byRule = new WeakMap()));
    byRule.set(rule, (byDates = new Map()));
  }
  // Bounded: a flood of distinct dates must not grow the memo without limit.
  if (byDates.size >= OUTCOMES_PER_RULE) byDates.clear();
  byDates.set(key, outcome);
  return outcome;
}

/** Outcomes already worked out, per calendar, rule and (from, actual) dates. */
const outcomes = new WeakMap<StatutoryCalendar, WeakMap<DeadlineRule, Map<string, RuleOutcome>>>();
const OUTCOMES_PER_RULE = 4_096;

/** Freezes an outcome and what it made (finding, message, years); the rule and its source are the caller's. */
function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const [key, child] of Object.entries(value))
      if (key !== 'rule' && key !== 'source') deepFreeze(child);
  }
  return value;
}

function checkDates(
  rule: DeadlineRule,
  from: CalendarDate,
  actual: CalendarDate,
  calendar: StatutoryCalendar,
): RuleOutcome {
  try {
    const due = addPeriod(from, rule, calendar);
    const mark = provisionalMark(calendar, from, due, actual);
    if (rule.kind === 'within' ? actual <= due : actual >= due) {
      return { status: 'met', rule, from, due, actual, ...mark };
    }
    return {
      status: 'breached',
      rule,
      finding: { ...describeBreach(rule, from, due, actual, calendar), ...mark },
    };
  } catch (error) {
    if (error instanceof CalendarNotCovered) {
      return {
        status: 'unchecked',
        rule,
        reason: 'calendarNotCovered',
        year: error.year,
        message: error.message,
      };
    }
    throw error;
  }
}

/** The provisional years among the days the check looked at (from the start to the later of due and actual). */
function provisionalMark(
  calendar: StatutoryCalendar,
  from: CalendarDate,
  due: CalendarDate,
  actual: CalendarDate,
): ProvisionalMark | Record<string, never> {
  const dates = [from, due, actual].sort();
  const note = provisionalNote(calendar, dates[0]!, dates[2]!);
  return note.provisionalYears && note.provisionalBasis
    ? { provisional: true, provisionalYears: note.provisionalYears, provisionalBasis: note.provisionalBasis }
    : {};
}

function describeBreach(
  rule: DeadlineRule,
  from: CalendarDate,
  due: CalendarDate,
  actual: CalendarDate,
  calendar: StatutoryCalendar,
): TimingFinding {
  const sourceText = formatSource(rule.source);
  const base = { ruleId: rule.id, rule, source: rule.source, sourceText, from, due, actual };
  const period = { en: `${rule.n} ${UNIT_EN[rule.unit]}`, zh: `${rule.n}${UNIT_ZH[rule.unit]}` };
  if (rule.kind === 'atLeast') {
    const shortByWorkingDays = calendar.workingDaysBetween(actual, due);
    const shortByCalendarDays = daysBetween(actual, due);
    return {
      ...base,
      code: 'PERIOD_TOO_SHORT',
      shortByWorkingDays,
      shortByCalendarDays,
      message: {
        en:
          `${rule.description.en}: from ${from} the period of at least ${period.en} runs to ${due}, ` +
          `but it ended on ${actual}, ${shortByCalendarDays} day(s) short (${sourceText}).`,
        zh: `${rule.description.zh}：自${from}起不少于${period.zh}，应至少至${due}（含），实际至${actual}，少${shortByCalendarDays}日（${sourceText}）。`,
      },
    };
  }
  const lateByWorkingDays = calendar.workingDaysBetween(due, actual);
  const lateByCalendarDays = daysBetween(due, actual);
  const disclosure = rule.subject === 'publishedAt';
  return {
    ...base,
    code: disclosure ? 'LATE_DISCLOSURE' : 'DEADLINE_MISSED',
    lateByWorkingDays,
    lateByCalendarDays,
    message: {
      en:
        `${rule.description.en}: due by ${due} (${period.en} from ${from}), ` +
        `${disclosure ? 'published' : 'done'} on ${actual}, ${lateByWorkingDays} working day(s) ` +
        `(${lateByCalendarDays} day(s)) late (${sourceText}).`,
      zh:
        `${rule.description.zh}：应自${from}起${period.zh}内（不晚于${due}）${disclosure ? '公开' : '完成'}，` +
        `实际于${actual}${disclosure ? '公开' : '完成'}，逾期${lateByWorkingDays}个工作日（${lateByCalendarDays}日）（${sourceText}）。`,
    },
  };
}
