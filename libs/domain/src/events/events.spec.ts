import { CATALOGUE_DOMAINS, CATALOGUE_EVENT_TYPES } from '../catalogues';
import {
  CREDIT_CHINA_FIELDS,
  CREDIT_EVENT_TYPES,
  DISCLOSURE_EVENT_TYPES,
  CURRENT_SCHEMA_VERSION,
  EVENT_EXAMPLES,
  EVENT_TYPES,
  PROVISIONAL_SPEC_NAMES,
  SPEC_FIELDS,
  TRANSACTION_EVENT_TYPES,
  TRANSACTION_ID_FIELD,
  UnknownSchemaVersion,
  creditStreamId,
  eventDataSchemas,
  eventMetadataSchema,
  exampleEvent,
  parseDomainEvent,
  parseEventData,
  parseStreamId,
  streamIdFor,
  transactionStreamId,
  upcast,
  type EventType,
} from '.';

/** Paths of the issues zod reports, dotted. */
function issuePaths(type: EventType, data: unknown): string[] {
  const result = parseEventData(type, data);
  if (result.success) return [];
  return result.error.issues.map((issue) => issue.path.map(String).join('.'));
}

const clone = <T>(value: T): T => structuredClone(value);

describe('event catalogue', () => {
  it('names exactly the catalogue event types, split between transaction and credit streams', () => {
    expect([...EVENT_TYPES]).toEqual([...CATALOGUE_EVENT_TYPES]);
    expect(Object.keys(eventDataSchemas).sort()).toEqual([...CATALOGUE_EVENT_TYPES].sort());
    expect([...TRANSACTION_EVENT_TYPES, ...CREDIT_EVENT_TYPES, ...DISCLOSURE_EVENT_TYPES].sort()).toEqual(
      [...EVENT_TYPES].sort(),
    );
  });

  it('has one example per transaction type and domain, and one per credit type', () => {
    for (const type of TRANSACTION_EVENT_TYPES) {
      const domains = EVENT_EXAMPLES.filter((e) => e.type === type).map(
        (e) => (e.data as { domain: string }).domain,
      );
      expect(domains.sort()).toEqual([...CATALOGUE_DOMAINS].sort());
    }
    for (const type of CREDIT_EVENT_TYPES)
      expect(EVENT_EXAMPLES.filter((e) => e.type === type)).toHaveLength(1);
    expect(new Set(EVENT_EXAMPLES.map((e) => e.id)).size).toBe(EVENT_EXAMPLES.length);
  });

  it.each(EVENT_EXAMPLES.map((e) => [`${e.type}/${(e.data as { domain: string }).domain}`, e] as const))(
    'example %s parses, data and metadata',
    (_name, event) => {
      const result = parseDomainEvent(event);
      expect(result.success ? [] : result.issues).toEqual([]);
      expect(eventMetadataSchema.safeParse(event.metadata).success).toBe(true);
    },
  );

  it('every transaction type is a discriminated union over all ten domains', () => {
    for (const type of TRANSACTION_EVENT_TYPES) {
      const options = (
        eventDataSchemas[type] as unknown as { options: Array<{ shape: { domain: { value: string } } }> }
      ).options;
      expect(options.map((o) => o.shape.domain.value).sort()).toEqual([...CATALOGUE_DOMAINS].sort());
    }
  });
});

describe('invalid forms are rejected with useful paths', () => {
  it.each(EVENT_TYPES.map((type) => [type]))('%s: missing required fields are reported by name', (type) => {
    const data = clone(exampleEvent(type).data) as Record<string, unknown>;
    const required = Object.keys(data).filter(
      (key) => key !== 'domain' && !parseEventData(type, { ...data, [key]: undefined }).success,
    );
    expect(required.length).toBeGreaterThan(0);
    for (const key of required) {
      expect(issuePaths(type, { ...data, [key]: undefined })).toContain(key);
    }
  });

  it.each(TRANSACTION_EVENT_TYPES.map((type) => [type]))(
    '%s: an unknown domain is rejected at `domain`',
    (type) => {
      const data = { ...clone(exampleEvent(type).data), domain: 'fisheries' };
      expect(issuePaths(type, data)).toEqual(['domain']);
    },
  );

  it.each(TRANSACTION_EVENT_TYPES.map((type) => [type]))(
    '%s: fields of another domain do not satisfy this one (land fields under engineering)',
    (type) => {
      const land = clone(exampleEvent(type, 'land').data) as Record<string, unknown>;
      expect(issuePaths(type, { ...land, domain: 'engineering' })).toContain('tenderProjectCode');
    },
  );

  it('engineering: bad tender code, float money, no offset, bad credit code in a candidate', () => {
    const announcement = clone(exampleEvent('AnnouncementPublished').data) as Record<string, unknown>;
    expect(
      issuePaths('AnnouncementPublished', { ...announcement, tenderProjectCode: '3206022026A000127' }),
    ).toEqual(['tenderProjectCode']);
    expect(
      issuePaths('AnnouncementPublished', { ...announcement, bidDeadline: '2026-03-25T09:30:00' }),
    ).toEqual(['bidDeadline']);
    const award = clone(exampleEvent('AwardPublished').data) as Record<string, unknown>;
    expect(issuePaths('AwardPublished', { ...award, bidAmount: 2650000.5 })).toEqual(['bidAmount']);
    expect(issuePaths('AwardPublished', { ...award, bidAmount: '2650000.505' })).toEqual(['bidAmount']);
    const candidates = clone(exampleEvent('CandidatesPublicized').data) as {
      candidates: Array<{ creditCode: string }>;
    };
    candidates.candidates[1]!.creditCode = '91320500MA1N2P3Q4Q';
    expect(issuePaths('CandidatesPublicized', candidates)).toEqual(['candidates.1.creditCode']);
  });

  it('housing: recipients need valid resident ID numbers', () => {
    const award = clone(exampleEvent('AwardPublished', 'housing').data) as {
      recipients: Array<{ idNumber: string }>;
    };
    award.recipients[2]!.idNumber = '120101197808087893';
    expect(issuePaths('AwardPublished', award)).toEqual(['recipients.2.idNumber']);
  });

  it('credit: penalty dates are calendar dates and the subject needs a valid code', () => {
    const penalty = clone(exampleEvent('PenaltyImposed').data) as Record<string, unknown> & {
      subject: { creditCode: string };
    };
    penalty.subject.creditCode = '91440200MA4W7D8E98';
    expect(issuePaths('PenaltyImposed', { ...penalty, decidedOn: '2026/04/10' }).sort()).toEqual([
      'decidedOn',
      'subject.creditCode',
    ]);
    expect(
      issuePaths('BlacklistEntered', { ...clone(exampleEvent('BlacklistEntered').data), severity: 'mild' }),
    ).toEqual(['severity']);
  });

  it('metadata: role, region and offsets are checked, with paths prefixed by `metadata`', () => {
    const event = clone(exampleEvent('AwardPublished'));
    const broken = {
      ...event,
      metadata: {
        ...event.metadata,
        publisherRole: 'mayor',
        regionCode: '99',
        publishedAt: '2026-04-01 10:00',
      },
    };
    const result = parseDomainEvent(broken);
    expect(result.success).toBe(false);
    if (!result.success) {
      expect(result.issues.map((i) => i.path).sort()).toEqual([
        'metadata.publishedAt',
        'metadata.publisherRole',
        'metadata.regionCode',
      ]);
    }
  });

  it('envelope: id must be a UUID and the type known', () => {
    const event = clone(exampleEvent('AwardPublished'));
    const result = parseDomainEvent({ ...event, id: 'x', type: 'AwardGiven' });
    expect(result.success ? [] : result.issues.map((i) => i.path).sort()).toEqual(['id', 'type']);
  });
});

describe('versions and upcasters', () => {
  it('every type is at version 1 and upcasting v1 is the identity', () => {
    for (const type of EVENT_TYPES) expect(CURRENT_SCHEMA_VERSION[type]).toBe(1);
    const data = { a: 1 };
    expect(upcast('AwardPublished', 1, data)).toEqual({ schemaVersion: 1, data });
  });

  it('applies upcasters step by step to the current version', () => {
    const upcasters = {
      AwardPublished: {
        1: (d: unknown) => ({ ...(d as object), v2: true }),
        2: (d: unknown) => ({ ...(d as object), v3: true }),
      },
    };
    const versions = { ...CURRENT_SCHEMA_VERSION, AwardPublished: 3 };
    expect(upcast('AwardPublished', 1, { a: 1 }, upcasters, versions)).toEqual({
      schemaVersion: 3,
      data: { a: 1, v2: true, v3: true },
    });
    expect(() => upcast('AwardPublished', 1, {}, { AwardPublished: { 2: (d) => d } }, versions)).toThrow(
      UnknownSchemaVersion,
    );
  });

  it('refuses a version newer than the code', () => {
    expect(() => upcast('AwardPublished', 2, {})).toThrow(UnknownSchemaVersion);
    const result = parseDomainEvent({ ...exampleEvent('AwardPublished'), schemaVersion: 2 });
    expect(result.success ? [] : result.issues.map((i) => i.path)).toEqual(['schemaVersion']);
  });
});

describe('streams', () => {
  it('puts transaction events in txn-<id> and credit events in credit-<code>', () => {
    expect(transactionStreamId('3206022026A000127001')).toBe('txn-3206022026A000127001');
    expect(creditStreamId('91440200MA4W7D8E99')).toBe('credit-91440200MA4W7D8E99');
    expect(streamIdFor(exampleEvent('AwardPublished'))).toBe('txn-3206022026A000127001');
    expect(streamIdFor(exampleEvent('AwardPublished', 'land'))).toBe('txn-R2026-012');
    expect(streamIdFor(exampleEvent('BlacklistEntered'))).toBe('credit-91440200MA4W7D8E99');
    expect(parseStreamId('credit-91440200MA4W7D8E99')).toEqual({
      kind: 'credit',
      creditCode: '91440200MA4W7D8E99',
    });
    expect(parseStreamId('txn-')).toBeUndefined();
    expect(parseStreamId('other-1')).toBeUndefined();
  });
});

describe('national specification field names', () => {
  it('records the platform names beside ours where they exist', () => {
    expect(SPEC_FIELDS.AnnouncementPublished.engineering.fields).toMatchObject({
      tenderProjectCode: 'TENDER_PROJECT_CODE',
      bidSectionCode: 'BID_SECTION_CODE',
      title: 'NOTICE_NAME',
    });
    expect(SPEC_FIELDS.CandidatesPublicized.engineering).toMatchObject({
      dataSet: '511',
      fields: {
        publicityStart: 'PUBLICITY_START_TIME',
        publicityEnd: 'PUBLICITY_END_TIME',
        objectionChannel: 'OBJECTION_METHOD',
      },
    });
    expect(SPEC_FIELDS.AwardPublished.engineering.fields).toMatchObject({
      'winBidder.creditCode': 'WIN_BIDDER_CODE',
      bidAmount: 'BID_AMOUNT',
    });
    expect(SPEC_FIELDS.ContractSigned.procurement.fields).toMatchObject({
      signedAt: 'SIGNING_TIME',
      contractAmount: 'CONTRACT_AMOUNT',
    });
    expect(SPEC_FIELDS.PenaltyImposed.engineering.fields).toMatchObject({
      'subject.creditCode': 'cf_xdr_shxym',
      decisionNumber: 'cf_wsh',
      fineAmount: 'cf_nr_fk',
    });
    expect(SPEC_FIELDS.BlacklistEntered.land.dataSet).toBe('302');
  });

  it('names every transaction code and, where the stage has them, the candidates, prices and dates', () => {
    for (const domain of CATALOGUE_DOMAINS) {
      const codeField = TRANSACTION_ID_FIELD[domain];
      for (const type of TRANSACTION_EVENT_TYPES) {
        expect([type, domain, SPEC_FIELDS[type][domain].fields[codeField]]).toEqual([
          type,
          domain,
          expect.any(String),
        ]);
      }
    }
    expect(SPEC_FIELDS.CandidatesPublicized.engineering.fields).toMatchObject({
      candidates: 'TENDER_CANDIDATE',
      'candidates.rank': 'WIN_CANDIDATE_ORDER',
      'candidates.name': 'WIN_CANDIDATE_NAME',
      'candidates.creditCode': 'WIN_CANDIDATE_CODE',
      'candidates.bidPrice': 'BID_PRICE',
      'candidates.projectManager.name': 'PM_NAME',
    });
    expect(SPEC_FIELDS.AnnouncementPublished.engineering.fields).toMatchObject({
      documentsIssueStart: 'DOC_GET_START_TIME',
      documentsIssueEnd: 'DOC_GET_END_TIME',
      bidDeadline: 'BID_DOC_REFER_END_TIME',
    });
    expect(SPEC_FIELDS.AnnouncementPublished.procurement.fields).toMatchObject({
      budgetAmount: 'PROGRAM_BUDGET',
    });
    expect(SPEC_FIELDS.AwardPublished.land.fields).toMatchObject({
      dealPrice: 'DEAL_PRICE',
      'landee.creditCode': 'LENDING_CODE',
    });
    expect(SPEC_FIELDS.ComplaintDecided.engineering.fields).toMatchObject({
      decidedAt: 'HANDLE_DATE',
      basis: 'HANDLE_BASIS',
    });
    expect(SPEC_FIELDS.BlacklistEntered.engineering.fields).toMatchObject({
      'subject.creditCode': 'BODY_CODE',
    });
    expect(CREDIT_CHINA_FIELDS.BlacklistRemoved).toMatchObject({ removalReason: 'hmd_ycyy' });
  });

  it('marks the names no public implementation confirms as provisional, and only those', () => {
    expect(PROVISIONAL_SPEC_NAMES.has('START_PRICE')).toBe(true);
    expect(PROVISIONAL_SPEC_NAMES.has('TENDER_CANDIDATE')).toBe(true);
    expect(PROVISIONAL_SPEC_NAMES.has('hmd_xdr_shxym')).toBe(true);
    for (const confirmed of [
      'TENDER_PROJECT_CODE',
      'WIN_CANDIDATE_NAME',
      'LAND_CODE',
      'PROGRAM_BUDGET',
      'cf_wsh',
    ]) {
      expect(PROVISIONAL_SPEC_NAMES.has(confirmed)).toBe(false);
    }
  });

  it('only maps fields the variant has', () => {
    for (const type of EVENT_TYPES) {
      // Disclosures outside a transaction have no national record: nothing is mapped (checked below).
      if (DISCLOSURE_EVENT_TYPES.includes(type as never)) {
        for (const domain of CATALOGUE_DOMAINS) expect(SPEC_FIELDS[type][domain].fields).toEqual({});
        continue;
      }
      for (const domain of CATALOGUE_DOMAINS) {
        const example = EVENT_EXAMPLES.find(
          (e) =>
            e.type === type &&
            ((e.data as { domain: string }).domain === domain || CREDIT_EVENT_TYPES.includes(type as never)),
        )!;
        const schema = eventDataSchemas[type] as unknown as {
          shape?: Record<string, unknown>;
          options?: Array<{ shape: Record<string, unknown> & { domain: { value: string } } }>;
        };
        const shape = schema.shape ?? schema.options!.find((o) => o.shape.domain.value === domain)!.shape;
        for (const path of Object.keys(SPEC_FIELDS[type][domain].fields)) {
          expect(Object.keys(shape)).toContain(path.split('.')[0]);
        }
        expect(example).toBeDefined();
      }
    }
  });
});
