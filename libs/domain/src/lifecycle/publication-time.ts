import {
  CalendarNotCovered,
  addDays,
  compareDates,
  daysBetween,
  statutoryCalendar,
  toShanghaiDate,
  type StatutoryCalendar,
} from '../calendar';
import { reject, type Rejection } from './rejections';

/**
 * How far a claimed publication time (`metadata.publishedAt`, self-declared by the publisher) may stand from
 * the time the platform recorded the event (`recordedAt`, stamped by the service's clock).
 */
export interface PublicationTolerances {
  /** `publishedAt` may lie this far after recording (clock skew): beyond it the event claims a future. */
  aheadMs: number;
  /** Recording more than this many working days after `publishedAt` is accepted with a finding (补录). */
  lateWorkingDays: number;
}

export const DEFAULT_PUBLICATION_TOLERANCES: PublicationTolerances = {
  aheadMs: 5 * 60_000,
  lateWorkingDays: 1,
};

/** A late recording: the platform learnt of the disclosure after it was (claimed to be) published. */
export interface RecordedLateFinding {
  code: 'RECORDED_LATE';
  ruleId: 'platform.recording-within-tolerance';
  origin: 'platform';
  /** The claimed publication day (Asia/Shanghai) and instant. */
  from: string;
  publishedAt: string;
  /** The last day recording was still timely, and the day and instant it was recorded. */
  due: string;
  actual: string;
  recordedAt: string;
  lateByCalendarDays: number;
  message: { en: string; zh: string };
}

export type PublicationTimeVerdict =
  { ok: true; findings: RecordedLateFinding[] } | { ok: false; rejection: Rejection };

/**
 * Compares the claimed publication time with the recording time: a publication claimed in the future is
 * refused (the trail would show a disclosure before it happened); a late recording is accepted and
 * recorded as a finding, so supervisors see claimed and recorded times side by side.
 */
export function checkPublicationTime(
  publishedAt: string,
  recordedAt: string,
  tolerances: PublicationTolerances = DEFAULT_PUBLICATION_TOLERANCES,
  calendar: StatutoryCalendar = statutoryCalendar,
): PublicationTimeVerdict {
  const ahead = Date.parse(publishedAt) - Date.parse(recordedAt);
  if (ahead > tolerances.aheadMs) {
    return reject(
      'PUBLISHED_IN_FUTURE',
      `publishedAt ${publishedAt} is ${Math.round(ahead / 1000)} s after the recording time ${recordedAt} (tolerance ${tolerances.aheadMs / 1000} s)`,
      `公开时间${publishedAt}晚于记录时间${recordedAt}，超出容差`,
      { publishedAt, recordedAt, toleranceMs: tolerances.aheadMs },
    );
  }
  const from = toShanghaiDate(publishedAt);
  const actual = toShanghaiDate(recordedAt);
  let due: string;
  try {
    due = calendar.addWorkingDays(from, tolerances.lateWorkingDays);
  } catch (error) {
    // A year the holiday calendar does not hold: count calendar days rather than refuse to judge.
    if (!(error instanceof CalendarNotCovered)) throw error;
    due = addDays(from, tolerances.lateWorkingDays);
  }
  if (compareDates(actual, due) <= 0) return { ok: true, findings: [] };
  const lateBy = daysBetween(due, actual);
  return {
    ok: true,
    findings: [
      {
        code: 'RECORDED_LATE',
        ruleId: 'platform.recording-within-tolerance',
        origin: 'platform',
        from,
        publishedAt,
        due,
        actual,
        recordedAt,
        lateByCalendarDays: lateBy,
        message: {
          en: `Recorded on ${actual}, ${lateBy} day(s) after ${due}, the last timely day for a disclosure published on ${from}`,
          zh: `补录：公开于${from}，${actual}方记录，超过${due}（${lateBy}天）`,
        },
      },
    ],
  };
}
