import { execFileSync } from 'node:child_process';
import { addDays, dayOfWeek } from './calendar-date';
import { computeDeadline } from './deadline-rules';
import { packagedArrangement } from './holiday-arrangement';
import {
  FESTIVAL_NAMES,
  PROVISIONAL_YEARS,
  provisionalHolidaysOf,
  qingmingOf,
  statutoryDaysOf,
} from './provisional-holidays';
import { statutoryCalendar as calendar } from './statutory-calendar';

const FESTIVAL_LABEL_ZH = {
  newYear: '元旦',
  springFestival: '春节',
  qingming: '清明',
  labourDay: '劳动节',
  dragonBoat: '端午',
  midAutumn: '中秋',
  nationalDay: '国庆',
} as const;

describe('provisional holidays: 全国年节及纪念日放假办法 (2024) reproduces the published 2025 and 2026 arrangements', () => {
  it.each([2025, 2026])(
    '%i: every statutory day and every day in lieu is a day off of the same festival in the notice',
    (year) => {
      const days = provisionalHolidaysOf(year);
      expect(days.filter((d) => !d.inLieuOf)).toHaveLength(13); // 1 + 4 + 1 + 2 + 1 + 1 + 3 (第二条)
      for (const day of days) {
        const official = packagedArrangement.holidays[day.date];
        expect({ date: day.date, official }).toEqual({
          date: day.date,
          official: expect.stringContaining(FESTIVAL_LABEL_ZH[day.festival]),
        });
      }
    },
  );

  it('reads article 6 (补假): a statutory day on a weekend gives the first free weekday after it', () => {
    // 2025 端午 fell on Sat 05-31: the notice gave Mon 06-02; 2026 劳动节 day 2 on Sat 05-02 -> Mon 05-04.
    expect(provisionalHolidaysOf(2025).filter((d) => d.inLieuOf)).toEqual([
      { date: '2025-06-02', festival: 'dragonBoat', inLieuOf: '2025-05-31' },
    ]);
    expect(provisionalHolidaysOf(2026).filter((d) => d.inLieuOf)).toEqual([
      { date: '2026-04-06', festival: 'qingming', inLieuOf: '2026-04-05' },
      { date: '2026-05-04', festival: 'labourDay', inLieuOf: '2026-05-02' },
      { date: '2026-10-05', festival: 'nationalDay', inLieuOf: '2026-10-03' },
    ]);
    // Two weekend days of one festival give two days in lieu, one after the other, never on a weekend.
    expect(provisionalHolidaysOf(2027).filter((d) => d.inLieuOf)).toEqual([
      { date: '2027-02-09', festival: 'springFestival', inLieuOf: '2027-02-06' },
      { date: '2027-02-10', festival: 'springFestival', inLieuOf: '2027-02-07' },
      { date: '2027-05-03', festival: 'labourDay', inLieuOf: '2027-05-01' },
      { date: '2027-05-04', festival: 'labourDay', inLieuOf: '2027-05-02' },
      { date: '2027-10-04', festival: 'nationalDay', inLieuOf: '2027-10-02' },
      { date: '2027-10-05', festival: 'nationalDay', inLieuOf: '2027-10-03' },
    ]);
    for (let year = PROVISIONAL_YEARS.from; year <= PROVISIONAL_YEARS.to; year += 1) {
      for (const day of provisionalHolidaysOf(year).filter((d) => d.inLieuOf)) {
        expect([0, 6]).not.toContain(dayOfWeek(day.date));
        expect([0, 6]).toContain(dayOfWeek(day.inLieuOf!));
      }
    }
  });

  it('2027: 元旦 01-01, 春节 02-05..02-08 (除夕 to 初三), 清明 04-05, 劳动节 05-01..02, 端午 06-09, 中秋 09-15, 国庆 10-01..03', () => {
    expect(statutoryDaysOf(2027).map((d) => `${d.date} ${FESTIVAL_NAMES[d.festival].zh}`)).toEqual([
      '2027-01-01 元旦',
      '2027-02-05 春节',
      '2027-02-06 春节',
      '2027-02-07 春节',
      '2027-02-08 春节',
      '2027-04-05 清明节',
      '2027-05-01 劳动节',
      '2027-05-02 劳动节',
      '2027-06-09 端午节',
      '2027-09-15 中秋节',
      '2027-10-01 国庆节',
      '2027-10-02 国庆节',
      '2027-10-03 国庆节',
    ]);
  });

  it('computes the lunar dates and 清明 as chinese-days does (asked in Asia/Shanghai), for 2025-2099, in any time zone', () => {
    const script = `
      const { getSolarDateFromLunar, getSolarTermDate } = require('chinese-days');
      const out = [];
      for (let y = ${PROVISIONAL_YEARS.from}; y <= ${PROVISIONAL_YEARS.to}; y++) {
        out.push([getSolarDateFromLunar(y + '-01-01').date, getSolarDateFromLunar(y + '-05-05').date,
          getSolarDateFromLunar(y + '-08-15').date, getSolarTermDate(y, 4, 'pure_brightness')].join(' '));
      }
      process.stdout.write(out.join('\\n'));`;
    const packageAnswers = execFileSync(process.execPath, ['-e', script], {
      env: { ...process.env, TZ: 'Asia/Shanghai' },
      encoding: 'utf8',
    });
    const ours: string[] = [];
    for (let year = PROVISIONAL_YEARS.from; year <= PROVISIONAL_YEARS.to; year += 1) {
      const days = statutoryDaysOf(year);
      const first = (festival: string) => days.find((d) => d.festival === festival)!.date;
      ours.push(
        [addDays(first('springFestival'), 1), first('dragonBoat'), first('midAutumn'), qingmingOf(year)].join(
          ' ',
        ),
      );
    }
    expect(ours.join('\n')).toBe(packageAnswers);
    // The same computation in a process whose zone is west of UTC, where the package's own strings shift.
    const elsewhere = execFileSync(
      process.execPath,
      [
        '-r',
        require.resolve('tsx/cjs'),
        '-e',
        `const { statutoryDaysOf } = require(${JSON.stringify(require.resolve('./provisional-holidays'))});
         process.stdout.write(JSON.stringify(statutoryDaysOf(2027)));`,
      ],
      { env: { ...process.env, TZ: 'America/Los_Angeles' }, encoding: 'utf8' },
    );
    expect(JSON.parse(elsewhere)).toEqual(statutoryDaysOf(2027));
  });
});

describe('provisional answers around every statutory holiday of 2027', () => {
  const provisional = { provisional: true, provisionalYears: [2027] };

  it.each<[string, 'workingDays' | 'calendarDays', number, string, string]>([
    // [from, unit, n, due, why]
    ['2026-12-29', 'calendarDays', 3, '2027-01-04', 'nominal Fri 01-01 (元旦), then the weekend'],
    ['2026-12-25', 'workingDays', 10, '2027-01-11', '12-28..12-31 (4), 01-01 off, 01-04..01-08 (9), 01-11'],
    [
      '2027-02-03',
      'calendarDays',
      3,
      '2027-02-11',
      'nominal Sat 02-06 in 春节 02-05..02-08 and 补假 02-09, 02-10',
    ],
    ['2027-02-04', 'workingDays', 2, '2027-02-12', '02-05..02-10 off; Thu 02-11 (1), Fri 02-12 (2)'],
    ['2027-04-02', 'calendarDays', 3, '2027-04-06', 'nominal Mon 04-05 is 清明'],
    ['2027-04-02', 'workingDays', 1, '2027-04-06', '清明 Mon 04-05 does not count'],
    ['2027-04-30', 'calendarDays', 1, '2027-05-05', '05-01, 05-02 on the weekend, 补假 05-03, 05-04'],
    ['2027-04-30', 'workingDays', 1, '2027-05-05', 'the four days off do not count'],
    ['2027-06-08', 'workingDays', 1, '2027-06-10', '端午 Wed 06-09'],
    ['2027-06-06', 'calendarDays', 3, '2027-06-10', 'nominal 06-09 is 端午'],
    ['2027-09-14', 'workingDays', 1, '2027-09-16', '中秋 Wed 09-15'],
    ['2027-09-12', 'calendarDays', 3, '2027-09-16', 'nominal 09-15 is 中秋'],
    ['2027-09-30', 'workingDays', 1, '2027-10-06', '国庆 10-01..10-03 and 补假 10-04, 10-05'],
    ['2027-09-29', 'calendarDays', 2, '2027-10-06', 'nominal 10-01 opens five days off'],
  ])('%s + %s %i = %s (%s)', (from, unit, n, due) => {
    expect(computeDeadline(from, { unit, n })).toMatchObject({ due, ...provisional });
  });

  it('describes the provisional days and counts working days across the year end', () => {
    expect(calendar.describe('2027-01-01')).toMatchObject({
      working: false,
      kind: 'holiday',
      festival: { zh: '元旦' },
      provisional: true,
    });
    expect(calendar.describe('2027-05-04')).toMatchObject({ kind: 'holiday', inLieuOf: '2027-05-02' });
    expect(calendar.describe('2027-01-04')).toMatchObject({
      working: true,
      kind: 'weekday',
      provisional: true,
    });
    expect(calendar.describe('2026-12-31')).not.toHaveProperty('provisional');
    expect(calendar.workingDaysBetween('2026-12-30', '2027-01-11')).toBe(7);
  });

  it('a period entirely in an official year is not provisional; one ending in 2027 says so with the rule', () => {
    const answer = computeDeadline('2026-12-10', { unit: 'workingDays', n: 20 });
    expect(answer).toMatchObject({ due: '2027-01-08', provisional: true, provisionalYears: [2027] });
    expect(answer.provisionalBasis?.source).toBe('全国年节及纪念日放假办法（2024年修订） 第二条、第六条');
    expect(computeDeadline('2026-12-10', { unit: 'workingDays', n: 10 })).toMatchObject({
      due: '2026-12-24',
      provisional: false,
    });
    expect(computeDeadline('2026-12-10', { unit: 'workingDays', n: 10 })).not.toHaveProperty(
      'provisionalYears',
    );
  });

  it('2025 and 2026 answers are unchanged', () => {
    expect(computeDeadline('2025-01-25', { unit: 'calendarDays', n: 3 })).toMatchObject({
      due: '2025-02-05',
      provisional: false,
    });
    expect(computeDeadline('2026-02-12', { unit: 'workingDays', n: 2 }).due).toBe('2026-02-14');
    expect(computeDeadline('2026-09-28', { unit: 'calendarDays', n: 3 }).due).toBe('2026-10-08');
  });
});
