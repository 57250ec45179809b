import { nationalCoverage } from '../../scripts/national-spec/coverage';

/**
 * The coverage the issue asks for, measured on every numbered domain's example lifecycle and the credit
 * examples (`npx tsx scripts/national-spec/coverage.ts` prints the table): at least 90 % of the required
 * fields of the data sets sent, and no example refused.
 */
describe('national data specification coverage', () => {
  const report = nationalCoverage();

  it('sends at least 90 % of the required fields across the data sets, and refuses no example', () => {
    expect(report.refused).toEqual([]);
    expect(report.requiredCovered / report.required).toBeGreaterThanOrEqual(0.9);
  });

  it('covers the numbered domains’ data sets and the credit ones', () => {
    expect(report.dataSets.map((set) => set.dataSet)).toEqual(
      expect.arrayContaining([
        '300',
        '302',
        '303',
        '500',
        '501',
        '502',
        '503',
        '510',
        '511',
        '513',
        '550',
        '553',
        '554',
        '600',
        '601',
        '651',
        '653',
        '700',
        '701',
      ]),
    );
    for (const set of report.dataSets) expect([set.dataSet, set.missingRequired]).toEqual([set.dataSet, []]);
  });
});
