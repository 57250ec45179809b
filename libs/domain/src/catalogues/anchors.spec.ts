import { z } from 'zod';
import { eventDataSchemas } from '../events';
import { CATALOGUES } from './data';
import { evaluateTiming } from './evaluate';
import { FACT_ANCHORS, STATE_ANCHORS } from './fact-anchors';
import { STATUTORY_RULES } from './statutory-rules';
import { CATALOGUE_DOMAINS, type CatalogueDomain, type CatalogueEventType } from './vocabulary';

/**
 * Each deadline counts from the fact its statute names (issue 15). Every probe gives the statute's own date and
 * a metadata.occurredAt that disagrees with it, so a rule still reading occurredAt fails the probe.
 */
describe('deadlines count from the fact the statute names', () => {
  it('政府采购法实施条例 第四十三条: the result is due 2 working days after the supplier was chosen (winnerChosen)', () => {
    const evaluation = evaluateTiming({
      regionCode: '110101',
      eventType: 'AwardPublished',
      domain: 'procurement',
      dates: {
        winnerChosen: '2026-03-31T10:00:00+08:00',
        occurredAt: '2026-04-10T10:00:00+08:00',
        publishedAt: '2026-04-13T09:00:00+08:00',
      },
    });
    expect(evaluation.findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'procurement.award.publish-within-2wd',
        code: 'LATE_DISCLOSURE',
        from: '2026-03-31',
        due: '2026-04-02',
        sourceText: '政府采购法实施条例 第四十三条',
      }),
    );
  });

  it.each([
    ['110101', 'national'],
    ['320602', 'nantong'],
    ['120101', 'tianjin'],
    ['350582', 'jinjiang'],
  ])(
    '国办发〔2015〕51号: a penalty is due online 7 working days after the decision (decidedOn), %s',
    (regionCode, catalogueId) => {
      const evaluation = evaluateTiming({
        regionCode,
        eventType: 'PenaltyImposed',
        domain: 'procurement',
        dates: {
          decidedOn: '2026-04-01',
          occurredAt: '2026-04-20T10:00:00+08:00',
          publishedAt: '2026-04-24T09:00:00+08:00',
        },
      });
      expect(evaluation.catalogueId).toBe(catalogueId);
      expect(evaluation.findings).toEqual([
        expect.objectContaining({ code: 'LATE_DISCLOSURE', from: '2026-04-01', origin: 'catalogue' }),
      ]);
      if (catalogueId !== 'jinjiang') {
        expect(evaluation.findings[0]?.sourceText).toContain('国办发〔2015〕51号');
      }
    },
  );

  it('晋政办〔2018〕114号 mining result: 5 working days from the award notice (awardNoticeIssued), not from occurredAt', () => {
    const evaluation = evaluateTiming({
      regionCode: '350582',
      eventType: 'AwardPublished',
      domain: 'mining',
      dates: {
        winnerChosen: '2026-04-01T10:00:00+08:00',
        occurredAt: '2026-04-01T10:00:00+08:00',
        awardNoticeIssued: '2026-04-10T10:00:00+08:00',
        publishedAt: '2026-04-14T09:00:00+08:00',
      },
    });
    expect(evaluation.findings).toEqual([]);
    expect(evaluation.met).toContainEqual(
      expect.objectContaining({
        ruleId: 'jinjiang.mining.AwardPublished.publish-within-5wd',
        from: '2026-04-10',
      }),
    );
  });

  it('晋政办〔2018〕114号 engineering award: 3 days from choosing the winner (winnerChosen)', () => {
    const evaluation = evaluateTiming({
      regionCode: '350582',
      eventType: 'AwardPublished',
      domain: 'engineering',
      dates: {
        winnerChosen: '2026-03-31T10:00:00+08:00',
        occurredAt: '2026-04-08T10:00:00+08:00',
        publishedAt: '2026-04-09T09:00:00+08:00',
      },
    });
    expect(evaluation.findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'jinjiang.engineering.AwardPublished.publish-within-3d',
        from: '2026-03-31',
      }),
    );
  });

  it('国土资源部令第39号: the land result is published within 10 working days of the end of trading, everywhere', () => {
    const evaluation = evaluateTiming({
      regionCode: '110101',
      eventType: 'AwardPublished',
      domain: 'land',
      dates: {
        winnerChosen: '2026-04-07T15:00:00+08:00',
        occurredAt: '2026-04-20T10:00:00+08:00',
        publishedAt: '2026-04-24T09:00:00+08:00',
      },
    });
    expect(evaluation.findings).toContainEqual(
      expect.objectContaining({
        ruleId: 'land.deal.publish-within-10wd',
        origin: 'statute',
        code: 'LATE_DISCLOSURE',
        from: '2026-04-07',
      }),
    );
    expect(evaluation.findings[0]?.sourceText).toContain('国土资源部令第39号');
  });

  it('招标投标法 第四十六条 / 政府采购法 第四十六条: the signing date (signedAt) is checked against the award notice', () => {
    for (const domain of ['engineering', 'procurement'] as const) {
      const evaluation = evaluateTiming({
        regionCode: '110101',
        eventType: 'ContractSigned',
        domain,
        dates: {
          awardNoticeIssued: '2026-01-05',
          signedAt: '2026-02-24T10:00:00+08:00',
          occurredAt: '2026-01-20T10:00:00+08:00',
          publishedAt: '2026-02-25T09:00:00+08:00',
        },
      });
      expect(evaluation.findings).toContainEqual(
        expect.objectContaining({ code: 'DEADLINE_MISSED', actual: '2026-02-24', due: '2026-02-04' }),
      );
    }
  });

  it('政府采购法实施条例 第五十条: the contract is published 2 working days after signing (signedAt)', () => {
    const evaluation = evaluateTiming({
      regionCode: '110101',
      eventType: 'ContractSigned',
      domain: 'procurement',
      dates: {
        awardNoticeIssued: '2026-04-01',
        signedAt: '2026-04-20T10:00:00+08:00',
        occurredAt: '2026-04-27T10:00:00+08:00',
        publishedAt: '2026-04-28T09:00:00+08:00',
      },
    });
    expect(evaluation.findings).toContainEqual(
      expect.objectContaining({ ruleId: 'procurement.contract.publish-within-2wd', from: '2026-04-20' }),
    );
  });

  it('晋政办〔2018〕114号: a contract change is not held to the 7-day signing rule', () => {
    const evaluation = evaluateTiming({
      regionCode: '350582',
      eventType: 'ContractChanged',
      domain: 'engineering',
      dates: {
        changedAt: '2026-06-15T10:00:00+08:00',
        occurredAt: '2026-06-15T10:00:00+08:00',
        publishedAt: '2026-06-30T09:00:00+08:00',
      },
    });
    expect(evaluation.findings).toEqual([]);
    expect(evaluation.met.map((m) => [m.ruleId, m.from])).toEqual([
      ['jinjiang.engineering.ContractChanged.publish-within-20wd', '2026-06-15'],
    ]);
  });

  it('晋政办〔2018〕114号 complaint decisions count from completing the review procedure, unchecked without it', () => {
    const base = {
      regionCode: '350582',
      eventType: 'ComplaintDecided' as const,
      domain: 'procurement' as const,
    };
    const without = evaluateTiming({
      ...base,
      dates: { decidedAt: '2026-04-01T10:00:00+08:00', publishedAt: '2026-04-20T09:00:00+08:00' },
    });
    expect(without.findings).toEqual([]);
    expect(without.unchecked).toContainEqual(
      expect.objectContaining({ reason: 'missingDates', missing: ['approvalProcedureCompletedAt'] }),
    );
    const late = evaluateTiming({
      ...base,
      dates: {
        decidedAt: '2026-04-01T10:00:00+08:00',
        approvalProcedureCompletedAt: '2026-04-08T10:00:00+08:00',
        publishedAt: '2026-04-20T09:00:00+08:00',
      },
    });
    expect(late.findings).toEqual([expect.objectContaining({ code: 'LATE_DISCLOSURE', from: '2026-04-08' })]);
  });

  it('政府信息公开条例 第二十六条: the 20 working days run from the event’s own fact and cite the article', () => {
    const evaluation = evaluateTiming({
      regionCode: '110101',
      eventType: 'TransactionTerminated',
      domain: 'land',
      dates: {
        terminatedAt: '2026-03-02T10:00:00+08:00',
        occurredAt: '2026-04-01T10:00:00+08:00',
        publishedAt: '2026-04-10T09:00:00+08:00',
      },
    });
    expect(evaluation.findings).toEqual([
      expect.objectContaining({
        ruleId: 'national.TransactionTerminated.publish-within-20wd',
        from: '2026-03-02',
        sourceText: '中华人民共和国政府信息公开条例 第二十六条',
      }),
    ]);
  });
});

/** The fields of an event type's data in a domain (a discriminated union's variant, or the plain object). */
function fieldsOf(eventType: CatalogueEventType, domain: CatalogueDomain | undefined): Set<string> {
  const schema = eventDataSchemas[eventType] as unknown as z.ZodType;
  if (schema instanceof z.ZodObject) return new Set(Object.keys(schema.shape));
  const options = (schema as unknown as z.ZodDiscriminatedUnion<z.ZodObject[]>).options;
  const fields = new Set<string>();
  for (const option of options) {
    const variantDomain = (option.shape['domain'] as z.ZodLiteral<string>).value;
    if (domain === undefined || variantDomain === domain) {
      for (const key of Object.keys(option.shape)) fields.add(key);
    }
  }
  return fields;
}

describe('every rule names its anchor as an event field', () => {
  const rules = [
    ...STATUTORY_RULES.flatMap((set) =>
      set.rules.map((rule) => ({
        eventType: set.eventType,
        domain: set.domain as CatalogueDomain | undefined,
        rule,
      })),
    ),
    ...CATALOGUES.flatMap((c) =>
      c.items.flatMap((item) =>
        item.rules.map((rule) => ({ eventType: item.eventType, domain: item.domain, rule })),
      ),
    ),
  ];

  it.each(rules.map((r) => [r.rule.id, r] as const))('%s', (_id, { eventType, domain, rule }) => {
    const fields = fieldsOf(eventType, domain);
    const allowed = new Set([
      ...fields,
      'publishedAt',
      ...(STATE_ANCHORS[eventType] ?? []),
      ...(FACT_ANCHORS[eventType] === 'occurredAt' ? ['occurredAt'] : []),
    ]);
    const anchors = [rule.from, rule.kind === 'within' ? rule.subject : rule.until];
    for (const anchor of anchors) expect(allowed).toContain(anchor);
  });

  it('uses occurredAt only for the announcement and the disclosures outside a transaction, each its own fact', () => {
    const onOccurred = rules.filter(({ rule }) => rule.from === 'occurredAt');
    expect([...new Set(onOccurred.map((r) => r.eventType))]).toEqual([
      'AnnouncementPublished',
      'DisclosurePublished',
      'DisclosureAmended',
    ]);
  });

  it('every event type names a fact anchor that its data carries in every domain (housing candidates excepted)', () => {
    for (const [eventType, anchor] of Object.entries(FACT_ANCHORS) as Array<[CatalogueEventType, string]>) {
      if (anchor === 'occurredAt') continue;
      for (const domain of CATALOGUE_DOMAINS) {
        if (eventType === 'CandidatesPublicized' && domain === 'housing') continue;
        expect([eventType, domain, fieldsOf(eventType, domain).has(anchor)]).toEqual([
          eventType,
          domain,
          true,
        ]);
      }
    }
  });
});
