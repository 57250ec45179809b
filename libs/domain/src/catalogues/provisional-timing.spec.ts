import { evaluateTiming } from './evaluate';

/** The two cases issue 10 names: before the provisional calendar both gave `findings: []` (rules skipped). */
describe('deadline rules reaching into 2027 give findings, marked provisional', () => {
  it('a tender whose bid period ends on 2027-01-05 is too short', () => {
    // 20 days from 2026-12-20: nominal 2027-01-09 (Sat), so Mon 2027-01-11 at the earliest.
    const evaluation = evaluateTiming({
      regionCode: '110101',
      eventType: 'AnnouncementPublished',
      domain: 'procurement',
      // 政府采购法 第三十五条 binds procurement by tendering (issue 15).
      facts: { method: 'open_tender' },
      dates: { documentsIssueStart: '2026-12-20', bidDeadline: '2027-01-05T09:30:00+08:00' },
    });
    expect(evaluation.findings).toEqual([
      expect.objectContaining({
        ruleId: 'procurement.tender.documents-to-bid-deadline-min-20d',
        code: 'PERIOD_TOO_SHORT',
        due: '2027-01-11',
        actual: '2027-01-05',
        provisional: true,
        provisionalYears: [2027],
      }),
    ]);
    expect(evaluation.unchecked.filter((u) => u.reason === 'calendarNotCovered')).toEqual([]);
  });

  it('an award published 80 days after the supplier was chosen is late', () => {
    const evaluation = evaluateTiming({
      regionCode: '110101',
      eventType: 'AwardPublished',
      domain: 'procurement',
      // 实施条例 第四十三条 counts from choosing the supplier (winnerChosen), not metadata.occurredAt (issue 15).
      dates: { winnerChosen: '2026-11-10', publishedAt: '2027-01-29' },
    });
    expect(evaluation.findings).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ruleId: 'procurement.award.publish-within-2wd',
          code: 'LATE_DISCLOSURE',
          due: '2026-11-12',
          actual: '2027-01-29',
          provisional: true,
          provisionalYears: [2027],
          provisionalBasis: expect.objectContaining({ source: expect.stringContaining('第六条') }),
        }),
      ]),
    );
    // The catalogue's 20 working days from formation is breached too, provisionally.
    expect(evaluation.findings.every((f) => f.provisional === true)).toBe(true);
  });
});
