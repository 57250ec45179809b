import { deadlineRuleSchema } from '../calendar';
import { catalogueSchema } from './catalogue-schema';
import { CATALOGUES, NATIONAL_CATALOGUE } from './data';
import { evaluateTiming, publisherAllowed, rulesFor } from './evaluate';
import { InvalidRegionCode, regionPrefix } from './region-code';
import { catalogueItemFor, resolveCatalogue } from './resolve';
import { STATUTORY_RULES } from './statutory-rules';
import { CATALOGUE_DOMAINS, CATALOGUE_EVENT_TYPES } from './vocabulary';

describe('catalogues as data', () => {
  it.each(CATALOGUES.map((c) => [c.id, c] as const))('%s is well formed (zod)', (_id, catalogue) => {
    const parsed = catalogueSchema.safeParse(catalogue);
    expect(parsed.success ? [] : parsed.error.issues).toEqual([]);
  });

  it('references only known event types and domains, and well-formed rules', () => {
    const items = CATALOGUES.flatMap((c) => c.items);
    expect(items.length).toBeGreaterThan(100);
    for (const item of items) {
      expect(CATALOGUE_EVENT_TYPES).toContain(item.eventType);
      if (item.domain !== undefined) expect(CATALOGUE_DOMAINS).toContain(item.domain);
      for (const rule of item.rules) expect(deadlineRuleSchema.safeParse(rule).success).toBe(true);
    }
    for (const set of STATUTORY_RULES) {
      expect(CATALOGUE_EVENT_TYPES).toContain(set.eventType);
      expect(CATALOGUE_DOMAINS).toContain(set.domain);
      for (const rule of set.rules) expect(deadlineRuleSchema.parse(rule)).toEqual(rule);
    }
  });

  it('gives every rule a unique id', () => {
    const ids = [
      ...STATUTORY_RULES.flatMap((s) => s.rules.map((r) => r.id)),
      ...CATALOGUES.flatMap((c) => c.items.flatMap((i) => i.rules.map((r) => r.id))),
    ];
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('cites a seed line for every jurisdiction item and a law for every statutory rule', () => {
    for (const catalogue of CATALOGUES.filter((c) => c.regionCode !== null)) {
      for (const item of catalogue.items) expect(item.source.seed?.line).toBeGreaterThan(0);
    }
    for (const rule of STATUTORY_RULES.flatMap((s) => s.rules)) expect(rule.source.document).toMatch(/法|令/);
  });

  it('the national defaults list every event type once, for all domains', () => {
    expect(NATIONAL_CATALOGUE.items.map((i) => i.eventType).sort()).toEqual(
      [...CATALOGUE_EVENT_TYPES].sort(),
    );
    expect(NATIONAL_CATALOGUE.items.every((i) => i.domain === undefined)).toBe(true);
  });

  it('uses the real GB/T 2260 codes of the five jurisdictions', () => {
    expect(Object.fromEntries(CATALOGUES.map((c) => [c.id, c.regionCode]))).toEqual({
      national: null,
      nantong: '320600',
      suzhou: '320500',
      shaoguan: '440200',
      jinjiang: '350582',
      tianjin: '120000',
    });
  });
});

describe('resolving a region', () => {
  it('takes the significant prefix of a code', () => {
    expect(regionPrefix('120000')).toBe('12');
    expect(regionPrefix('320600')).toBe('3206');
    expect(regionPrefix('350582')).toBe('350582');
    expect(() => regionPrefix('3206')).toThrow(InvalidRegionCode);
  });

  it.each([
    ['320600', ['national', 'nantong']],
    ['320602', ['national', 'nantong']], // 崇川区
    ['320582', ['national', 'suzhou']], // 张家港市
    ['440203', ['national', 'shaoguan']], // 武江区
    ['350582', ['national', 'jinjiang']],
    ['350582101000', ['national', 'jinjiang']], // a township code under Jinjiang
    ['350581', ['national']], // 石狮市: same prefecture, no catalogue
    ['350500', ['national']], // 泉州市 itself
    ['120101', ['national', 'tianjin']], // 和平区
    ['110101', ['national']], // Beijing
    ['320000', ['national']], // Jiangsu province
  ])('%s resolves to %j', (code, chain) => {
    expect(resolveCatalogue(code).chain).toEqual(chain);
  });

  it('rejects malformed region codes', () => {
    expect(() => resolveCatalogue('32060')).toThrow(InvalidRegionCode);
    expect(() => catalogueItemFor('abc123', 'AwardPublished', 'engineering')).toThrow(InvalidRegionCode);
  });

  it('lets a jurisdiction override the national default item by item', () => {
    const jinjiang = catalogueItemFor('350582', 'AwardPublished', 'engineering');
    expect(jinjiang).toMatchObject({ catalogueId: 'jinjiang', matchedBy: 'domain' });
    expect(jinjiang?.item.rules.map((r) => [r.unit, r.n])).toEqual([['calendarDays', 3]]);
    expect(jinjiang?.item.source.seed).toEqual({ file: '003_177976c99acdd9ca.txt', line: 378 });

    // Jinjiang lists no qualification result for engineering: the national default answers.
    expect(catalogueItemFor('350582', 'QualificationResultPublished', 'engineering')).toMatchObject({
      catalogueId: 'national',
      matchedBy: 'allDomains',
    });
    // Nantong lists no mining: national.
    expect(catalogueItemFor('320600', 'AnnouncementPublished', 'mining')?.catalogueId).toBe('national');
    expect(catalogueItemFor('320600', 'PenaltyImposed', 'engineering')?.catalogueId).toBe('nantong');
    // Tianjin's general penalty item beats the national one; Beijing keeps the national one.
    expect(catalogueItemFor('120101', 'PenaltyImposed', 'land')).toMatchObject({
      catalogueId: 'tianjin',
      matchedBy: 'allDomains',
    });
    expect(catalogueItemFor('110101', 'PenaltyImposed', 'land')?.catalogueId).toBe('national');
  });

  it('effective catalogue has one item per (event type, domain)', () => {
    const { items } = resolveCatalogue('350582');
    const keys = items.map(({ item }) => `${item.eventType}/${item.domain ?? '*'}`);
    expect(new Set(keys).size).toBe(keys.length);
    expect(
      items.find(({ item }) => item.eventType === 'ContractSigned' && item.domain === 'engineering')
        ?.catalogueId,
    ).toBe('jinjiang');
  });
});

describe('evaluateTiming', () => {
  it('Jinjiang: award result published 5 working days after the 3-day deadline over Spring Festival 2025', () => {
    const evaluation = evaluateTiming({
      regionCode: '350582',
      eventType: 'AwardPublished',
      domain: 'engineering',
      dates: { winnerChosen: '2025-01-24T10:00:00+08:00', publishedAt: '2025-02-10T09:00:00+08:00' },
    });
    expect(evaluation.catalogueId).toBe('jinjiang');
    expect(evaluation.findings).toHaveLength(1);
    expect(evaluation.findings[0]).toMatchObject({
      code: 'LATE_DISCLOSURE',
      origin: 'catalogue',
      catalogueId: 'jinjiang',
      due: '2025-01-27',
      lateByWorkingDays: 5,
      lateByCalendarDays: 14,
      source: { seed: { file: '003_177976c99acdd9ca.txt', line: 378 } },
    });
  });

  it('applies the statutory candidates rules everywhere, on top of the catalogue', () => {
    const evaluation = evaluateTiming({
      regionCode: '110101',
      eventType: 'CandidatesPublicized',
      domain: 'engineering',
      facts: { tenderingRequired: true },
      dates: {
        evaluationReportReceived: '2025-09-26',
        occurredAt: '2025-09-26',
        publishedAt: '2025-10-09',
        publicityStart: '2025-10-09',
        publicityEnd: '2025-10-11',
      },
    });
    // 3 days from Fri 09-26 is Mon 09-29; published 10-09: late by 09-30 and 10-09, 2 working days.
    expect(evaluation.findings.map((f) => [f.ruleId, f.code, f.origin])).toEqual([
      ['engineering.candidates.publish-within-3d', 'LATE_DISCLOSURE', 'statute'],
      ['engineering.candidates.publicity-min-3d', 'PERIOD_TOO_SHORT', 'statute'],
    ]);
    const [late, short] = evaluation.findings;
    expect(late).toMatchObject({
      due: '2025-09-29',
      lateByWorkingDays: 2,
      sourceText: '招标投标法实施条例 第五十四条',
    });
    // Publicity from Thu 10-09: 3 days end Sun 10-12, moved to Mon 10-13; ended Sat 10-11 (a make-up working day).
    expect(short).toMatchObject({ due: '2025-10-13', actual: '2025-10-11', shortByCalendarDays: 2 });
    // The national 20-working-day rule is met.
    expect(evaluation.met.map((m) => m.ruleId)).toEqual([
      'national.CandidatesPublicized.publish-within-20wd',
    ]);
  });

  it('a laxer local catalogue cannot relax a statute: Suzhou procurement award', () => {
    const evaluation = evaluateTiming({
      regionCode: '320505',
      eventType: 'AwardPublished',
      domain: 'procurement',
      dates: { winnerChosen: '2026-02-12', publishedAt: '2026-02-26' },
    });
    expect(evaluation.catalogueId).toBe('suzhou');
    expect(evaluation.findings).toEqual([
      expect.objectContaining({
        ruleId: 'procurement.award.publish-within-2wd',
        due: '2026-02-14',
        lateByWorkingDays: 3,
        origin: 'statute',
      }),
    ]);
    expect(evaluation.met).toEqual([
      expect.objectContaining({
        ruleId: 'suzhou.procurement.AwardPublished.publish-within-20wd',
        origin: 'catalogue',
      }),
    ]);
  });

  it('contract more than 30 days after the award notice (engineering, Tianjin)', () => {
    const evaluation = evaluateTiming({
      regionCode: '120000',
      eventType: 'ContractSigned',
      domain: 'engineering',
      dates: { awardNoticeIssued: '2026-01-05', signedAt: '2026-02-24', publishedAt: '2026-02-25' },
    });
    expect(evaluation.findings).toEqual([
      expect.objectContaining({
        code: 'DEADLINE_MISSED',
        ruleId: 'engineering.contract.sign-within-30d-of-award-notice',
        due: '2026-02-04',
      }),
    ]);
  });

  it('mining announcement too close to the auction (Jinjiang, 20 working days)', () => {
    const evaluation = evaluateTiming({
      regionCode: '350582',
      eventType: 'AnnouncementPublished',
      domain: 'mining',
      facts: { method: 'auction' },
      dates: { publishedAt: '2025-09-15', tradingStart: '2025-10-13', occurredAt: '2025-09-15' },
    });
    expect(evaluation.findings).toEqual([
      // 20 working days after Mon 09-15 (counting make-up days 09-28 and 10-11) is Fri 10-17.
      expect.objectContaining({ code: 'PERIOD_TOO_SHORT', shortByWorkingDays: 4, due: '2025-10-17' }),
    ]);
  });

  it('reports rules it could not check instead of guessing', () => {
    const evaluation = evaluateTiming({
      regionCode: '320600',
      eventType: 'ContractSigned',
      domain: 'procurement',
      dates: { signedAt: '2099-12-30', publishedAt: '2100-01-04' },
    });
    expect(evaluation.findings).toEqual([]);
    expect(evaluation.unchecked).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ruleId: 'procurement.contract.sign-within-30d-of-award-notice',
          reason: 'missingDates',
          missing: ['awardNoticeIssued'],
        }),
        expect.objectContaining({
          ruleId: 'procurement.contract.publish-within-2wd',
          reason: 'calendarNotCovered',
          year: 2100,
        }),
      ]),
    );
  });

  it('checks a rule reaching into a year without an official arrangement, and says it is provisional', () => {
    // 2 working days from Wed 2026-12-30: Thu 12-31, then 元旦 (Fri 2027-01-01, statutory), so Mon 2027-01-04.
    const evaluation = evaluateTiming({
      regionCode: '320600',
      eventType: 'ContractSigned',
      domain: 'procurement',
      dates: { signedAt: '2026-12-30', publishedAt: '2027-01-05' },
    });
    expect(evaluation.findings).toEqual([
      expect.objectContaining({
        ruleId: 'procurement.contract.publish-within-2wd',
        code: 'LATE_DISCLOSURE',
        due: '2027-01-04',
        provisional: true,
        provisionalYears: [2027],
        provisionalBasis: expect.objectContaining({
          source: '全国年节及纪念日放假办法（2024年修订） 第二条、第六条',
        }),
      }),
    ]);
    expect(evaluation.provisionalYears).toEqual([2027]);
    const onTime = evaluateTiming({
      regionCode: '320600',
      eventType: 'ContractSigned',
      domain: 'procurement',
      dates: { signedAt: '2026-12-30', publishedAt: '2027-01-04' },
    });
    expect(onTime.findings).toEqual([]);
    expect(onTime.met).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          ruleId: 'procurement.contract.publish-within-2wd',
          due: '2027-01-04',
          provisional: true,
          provisionalYears: [2027],
        }),
      ]),
    );
    const confirmed = evaluateTiming({
      regionCode: '320600',
      eventType: 'ContractSigned',
      domain: 'procurement',
      dates: { signedAt: '2026-11-02', publishedAt: '2026-11-03' },
    });
    expect(confirmed.provisionalYears).toEqual([]);
    expect(confirmed.met.every((met) => met.provisional === undefined)).toBe(true);
  });

  it('lists the applicable rules with their origin', () => {
    const { catalogueId, rules } = rulesFor('320600', 'ContractSigned', 'procurement');
    expect(catalogueId).toBe('nantong');
    expect(rules.map((r) => r.origin)).toEqual(['statute', 'statute', 'catalogue']);
  });
});

describe('publisherAllowed (谁批准谁公开)', () => {
  it('follows the item in force', () => {
    expect(publisherAllowed('350582', 'AwardPublished', 'engineering', 'implementer').allowed).toBe(true);
    expect(publisherAllowed('350582', 'AwardPublished', 'engineering', 'trading_centre')).toEqual({
      allowed: false,
      allowedRoles: ['implementer'],
      catalogueId: 'jinjiang',
    });
    expect(publisherAllowed('320600', 'AwardPublished', 'engineering', 'trading_centre').allowed).toBe(true);
    expect(publisherAllowed('110101', 'PenaltyImposed', 'procurement', 'implementer').allowed).toBe(false);
    expect(publisherAllowed('110101', 'PenaltyImposed', 'procurement', 'approver').allowed).toBe(true);
  });
});
