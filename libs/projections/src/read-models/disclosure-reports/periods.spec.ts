import { nextDay, periodRanges, periodsOf, type PeriodRange } from './periods';

/** Every day a range set covers, each once per range that holds it (days of months and years expanded). */
function daysCovered(ranges: readonly PeriodRange[], days: readonly string[]): string[] {
  const covered: string[] = [];
  for (const day of days) {
    for (const [level, period] of periodsOf(day)) {
      for (const range of ranges)
        if (level === range.level && period >= range.from && period < range.to) covered.push(day);
    }
  }
  return covered;
}

describe('periodRanges', () => {
  const first = '2019-11-01';
  const last = '2023-03-31';
  const allDays: string[] = [];
  for (let day = first; day <= last; day = nextDay(day)) allDays.push(day);

  it('covers each day of [from, to) exactly once, with at most five ranges', () => {
    // A fixed sample of ranges: month and year starts and ends, leap days, and pseudo-random days.
    let seed = 20261127;
    const random = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
    const picks = [
      '2020-01-01',
      '2020-02-29',
      '2020-03-01',
      '2020-12-31',
      '2021-01-01',
      '2021-06-15',
      '2022-01-01',
    ];
    for (let i = 0; i < 30; i++) picks.push(allDays[Math.floor(random() * allDays.length)]!);
    for (const from of [undefined, ...picks]) {
      for (const to of picks) {
        const ranges = periodRanges(from, to);
        expect(ranges.length).toBeLessThanOrEqual(5);
        const expected = allDays.filter((day) => (from === undefined || day >= from) && day < to);
        expect(daysCovered(ranges, allDays)).toEqual(expected);
      }
    }
  });

  it('uses whole months and years where they fit', () => {
    expect(periodRanges('2020-02-10', '2022-06-15')).toEqual([
      { level: 'D', from: '2020-02-10', to: '2020-03-01' },
      { level: 'M', from: '2020-03', to: '2021-01' },
      { level: 'Y', from: '2021', to: '2022' },
      { level: 'M', from: '2022-01', to: '2022-06' },
      { level: 'D', from: '2022-06-01', to: '2022-06-15' },
    ]);
    expect(periodRanges(undefined, '2021-01-01')).toEqual([{ level: 'Y', from: '', to: '2021' }]);
    expect(periodRanges('2021-03-01', '2021-03-01')).toEqual([]);
  });
});
