import { execFileSync } from 'node:child_process';
import fc from 'fast-check';
import { CalendarNotCovered } from './errors';
import { coveredYearsOf, packagedArrangement } from './holiday-arrangement';
import { addDays, daysBetween } from './calendar-date';
import { createStatutoryCalendar, statutoryCalendar as calendar } from './statutory-calendar';

describe('StatutoryCalendar: coverage', () => {
  it('has official arrangements for exactly the years chinese-days 1.5.7 holds: 2004-2026', () => {
    expect(calendar.coveredYears).toEqual({ from: 2004, to: 2026 });
    expect(coveredYearsOf(packagedArrangement)).toEqual(Array.from({ length: 23 }, (_, i) => 2004 + i));
    expect(calendar.yearCoverage(2026)).toMatchObject({ provisional: false, origin: 'bundled' });
    expect(calendar.yearCoverage(2027)).toMatchObject({ provisional: true, origin: 'statute' });
    expect(
      calendar
        .years()
        .map((y) => `${y.year}${y.provisional ? '?' : ''}`)
        .slice(-3),
    ).toEqual(['2025', '2026', '2027?']);
  });

  it.each(['2003-12-31', '1999-10-01', '2100-01-04'])('fails loudly for %s', (date) => {
    expect(() => calendar.isWorkingDay(date)).toThrow(CalendarNotCovered);
    try {
      calendar.describe(date);
    } catch (error) {
      expect(error).toBeInstanceOf(CalendarNotCovered);
      const notCovered = error as CalendarNotCovered;
      expect(notCovered.code).toBe('CALENDAR_NOT_COVERED');
      expect(notCovered.year).toBe(Number(date.slice(0, 4)));
      expect(notCovered.message).toContain(date.slice(0, 4));
      expect([notCovered.coveredFrom, notCovered.coveredTo]).toEqual([2004, 2099]);
    }
  });

  it('fails when a walk or a roll-forward leaves every year it can answer for', () => {
    expect(() => calendar.addWorkingDays('2099-12-25', 10)).toThrow(new CalendarNotCovered(2100, 2004, 2099));
    expect(() => calendar.addCalendarDays('2099-12-31', 3)).toThrow(CalendarNotCovered);
    expect(() => calendar.addCalendarDays('2003-12-31', 1)).toThrow(CalendarNotCovered);
    expect(() => calendar.workingDaysBetween('2099-12-01', '2100-01-10')).toThrow(CalendarNotCovered);
    expect(calendar.covers('2099-12-31')).toBe(true);
    expect(calendar.covers('2027-01-01')).toBe(true);
    expect(calendar.covers('2100-01-01')).toBe(false);
  });

  it('does not take a year with only a stray entry for an official one: it stays provisional', () => {
    const partial = createStatutoryCalendar({
      holidays: { ...packagedArrangement.holidays, '2027-01-04': 'Made up,造,1' },
      workdays: packagedArrangement.workdays,
    });
    expect(partial.coveredYears.to).toBe(2026);
    expect(partial.yearCoverage(2027)?.provisional).toBe(true);
    expect(partial.isWorkingDay('2027-01-04')).toBe(true);
  });
});

describe('StatutoryCalendar: Spring Festival and National Day', () => {
  it('2025 Spring Festival: 01-28..02-04 off, Sun 01-26 and Sat 02-08 make-up working days', () => {
    expect(calendar.describe('2025-01-26')).toMatchObject({ working: true, kind: 'makeUpWorkingDay' });
    expect(calendar.describe('2025-02-08')).toMatchObject({ working: true, kind: 'makeUpWorkingDay' });
    for (let day = '2025-01-28'; day <= '2025-02-04'; day = addDays(day, 1)) {
      expect(calendar.describe(day)).toMatchObject({
        working: false,
        kind: 'holiday',
        festival: { zh: '春节' },
      });
    }
    expect(calendar.isWorkingDay('2025-01-27')).toBe(true);
    expect(calendar.isWorkingDay('2025-02-05')).toBe(true);
    expect(calendar.describe('2025-02-09')).toMatchObject({ working: false, kind: 'weekend' });
  });

  it('2025 National Day: 10-01..10-08 off, Sun 09-28 and Sat 10-11 make-up working days', () => {
    expect(calendar.isWorkingDay('2025-09-28')).toBe(true);
    expect(calendar.isWorkingDay('2025-10-11')).toBe(true);
    for (let day = '2025-10-01'; day <= '2025-10-08'; day = addDays(day, 1))
      expect(calendar.isRestDay(day)).toBe(true);
    expect(calendar.isWorkingDay('2025-10-09')).toBe(true);
  });

  it('2026 (国办发明电〔2025〕7号): Spring Festival 02-15..02-23 with Sat 02-14 and 02-28; National Day 10-01..10-07 with Sun 09-20 and Sat 10-10', () => {
    for (let day = '2026-02-15'; day <= '2026-02-23'; day = addDays(day, 1))
      expect(calendar.isRestDay(day)).toBe(true);
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-28')).toBe(true);
    expect(calendar.isWorkingDay('2026-02-24')).toBe(true);
    for (let day = '2026-10-01'; day <= '2026-10-07'; day = addDays(day, 1))
      expect(calendar.isRestDay(day)).toBe(true);
    expect(calendar.isWorkingDay('2026-09-20')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-10')).toBe(true);
    expect(calendar.isWorkingDay('2026-10-08')).toBe(true);
  });

  it('adds working days across the holidays, counting make-up days and not the starting day', () => {
    expect(calendar.addWorkingDays('2025-01-24', 1)).toBe('2025-01-26');
    expect(calendar.addWorkingDays('2025-01-24', 2)).toBe('2025-01-27');
    expect(calendar.addWorkingDays('2025-01-24', 3)).toBe('2025-02-05');
    expect(calendar.addWorkingDays('2025-01-27', 20)).toBe('2025-03-03');
    expect(calendar.addWorkingDays('2025-09-30', 2)).toBe('2025-10-10');
    expect(calendar.addWorkingDays('2026-02-12', 2)).toBe('2026-02-14');
    expect(calendar.addWorkingDays('2026-02-13', 7)).toBe('2026-03-02');
    expect(calendar.addWorkingDays('2026-09-18', 1)).toBe('2026-09-20');
    expect(calendar.addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(calendar.addWorkingDays('2025-01-28', 0)).toBe('2025-01-28');
  });

  it('moves the last day of a calendar-day period off rest days (民法典 §203)', () => {
    expect(calendar.addCalendarDays('2025-01-25', 3)).toBe('2025-02-05');
    expect(calendar.addCalendarDays('2025-02-05', 3)).toBe('2025-02-08'); // Saturday, but a make-up working day
    expect(calendar.addCalendarDays('2025-09-26', 3)).toBe('2025-09-29');
    expect(calendar.addCalendarDays('2025-09-28', 3)).toBe('2025-10-09');
    expect(calendar.addCalendarDays('2025-10-07', 3)).toBe('2025-10-10');
    expect(calendar.addCalendarDays('2026-02-12', 3)).toBe('2026-02-24');
    expect(calendar.addCalendarDays('2026-09-28', 3)).toBe('2026-10-08');
    expect(calendar.addCalendarDays('2025-06-05', 3)).toBe('2025-06-09'); // plain Sunday -> Monday
    expect(calendar.addCalendarDays('2025-03-03', 30)).toBe('2025-04-02'); // holidays inside do not count
  });

  it('counts working days in (a, b], negative when b is earlier', () => {
    expect(calendar.workingDaysBetween('2025-09-26', '2025-10-13')).toBe(7);
    expect(calendar.workingDaysBetween('2025-10-13', '2025-09-26')).toBe(-7);
    expect(calendar.workingDaysBetween('2025-01-27', '2025-02-04')).toBe(0);
    expect(calendar.workingDaysBetween('2025-10-09', '2025-10-09')).toBe(0);
  });

  it('rejects negative or fractional counts', () => {
    expect(() => calendar.addWorkingDays('2025-01-24', -1)).toThrow(RangeError);
    expect(() => calendar.addCalendarDays('2025-01-24', 1.5)).toThrow(RangeError);
  });
});

describe('StatutoryCalendar: agreement and properties', () => {
  // chinese-days' own functions read the machine's time zone, so ask them in a child process pinned to a zone.
  function packageWorkdays(timeZone: string, from: string, to: string): string {
    const script = `
      const { isWorkday } = require('chinese-days');
      let out = '';
      for (let t = Date.parse(process.argv[1]); t <= Date.parse(process.argv[2]); t += 86400000) {
        out += isWorkday(new Date(t).toISOString().slice(0, 10)) ? '1' : '0';
      }
      process.stdout.write(out);`;
    return execFileSync(process.execPath, ['-e', script, from, to], {
      env: { ...process.env, TZ: timeZone },
      encoding: 'utf8',
    });
  }

  function ourWorkdays(from: string, to: string): string {
    let out = '';
    for (let day = from; day <= to; day = addDays(day, 1)) out += calendar.isWorkingDay(day) ? '1' : '0';
    return out;
  }

  it('agrees with chinese-days (run in Asia/Shanghai) on every day of 2004-2026', () => {
    expect(ourWorkdays('2004-01-01', '2026-12-31')).toBe(
      packageWorkdays('Asia/Shanghai', '2004-01-01', '2026-12-31'),
    );
  });

  it("does not share the package functions' dependence on the machine time zone", () => {
    // In New York the package shifts its answers by a day (2025-01-27, a Monday, comes out as a rest day);
    // reading the data table keeps this calendar right whatever TZ the process has.
    const newYork = packageWorkdays('America/New_York', '2025-01-20', '2025-02-10');
    expect(newYork).not.toBe(ourWorkdays('2025-01-20', '2025-02-10'));
    expect(calendar.isWorkingDay('2025-01-27')).toBe(true);
  });

  const coveredDay = fc
    .integer({ min: 0, max: daysBetween('2004-01-01', '2026-06-30') })
    .map((offset) => addDays('2004-01-01', offset));

  it('addWorkingDays lands on a working day exactly n working days later', () => {
    fc.assert(
      fc.property(coveredDay, fc.integer({ min: 1, max: 40 }), (from, n) => {
        const due = calendar.addWorkingDays(from, n);
        return calendar.isWorkingDay(due) && calendar.workingDaysBetween(from, due) === n && due > from;
      }),
    );
  });

  it('addCalendarDays is the first working day on or after from + n, never earlier', () => {
    fc.assert(
      fc.property(coveredDay, fc.integer({ min: 1, max: 40 }), (from, n) => {
        const due = calendar.addCalendarDays(from, n);
        const nominal = addDays(from, n);
        if (!calendar.isWorkingDay(due) || due < nominal) return false;
        for (let day = nominal; day < due; day = addDays(day, 1))
          if (calendar.isWorkingDay(day)) return false;
        return true;
      }),
    );
  });

  it('working days are additive', () => {
    fc.assert(
      fc.property(
        coveredDay,
        fc.integer({ min: 0, max: 30 }),
        fc.integer({ min: 0, max: 30 }),
        (from, a, b) => {
          return (
            calendar.addWorkingDays(calendar.addWorkingDays(from, a), b) ===
            calendar.addWorkingDays(from, a + b)
          );
        },
      ),
    );
  });
});
