import { evaluateTiming, type TimingInput } from './evaluate';

/** Rules apply only where their statute binds (issue 15: scope), and the missing rules are there. */
const BEIJING = '110101';

function ruleIdsOf(input: TimingInput) {
  const evaluation = evaluateTiming(input);
  return {
    findings: evaluation.findings.map((f) => f.ruleId),
    met: evaluation.met.map((m) => m.ruleId),
    unchecked: evaluation.unchecked.map((u) => u.ruleId),
    evaluation,
  };
}

const procurementNotice = (method: string, dates: TimingInput['dates']): TimingInput => ({
  regionCode: BEIJING,
  eventType: 'AnnouncementPublished',
  domain: 'procurement',
  facts: { method },
  dates: { occurredAt: '2026-03-02', publishedAt: '2026-03-02', ...dates },
});

describe('procurement rules bind the methods their statute covers', () => {
  const short = {
    announcementStart: '2026-03-02',
    announcementEnd: '2026-03-04',
    documentsIssueStart: '2026-03-03',
    documentsIssueEnd: '2026-03-05',
    bidDeadline: '2026-03-10',
  };

  it('政府采购法 第三十五条, 87号令 第十六条, 实施条例 第三十一条 bind 招标: an open tender that is too short gets all three', () => {
    expect(ruleIdsOf(procurementNotice('open_tender', short)).findings).toEqual([
      'procurement.tender.documents-to-bid-deadline-min-20d',
      'procurement.tender.announcement-min-5wd',
      'procurement.tender.documents-available-min-5wd',
    ]);
  });

  it.each(['inquiry', 'competitive_consultation', 'competitive_negotiation', 'single_source'])(
    'a %s notice is not held to the tendering periods',
    (method) => {
      const { findings, unchecked } = ruleIdsOf(procurementNotice(method, short));
      expect(findings).toEqual([]);
      expect(unchecked).toEqual([]);
    },
  );

  it('without the method the tendering rules are unchecked, never guessed', () => {
    const evaluation = evaluateTiming({ ...procurementNotice('open_tender', short), facts: {} });
    expect(evaluation.findings).toEqual([]);
    expect(evaluation.unchecked).toContainEqual(
      expect.objectContaining({
        ruleId: 'procurement.tender.documents-to-bid-deadline-min-20d',
        reason: 'scopeUnknown',
        missing: ['method'],
      }),
    );
  });
});

describe('engineering rules bind 依法必须进行招标的项目', () => {
  const notice = (tenderingRequired: boolean): TimingInput => ({
    regionCode: BEIJING,
    eventType: 'AnnouncementPublished',
    domain: 'engineering',
    facts: { tenderingRequired },
    dates: {
      occurredAt: '2026-03-02',
      publishedAt: '2026-03-02',
      documentsIssueStart: '2026-03-03',
      documentsIssueEnd: '2026-03-09',
      bidDeadline: '2026-03-13',
      prequalificationDocumentsIssueEnd: '2026-03-09',
      prequalificationDeadline: '2026-03-11',
    },
  });

  it('招标投标法 第二十四条 and 实施条例 第十七条 flag a project that must be tendered', () => {
    expect(ruleIdsOf(notice(true)).findings).toEqual([
      'engineering.tender.documents-to-bid-deadline-min-20d',
      'engineering.prequalification.submission-min-5d',
    ]);
  });

  it('a voluntary tender is not held to them', () => {
    expect(ruleIdsOf(notice(false)).findings).toEqual([]);
  });

  it('实施条例 第五十四条 candidates rules bind only projects that must be tendered', () => {
    const candidates = (tenderingRequired: boolean): TimingInput => ({
      regionCode: BEIJING,
      eventType: 'CandidatesPublicized',
      domain: 'engineering',
      facts: { tenderingRequired },
      dates: {
        evaluationReportReceived: '2026-03-26',
        publishedAt: '2026-04-08',
        publicityStart: '2026-04-08',
        publicityEnd: '2026-04-09',
      },
    });
    expect(ruleIdsOf(candidates(true)).findings).toEqual([
      'engineering.candidates.publish-within-3d',
      'engineering.candidates.publicity-min-3d',
    ]);
    expect(ruleIdsOf(candidates(false)).findings).toEqual([]);
  });
});

describe('corrections (招标投标法 第二十三条, 实施条例 第二十一条, 政府采购法实施条例 第三十一条)', () => {
  const correction = (domain: 'engineering' | 'procurement', facts: TimingInput['facts']): TimingInput => ({
    regionCode: BEIJING,
    eventType: 'AnnouncementCorrected',
    domain,
    facts,
    dates: {
      correctedAt: '2026-03-16',
      publishedAt: '2026-03-16',
      bidDeadline: '2026-03-25',
      prequalificationDeadline: '2026-03-18',
    },
  });

  it('a correction that may affect the bids comes at least 15 days before the bid deadline, 3 before prequalification', () => {
    expect(ruleIdsOf(correction('engineering', { affectsPreparation: true })).findings).toEqual([
      'engineering.correction.before-bid-deadline-min-15d',
      'engineering.correction.before-prequalification-deadline-min-3d',
    ]);
    expect(
      ruleIdsOf(correction('procurement', { affectsPreparation: true, method: 'open_tender' })).findings,
    ).toEqual(['procurement.correction.before-bid-deadline-min-15d']);
  });

  it('a correction that does not affect them is held only to the disclosure period', () => {
    const { findings, met } = ruleIdsOf(correction('engineering', { affectsPreparation: false }));
    expect(findings).toEqual([]);
    expect(met).toEqual(['national.AnnouncementCorrected.publish-within-20wd']);
  });
});

describe('政府采购法实施条例 第四十三条: the supplier is chosen within 5 working days of receiving the report', () => {
  it('a late choice is DEADLINE_MISSED', () => {
    const evaluation = evaluateTiming({
      regionCode: BEIJING,
      eventType: 'AwardPublished',
      domain: 'procurement',
      facts: { method: 'competitive_consultation' },
      dates: {
        evaluationReportReceived: '2026-03-26',
        winnerChosen: '2026-04-08',
        publishedAt: '2026-04-09',
      },
    });
    expect(evaluation.findings).toEqual([
      expect.objectContaining({
        ruleId: 'procurement.award.choose-within-5wd-of-report',
        code: 'DEADLINE_MISSED',
        sourceText: '政府采购法实施条例 第四十三条',
      }),
    ]);
  });
});

describe('state property: 32号令 by kind of transaction', () => {
  const announcement = (kind: string, listingPrice: string, end: string): TimingInput => ({
    regionCode: BEIJING,
    eventType: 'AnnouncementPublished',
    domain: 'state_property',
    facts: { propertyTransactionKind: kind, reservePrice: listingPrice },
    // 2026-03-02 + 20 working days = 2026-03-30; + 40 = 2026-04-28 (Qingming 04-06 off); + 10 = 2026-03-16.
    dates: {
      occurredAt: '2026-03-02',
      publishedAt: '2026-03-02',
      announcementStart: '2026-03-02',
      announcementEnd: end,
    },
  });

  it('第十三条: an equity transfer is disclosed for at least 20 working days', () => {
    expect(ruleIdsOf(announcement('equity_transfer', '52000000', '2026-03-27')).findings).toEqual([
      'state-property.transfer.disclosure-min-20wd',
    ]);
  });

  it('第四十一条: a capital increase needs at least 40 working days', () => {
    expect(ruleIdsOf(announcement('capital_increase', '52000000', '2026-04-10')).findings).toEqual([
      'state-property.capital-increase.disclosure-min-40wd',
    ]);
  });

  it('第四十八条: an asset transfer needs 10 working days above 1 million yuan, 20 above 10 million, none below', () => {
    expect(ruleIdsOf(announcement('asset_transfer', '5000000', '2026-03-16')).findings).toEqual([]);
    expect(ruleIdsOf(announcement('asset_transfer', '5000000', '2026-03-13')).findings).toEqual([
      'state-property.asset-transfer.disclosure-min-10wd',
    ]);
    expect(ruleIdsOf(announcement('asset_transfer', '52000000', '2026-03-16')).findings).toEqual([
      'state-property.asset-transfer.disclosure-min-20wd',
    ]);
    expect(ruleIdsOf(announcement('asset_transfer', '800000', '2026-03-03')).findings).toEqual([]);
  });
});

describe('晋政办〔2018〕114号 mining lead time runs to the bid deadline for a tender', () => {
  const mining = (method: string): TimingInput => ({
    regionCode: '350582',
    eventType: 'AnnouncementPublished',
    domain: 'mining',
    facts: { method },
    dates: {
      occurredAt: '2026-03-02',
      publishedAt: '2026-03-02',
      bidDeadline: '2026-03-16',
      tradingStart: '2026-04-30',
    },
  });

  it('a tender whose bid deadline is 10 working days away is too short, though trading starts later', () => {
    expect(ruleIdsOf(mining('tender')).findings).toEqual([
      'jinjiang.mining.AnnouncementPublished.bid-deadline-lead-min-20wd',
    ]);
  });

  it('an auction counts to the trading day', () => {
    expect(ruleIdsOf(mining('auction')).findings).toEqual([]);
    expect(ruleIdsOf(mining('auction')).met).toContain(
      'jinjiang.mining.AnnouncementPublished.announcement-lead-min-20wd',
    );
  });
});
