import { getLunarDate } from 'chinese-days';
import {
  addDays,
  dayOfWeek,
  SHANGHAI_UTC_OFFSET_MINUTES,
  toDayNumber,
  type CalendarDate,
} from './calendar-date';

/**
 * The statutory holidays a year has by law, before the State Council publishes that year's arrangement:
 * 全国年节及纪念日放假办法 as revised by 国务院令第798号 (2024-11-10, in force 2025-01-01).
 *
 * 第二条 (全体公民放假的节日): 元旦 1 day (1 January); 春节 4 days (农历除夕、正月初一至初三); 清明节 1 day (农历清明当日);
 * 劳动节 2 days (5月1日、2日); 端午节 1 day (农历端午当日); 中秋节 1 day (农历中秋当日); 国庆节 3 days (10月1日至3日).
 *
 * 第六条: 全体公民放假的假日，如果适逢星期六、星期日，应当在工作日补假。 We read it as: each statutory day that falls on a
 * Saturday or Sunday gives one day in lieu (补假), the first Monday-to-Friday after it that is not itself a
 * statutory day or an earlier day in lieu. That is what every State Council notice since 2008 has done for such a
 * day (2025 端午 Sat 05-31 → Mon 06-02 off; 2026 国庆 Sat 10-03 inside 10-01..10-07) and what the spec checks
 * against the published 2025 and 2026 arrangements. The notices also move weekends (调休), which no rule
 * predicts: a provisional year has no make-up working days, and its answers say they are provisional.
 */
export const HOLIDAY_MEASURES = '全国年节及纪念日放假办法（2024年修订）';
export const HOLIDAY_MEASURES_ARTICLES = `${HOLIDAY_MEASURES} 第二条、第六条`;

/** First and last year the provisional rule answers for: the revision's first year, and the lunar table's end. */
export const PROVISIONAL_YEARS = Object.freeze({ from: 2025, to: 2099 });

export type Festival =
  'newYear' | 'springFestival' | 'qingming' | 'labourDay' | 'dragonBoat' | 'midAutumn' | 'nationalDay';

export const FESTIVAL_NAMES: Readonly<Record<Festival, { en: string; zh: string }>> = {
  newYear: { en: "New Year's Day", zh: '元旦' },
  springFestival: { en: 'Spring Festival', zh: '春节' },
  qingming: { en: 'Tomb-sweeping Day', zh: '清明节' },
  labourDay: { en: 'Labour Day', zh: '劳动节' },
  dragonBoat: { en: 'Dragon Boat Festival', zh: '端午节' },
  midAutumn: { en: 'Mid-autumn Festival', zh: '中秋节' },
  nationalDay: { en: 'National Day', zh: '国庆节' },
};

export interface StatutoryDay {
  date: CalendarDate;
  festival: Festival;
  /** For a day in lieu (补假, 第六条): the statutory day on a weekend it makes up for. */
  inLieuOf?: CalendarDate;
}

const MS_PER_DAY = 86_400_000;

/**
 * The lunar date of a Gregorian day, from chinese-days' lunar table. The package's function subtracts instants
 * from a fixed Beijing-midnight base, so giving it the Beijing midnight of the day keeps the machine's time
 * zone out of the answer (its string outputs are read in the local zone and are not used).
 */
function lunarOf(date: CalendarDate): { month: number; day: number; leap: boolean } {
  const beijingMidnight = new Date(toDayNumber(date) * MS_PER_DAY - SHANGHAI_UTC_OFFSET_MINUTES * 60_000);
  const lunar = getLunarDate(beijingMidnight);
  return { month: lunar.lunarMon, day: lunar.lunarDay, leap: lunar.isLeap };
}

/** The Gregorian day of a lunar month/day (not a leap month) searched within a window of the year. */
function findLunar(year: number, window: [string, string], month: number, day: number): CalendarDate {
  for (let date = `${year}-${window[0]}`; date <= `${year}-${window[1]}`; date = addDays(date, 1)) {
    const lunar = lunarOf(date);
    if (lunar.month === month && lunar.day === day && !lunar.leap) return date;
  }
  throw new Error(`No lunar ${month}/${day} between ${year}-${window[0]} and ${year}-${window[1]}`);
}

/**
 * 清明 by the solar-term formula chinese-days uses (寿星通用公式, 21st century: C = 4.81, no exception year for
 * 清明 in 2000-2099): day = ⌊Y·0.2422 + C⌋ − ⌊Y/4⌋ of April. Written out because the package's own function
 * formats its answer in the machine's zone; a spec checks both agree for every year 2025-2099.
 */
export function qingmingOf(year: number): CalendarDate {
  const y = year % 100;
  const day = Math.floor(y * 0.2422 + 4.81) - Math.floor(y / 4);
  return `${year}-04-${String(day).padStart(2, '0')}`;
}

/** The statutory days of 第二条 for a year, without days in lieu. */
export function statutoryDaysOf(year: number): StatutoryDay[] {
  const lunarNewYear = findLunar(year, ['01-20', '02-21'], 1, 1);
  const days: StatutoryDay[] = [
    { date: `${year}-01-01`, festival: 'newYear' },
    ...[-1, 0, 1, 2].map((n) => ({ date: addDays(lunarNewYear, n), festival: 'springFestival' as const })),
    { date: qingmingOf(year), festival: 'qingming' },
    { date: `${year}-05-01`, festival: 'labourDay' },
    { date: `${year}-05-02`, festival: 'labourDay' },
    { date: findLunar(year, ['05-25', '06-26'], 5, 5), festival: 'dragonBoat' },
    { date: findLunar(year, ['09-05', '10-10'], 8, 15), festival: 'midAutumn' },
    { date: `${year}-10-01`, festival: 'nationalDay' },
    { date: `${year}-10-02`, festival: 'nationalDay' },
    { date: `${year}-10-03`, festival: 'nationalDay' },
  ];
  return days.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

const isWeekend = (date: CalendarDate): boolean => [0, 6].includes(dayOfWeek(date));

/** The statutory days of a year plus the days in lieu of 第六条 (see the reading above), in date order. */
export function provisionalHolidaysOf(year: number): StatutoryDay[] {
  const statutory = statutoryDaysOf(year);
  const taken = new Set(statutory.map((day) => day.date));
  const inLieu: StatutoryDay[] = [];
  for (const day of statutory) {
    if (!isWeekend(day.date)) continue;
    let candidate = addDays(day.date, 1);
    while (isWeekend(candidate) || taken.has(candidate)) candidate = addDays(candidate, 1);
    taken.add(candidate);
    inLieu.push({ date: candidate, festival: day.festival, inLieuOf: day.date });
  }
  return [...statutory, ...inLieu].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}
