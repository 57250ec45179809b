import type { WithinRule } from './deadline-rules';
import { checkRule } from './rule-check';
import { createStatutoryCalendar, statutoryCalendar } from './statutory-calendar';
import { packagedArrangement } from './holiday-arrangement';

// checkRule keeps what it worked out per calendar, rule and pair of Shanghai dates: these pin that the answers
// are the ones a fresh check gives, whatever was asked before.
const within5WorkingDays: WithinRule = {
  id: 'test.publish-within-5wd',
  kind: 'within',
  unit: 'workingDays',
  n: 5,
  from: 'occurredAt',
  subject: 'publishedAt',
  description: { en: 'Published within 5 working days', zh: '5个工作日内公开' },
  source: { document: '测试办法', article: '第一条' },
};

describe('checkRule: outcomes kept per calendar, rule and dates', () => {
  it('answers each calendar by its own days: a loaded year is not answered from the bundled one', () => {
    const dates = { occurredAt: '2026-03-02', publishedAt: '2026-03-09' };
    // Bundled 2026: 03-02 (Mon) + 5 working days = 03-09, so publishing on 03-09 is on time.
    expect(checkRule(within5WorkingDays, dates, statutoryCalendar)).toMatchObject({
      status: 'met',
      due: '2026-03-09',
    });
    // A load that makes 03-03..03-05 rest days moves the due date to 03-12 (and asked after the bundled answer).
    const loaded = createStatutoryCalendar(packagedArrangement, [
      {
        year: 2026,
        source: 'test notice',
        holidays: ['2026-03-03', '2026-03-04', '2026-03-05'],
        workdays: [],
      },
    ]);
    expect(checkRule(within5WorkingDays, dates, loaded)).toMatchObject({ status: 'met', due: '2026-03-12' });
    expect(checkRule(within5WorkingDays, dates, statutoryCalendar)).toMatchObject({ due: '2026-03-09' });
  });

  it('keys on the Shanghai day of an instant, not on its text', () => {
    const from = '2026-03-02T09:00:00+08:00';
    // 23:30 UTC on 03-09 is 07:30 on 03-10 in Beijing: one day late, although the text starts with 03-09.
    expect(
      checkRule(within5WorkingDays, { occurredAt: from, publishedAt: '2026-03-09T10:00:00+08:00' }),
    ).toMatchObject({ status: 'met', actual: '2026-03-09' });
    const late = checkRule(within5WorkingDays, { occurredAt: from, publishedAt: '2026-03-09T23:30:00Z' });
    expect(late).toMatchObject({
      status: 'breached',
      finding: { actual: '2026-03-10', lateByCalendarDays: 1 },
    });
  });

  it('hands out outcomes that cannot be changed, so one caller cannot alter the next answer', () => {
    const dates = { occurredAt: '2026-03-02', publishedAt: '2026-03-20' };
    const first = checkRule(within5WorkingDays, dates);
    if (first.status !== 'breached') throw new Error(`expected a breach, got ${first.status}`);
    expect(() => {
      (first.finding as { lateByWorkingDays?: number }).lateByWorkingDays = 0;
    }).toThrow(TypeError);
    expect(() => {
      (first.finding.message as { en: string }).en = 'on time';
    }).toThrow(TypeError);
    const again = checkRule(within5WorkingDays, dates);
    expect(again).toMatchObject({ status: 'breached', finding: { lateByWorkingDays: 9 } });
    expect(again.status === 'breached' && again.finding.message.en).toMatch(/late/);
  });

  it('answers correctly past the bound of outcomes it keeps per rule', () => {
    for (let day = 0; day < 5_000; day += 1) {
      const published = new Date(Date.UTC(2026, 2, 2) + (day % 40) * 86_400_000).toISOString().slice(0, 10);
      const occurred = new Date(Date.UTC(2020, 0, 1) + day * 86_400_000).toISOString().slice(0, 10);
      checkRule(within5WorkingDays, { occurredAt: occurred, publishedAt: published });
    }
    expect(
      checkRule(within5WorkingDays, { occurredAt: '2026-03-02', publishedAt: '2026-03-09' }),
    ).toMatchObject({
      status: 'met',
      due: '2026-03-09',
    });
  });
});
