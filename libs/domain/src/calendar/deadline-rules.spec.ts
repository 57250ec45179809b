import fc from 'fast-check';
import { addDays, daysBetween } from './calendar-date';
import {
  type AtLeastRule,
  computeDeadline,
  deadlineRuleSchema,
  dueDate,
  type WithinRule,
} from './deadline-rules';
import { InvalidCalendarDate } from './errors';
import { checkRule } from './rule-check';

const candidatesWithin3Days: WithinRule = {
  id: 'test.candidates.publish-within-3d',
  kind: 'within',
  unit: 'calendarDays',
  n: 3,
  from: 'evaluationReportReceived',
  subject: 'publishedAt',
  description: { en: 'Candidates publicized within 3 days', zh: '3日内公示中标候选人' },
  source: { document: '招标投标法实施条例', article: '第五十四条' },
};

const publicityAtLeast3Days: AtLeastRule = {
  id: 'test.candidates.publicity-min-3d',
  kind: 'atLeast',
  unit: 'calendarDays',
  n: 3,
  from: 'publicityStart',
  until: 'publicityEnd',
  description: { en: 'Publicity at least 3 days', zh: '公示期不得少于3日' },
  source: { document: '招标投标法实施条例', article: '第五十四条' },
};

const publishWithin2WorkingDays: WithinRule = {
  id: 'test.award.publish-within-2wd',
  kind: 'within',
  unit: 'workingDays',
  n: 2,
  from: 'occurredAt',
  subject: 'publishedAt',
  description: { en: 'Result within 2 working days', zh: '2个工作日内公告' },
  source: { document: '政府采购法实施条例', article: '第四十三条' },
};

const signWithin30Days: WithinRule = {
  ...candidatesWithin3Days,
  id: 'test.contract.sign-within-30d',
  n: 30,
  from: 'awardNoticeIssued',
  subject: 'occurredAt',
  description: {
    en: 'Contract within 30 days of the award notice',
    zh: '中标通知书发出之日起三十日内订立合同',
  },
  source: { document: '招标投标法', article: '第四十六条' },
};

describe('deadline rules', () => {
  it('validates rules with the schema', () => {
    expect(deadlineRuleSchema.parse(candidatesWithin3Days)).toEqual(candidatesWithin3Days);
    expect(() => deadlineRuleSchema.parse({ ...candidatesWithin3Days, n: 0 })).toThrow();
    expect(() => deadlineRuleSchema.parse({ ...candidatesWithin3Days, n: 2.5 })).toThrow();
    expect(() => deadlineRuleSchema.parse({ ...candidatesWithin3Days, from: 'someday' })).toThrow();
    expect(() => deadlineRuleSchema.parse({ ...publicityAtLeast3Days, until: undefined })).toThrow();
  });

  it('computes due dates from instants in Beijing time', () => {
    // 2025-01-24T17:00Z is already Saturday 01-25 in Beijing: 3 days lands in the holiday, moves to 02-05.
    expect(dueDate(candidatesWithin3Days, '2025-01-24T17:00:00Z')).toBe('2025-02-05');
    expect(dueDate(candidatesWithin3Days, '2025-01-24T15:00:00Z')).toBe('2025-01-27');
    expect(dueDate(publishWithin2WorkingDays, '2025-09-30')).toBe('2025-10-10');
  });

  it('answers the HTTP deadline question with the roll-forward made visible', () => {
    expect(computeDeadline('2025-09-26', { unit: 'calendarDays', n: 7 })).toMatchObject({
      from: '2025-09-26',
      due: '2025-10-09',
      nominalDue: '2025-10-03',
      extended: true,
      source: expect.stringContaining('第二百零三条'),
    });
    expect(computeDeadline('2025-09-26', { unit: 'calendarDays', n: 3 })).toMatchObject({
      due: '2025-09-29',
      extended: false,
    });
    expect(computeDeadline('2026-02-12', { unit: 'workingDays', n: 2 })).toMatchObject({
      due: '2026-02-14',
      extended: false,
    });
    expect(() => computeDeadline('2025-02-30', { unit: 'calendarDays', n: 3 })).toThrow(InvalidCalendarDate);
  });
});

describe('checkRule', () => {
  it('is met on the due date itself (the last day runs to 24:00)', () => {
    const outcome = checkRule(candidatesWithin3Days, {
      evaluationReportReceived: '2025-01-25',
      publishedAt: '2025-02-05T23:59:00+08:00',
    });
    expect(outcome).toMatchObject({ status: 'met', due: '2025-02-05', actual: '2025-02-05' });
  });

  it('reports late disclosure in working and calendar days, with its source, in both languages', () => {
    const outcome = checkRule(publishWithin2WorkingDays, {
      occurredAt: '2025-09-26T10:00:00+08:00',
      publishedAt: '2025-10-10T09:00:00+08:00',
    });
    expect(outcome.status).toBe('breached');
    if (outcome.status !== 'breached') return;
    expect(outcome.finding).toMatchObject({
      code: 'LATE_DISCLOSURE',
      ruleId: 'test.award.publish-within-2wd',
      sourceText: '政府采购法实施条例 第四十三条',
      from: '2025-09-26',
      due: '2025-09-29',
      actual: '2025-10-10',
      lateByWorkingDays: 3, // 09-30, 10-09, 10-10
      lateByCalendarDays: 11,
    });
    expect(outcome.finding.message.en).toContain('3 working day(s)');
    expect(outcome.finding.message.zh).toContain('逾期3个工作日');
    expect(outcome.finding.message.zh).toContain('政府采购法实施条例 第四十三条');
  });

  it('reports a contract signed more than 30 days after the award notice as a missed deadline', () => {
    const outcome = checkRule(signWithin30Days, {
      awardNoticeIssued: '2025-09-01',
      occurredAt: '2025-10-09',
    });
    // 09-01 + 30 = 10-01, a holiday: the period ends on 10-09, so signing on 10-09 is in time.
    expect(outcome).toMatchObject({ status: 'met', due: '2025-10-09' });
    const late = checkRule(signWithin30Days, { awardNoticeIssued: '2025-09-01', occurredAt: '2025-10-10' });
    expect(late).toMatchObject({
      status: 'breached',
      finding: { code: 'DEADLINE_MISSED', lateByCalendarDays: 1, lateByWorkingDays: 1 },
    });
  });

  it('reports a publicity shorter than 3 days, with the shortfall', () => {
    // Starts Thursday 2025-06-05: 3 days end Sunday 06-08, moved to Monday 06-09.
    expect(
      checkRule(publicityAtLeast3Days, { publicityStart: '2025-06-05', publicityEnd: '2025-06-09' }),
    ).toMatchObject({ status: 'met' });
    const short = checkRule(publicityAtLeast3Days, {
      publicityStart: '2025-06-05',
      publicityEnd: '2025-06-07',
    });
    expect(short).toMatchObject({
      status: 'breached',
      finding: {
        code: 'PERIOD_TOO_SHORT',
        due: '2025-06-09',
        actual: '2025-06-07',
        shortByCalendarDays: 2,
        shortByWorkingDays: 1,
      },
    });
  });

  it('leaves a rule unchecked when a date is missing, naming it', () => {
    expect(checkRule(candidatesWithin3Days, { publishedAt: '2025-02-05' })).toEqual({
      status: 'unchecked',
      rule: candidatesWithin3Days,
      reason: 'missingDates',
      missing: ['evaluationReportReceived'],
    });
  });

  it('leaves a rule unchecked, never guessed, when the calendar does not cover the year', () => {
    expect(
      checkRule(publishWithin2WorkingDays, { occurredAt: '2099-12-30', publishedAt: '2100-01-05' }),
    ).toMatchObject({ status: 'unchecked', reason: 'calendarNotCovered', year: 2100 });
  });

  it('checks a rule reaching into a provisional year and marks the outcome provisional', () => {
    const late = checkRule(publishWithin2WorkingDays, {
      occurredAt: '2026-12-30',
      publishedAt: '2027-01-05',
    });
    expect(late).toMatchObject({
      status: 'breached',
      finding: { due: '2027-01-04', provisional: true, provisionalYears: [2027], lateByWorkingDays: 1 },
    });
    const met = checkRule(publishWithin2WorkingDays, { occurredAt: '2026-12-30', publishedAt: '2026-12-31' });
    expect(met).toMatchObject({ status: 'met', due: '2027-01-04', provisional: true });
    const official = checkRule(publishWithin2WorkingDays, {
      occurredAt: '2026-12-24',
      publishedAt: '2026-12-28',
    });
    expect(official).toMatchObject({ status: 'met', due: '2026-12-28' });
    expect(official).not.toHaveProperty('provisional');
  });

  it('still rejects malformed dates', () => {
    expect(() =>
      checkRule(publishWithin2WorkingDays, { occurredAt: '2025-9-26', publishedAt: '2025-10-10' }),
    ).toThrow(InvalidCalendarDate);
  });
});

describe('checkRule properties', () => {
  const day = fc
    .integer({ min: 0, max: daysBetween('2004-01-01', '2026-09-30') })
    .map((offset) => addDays('2004-01-01', offset));

  it('a within rule is breached exactly when the subject falls after the due date, and lateness is positive', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 60 }), (from, offset) => {
        const publishedAt = addDays(from, offset);
        const outcome = checkRule(publishWithin2WorkingDays, { occurredAt: from, publishedAt });
        const due = dueDate(publishWithin2WorkingDays, from);
        if (publishedAt <= due) return outcome.status === 'met';
        return (
          outcome.status === 'breached' &&
          outcome.finding.lateByCalendarDays === daysBetween(due, publishedAt) &&
          outcome.finding.lateByCalendarDays > 0 &&
          (outcome.finding.lateByWorkingDays ?? -1) >= 0
        );
      }),
    );
  });

  it('an atLeast rule is met exactly when the period reaches the due date', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: 0, max: 20 }), (start, length) => {
        const end = addDays(start, length);
        const outcome = checkRule(publicityAtLeast3Days, { publicityStart: start, publicityEnd: end });
        const due = dueDate(publicityAtLeast3Days, start);
        return end >= due ? outcome.status === 'met' : outcome.status === 'breached';
      }),
    );
  });
});
