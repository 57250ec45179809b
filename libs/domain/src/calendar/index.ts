export { CalendarNotCovered, InvalidCalendarDate } from './errors';
export {
  type CalendarDate,
  SHANGHAI_UTC_OFFSET_MINUTES,
  addDays,
  compareDates,
  dayOfWeek,
  daysBetween,
  isCalendarDate,
  toShanghaiDate,
  yearOf,
} from './calendar-date';
export { type HolidayArrangement, coveredYearsOf, packagedArrangement } from './holiday-arrangement';
export {
  type DayInfo,
  type DayKind,
  type StatutoryCalendar,
  createStatutoryCalendar,
  statutoryCalendar,
} from './statutory-calendar';
export {
  type AtLeastRule,
  type BilingualText,
  DATE_ANCHORS,
  type DateAnchor,
  type DeadlineAnswer,
  type DeadlineRule,
  type PeriodUnit,
  type RuleSource,
  type WithinRule,
  addPeriod,
  computeDeadline,
  deadlineRuleSchema,
  ruleSourceSchema,
  dueDate,
  formatSource,
} from './deadline-rules';
export {
  type AnchorDates,
  type RuleOutcome,
  type TimingFinding,
  type TimingFindingCode,
  checkRule,
} from './rule-check';
