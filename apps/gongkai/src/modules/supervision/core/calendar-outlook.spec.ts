import { createStatutoryCalendar, packagedArrangement, statutoryCalendar } from '@gongkai/domain';
import { calendarOutlook } from './calendar-outlook';

describe('calendarOutlook', () => {
  it('warns from 1 November (Beijing) while next year has no official arrangement', () => {
    expect(calendarOutlook(statutoryCalendar, new Date('2026-10-31T15:59:59Z'))).toEqual({
      nextYear: 2027,
      nextYearOfficial: false,
    });
    // 2026-10-31T16:00Z is 1 November 00:00 in Beijing.
    const november = calendarOutlook(statutoryCalendar, new Date('2026-10-31T16:00:00Z'));
    expect(november).toMatchObject({ nextYear: 2027, nextYearOfficial: false });
    expect(november.warning).toContain('PUT /v1/calendar/years/2027');
    expect(calendarOutlook(statutoryCalendar, new Date('2025-11-27T00:00:00Z'))).toEqual({
      nextYear: 2026,
      nextYearOfficial: true,
    });
  });

  it('stops warning once the year is loaded', () => {
    const loaded = createStatutoryCalendar(packagedArrangement, [
      { year: 2027, source: 'test', holidays: ['2027-01-01'], workdays: [] },
    ]);
    expect(calendarOutlook(loaded, new Date('2026-12-20T00:00:00Z'))).toEqual({
      nextYear: 2027,
      nextYearOfficial: true,
    });
  });
});
