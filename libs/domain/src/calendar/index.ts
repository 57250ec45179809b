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
  BUNDLED_SOURCE,
  type DayInfo,
  type DayKind,
  type OfficialYear,
  type StatutoryCalendar,
  type YearCoverage,
  createStatutoryCalendar,
  statutoryCalendar,
} from './statutory-calendar';
export {
  FESTIVAL_NAMES,
  type Festival,
  HOLIDAY_MEASURES,
  HOLIDAY_MEASURES_ARTICLES,
  PROVISIONAL_YEARS,
  type StatutoryDay,
  provisionalHolidaysOf,
  qingmingOf,
  statutoryDaysOf,
} from './provisional-holidays';
export {
  type AtLeastRule,
  type BilingualText,
  DATE_ANCHORS,
  type DateAnchor,
  type DeadlineAnswer,
  type DeadlineRule,
  type PeriodUnit,
  PROVISIONAL_BASIS,
  type ProvisionalBasis,
  provisionalNote,
  type RuleScope,
  type RuleSource,
  type ScopeFacts,
  type WithinRule,
  addPeriod,
  computeDeadline,
  deadlineRuleSchema,
  ruleScopeSchema,
  ruleSourceSchema,
  dueDate,
  formatSource,
} from './deadline-rules';
export {
  type AnchorDates,
  type ProvisionalMark,
  type RuleOutcome,
  type TimingFinding,
  type TimingFindingCode,
  checkRule,
} from './rule-check';
export {
  LOADABLE_YEARS,
  type OfficialYearInput,
  type OfficialYearProblem,
  officialYearInputSchema,
  validateOfficialYear,
} from './official-year';
