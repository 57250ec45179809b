import { validateOfficialYear } from './official-year';
import { createStatutoryCalendar } from './statutory-calendar';
import { packagedArrangement } from './holiday-arrangement';

const STATUTORY_WEEKDAYS_2027 = [
  '2027-01-01',
  '2027-02-05',
  '2027-02-08',
  '2027-04-05',
  '2027-06-09',
  '2027-09-15',
  '2027-10-01',
];

describe('validateOfficialYear', () => {
  it('accepts an arrangement whose statutory days all rest, and sorts it', () => {
    const result = validateOfficialYear(2027, {
      source: ' 国办发明电〔2026〕N号 ',
      holidays: [...STATUTORY_WEEKDAYS_2027].reverse(),
      workdays: ['2027-02-20'],
    });
    expect(result).toEqual({
      ok: true,
      official: {
        year: 2027,
        source: '国办发明电〔2026〕N号',
        holidays: STATUTORY_WEEKDAYS_2027,
        workdays: ['2027-02-20'],
        explanations: {},
      },
    });
  });

  it('needs a statutory day that is worked to be explained, and only statutory days explained', () => {
    const missing = validateOfficialYear(2027, {
      source: 's',
      holidays: STATUTORY_WEEKDAYS_2027.filter((d) => d !== '2027-04-05'),
      workdays: ['2027-05-01'],
    });
    expect(missing.ok).toBe(false);
    expect(!missing.ok && missing.problems.map((p) => p.message)).toEqual([
      expect.stringContaining('2027-04-05 (清明节) is a statutory holiday'),
      expect.stringContaining('2027-05-01 (劳动节) is a statutory holiday'),
    ]);
    const explained = validateOfficialYear(2027, {
      source: 's',
      holidays: STATUTORY_WEEKDAYS_2027.filter((d) => d !== '2027-04-05'),
      workdays: [],
      explanations: { '2027-04-05': '假设的修订', '2027-04-06': 'not statutory' },
    });
    expect(!explained.ok && explained.problems).toEqual([
      {
        field: 'explanations/2027-04-06',
        message: '2027-04-06 is not a statutory holiday of 2027: nothing to explain',
      },
    ]);
  });

  it('refuses years it cannot hold and dates twice listed', () => {
    expect(validateOfficialYear(2100, { source: 's', holidays: [], workdays: [] })).toMatchObject({
      ok: false,
    });
    expect(validateOfficialYear(2003, { source: 's', holidays: [], workdays: [] })).toMatchObject({
      ok: false,
    });
    const twice = validateOfficialYear(2027, {
      source: 's',
      holidays: [...STATUTORY_WEEKDAYS_2027, '2027-01-01'],
      workdays: [],
    });
    expect(!twice.ok && twice.problems).toEqual([
      { field: 'holidays/7', message: '2027-01-01 is listed twice' },
    ]);
  });

  it('a loaded year overrides the bundled data of that year and leaves the others alone', () => {
    const calendar = createStatutoryCalendar(packagedArrangement, [
      { year: 2026, source: 'correction', holidays: ['2026-01-02'], workdays: [] },
    ]);
    expect(calendar.yearCoverage(2026)).toMatchObject({
      provisional: false,
      origin: 'loaded',
      source: 'correction',
    });
    expect(calendar.isWorkingDay('2026-01-02')).toBe(false);
    // Only what the load lists: the bundled 2026 Spring Festival is gone from this calendar.
    expect(calendar.isWorkingDay('2026-02-16')).toBe(true);
    expect(calendar.isWorkingDay('2025-01-28')).toBe(false);
  });
});
