import { CORRECTED_LIFECYCLE_ORDER, exampleEvent, type EventType } from '@gongkai/domain';
import { validateSpecRecord } from '../../national-spec/validate-record';
import { NATIONAL_DATA_SETS } from '../../national-spec/spec-data-sets';
import { NATIONAL_EXTENSION_FIELDS, createProvincialPlatformMapper } from '../provincial-platform.mapper';
import { recordedFrom } from '../recorded-event.fixture';
import type { SinkRecord } from '../sink-record';
import { NUMBERED_DOMAINS, type NumberedDomain } from './stage-records';
import { defaultUnifiedDealCode } from './unified-deal-code';

/**
 * Per numbered domain, the records of a whole lifecycle (the examples, in the order the decider accepts
 * them, then a termination): each stage in the data set that means it, every record meeting every rule of
 * its data set (each required field present, in the specification's format), one UNIFIED_DEAL_CODE.
 */
const PLATFORM = '12320600466789123X';
const mapper = createProvincialPlatformMapper({ platformCode: PLATFORM, pubServicePlatCode: 'G3200000001' });
const STAGES: readonly EventType[] = [...CORRECTED_LIFECYCLE_ORDER, 'TransactionTerminated'];

const EXPECTED: Record<NumberedDomain, Partial<Record<EventType, string[]>>> = {
  engineering: {
    AnnouncementPublished: ['500', '501', '502', '503'],
    AnnouncementCorrected: ['503'],
    QualificationResultPublished: ['516'],
    QualificationResultCorrected: ['516'],
    CandidatesPublicized: ['510', '510', '510', '511'],
    CandidatesCorrected: ['510', '510', '510', '511'],
    AwardPublished: ['513'],
    AwardCorrected: ['513'],
    ContractSigned: ['512'],
    ContractCorrected: ['512'],
    ContractChanged: ['522'],
    TransactionTerminated: ['517'],
  },
  procurement: {
    AnnouncementPublished: ['550', '551'],
    AnnouncementCorrected: ['552'],
    AwardPublished: ['553'],
    AwardCorrected: ['553'],
    ContractSigned: ['554'],
    ContractCorrected: ['554'],
    TransactionTerminated: ['552'],
  },
  land: {
    AnnouncementPublished: ['600'],
    AnnouncementCorrected: ['600'],
    AwardPublished: ['601'],
    AwardCorrected: ['601'],
    TransactionTerminated: ['600'],
  },
  mining: {
    AnnouncementPublished: ['651'],
    AnnouncementCorrected: ['651'],
    AwardPublished: ['653'],
    AwardCorrected: ['653'],
  },
  state_property: {
    AnnouncementPublished: ['700'],
    AnnouncementCorrected: ['700'],
    AwardPublished: ['701'],
    AwardCorrected: ['701'],
  },
};

const recordsOf = (record: SinkRecord | undefined): SinkRecord[] =>
  record ? [...(record.preceding ?? []), record] : [];

describe.each(NUMBERED_DOMAINS)('a %s lifecycle on the provincial platform', (domain) => {
  const mapped = STAGES.map(
    (type) => [type, recordsOf(mapper.map(recordedFrom(exampleEvent(type, domain))))] as const,
  );

  it('lands every stage in the data set that means it', () => {
    const sent = Object.fromEntries(
      mapped
        .filter(([, records]) => records.length > 0)
        .map(([type, records]) => [type, records.map((r) => r.dataSet)]),
    );
    expect(sent).toEqual(EXPECTED[domain]);
  });

  it('resends a corrected stage as the stage restated, 公告性质 更正 where the data set carries it', () => {
    const award = mapped.find(([type]) => type === 'AwardCorrected')![1];
    const published = mapped.find(([type]) => type === 'AwardPublished')![1];
    expect(award.map((r) => r.dataSet)).toEqual(published.map((r) => r.dataSet));
    if (domain === 'engineering') {
      expect(published[0]!.fields['NOTICE_NATURE']).toBe('1');
      expect(award[0]!.fields['NOTICE_NATURE']).toBe('2');
      // The correction's own notice, not the award's.
      expect(award[0]!.fields['NOTICE_NAME']).toBe('更正公告');
    }
  });

  it('carries every required field of each data set, in the specification format', () => {
    for (const [type, records] of mapped) {
      for (const record of records) {
        const violations = validateSpecRecord(record.dataSet, record.fields, {
          extraFields: NATIONAL_EXTENSION_FIELDS,
        });
        expect([type, record.dataSet, violations]).toEqual([type, record.dataSet, []]);
        const required = NATIONAL_DATA_SETS[record.dataSet]!.fields.filter((field) => field.required);
        expect(required.filter((field) => record.fields[field.name] === undefined)).toEqual([]);
      }
    }
  });

  it('puts the transaction’s one UNIFIED_DEAL_CODE on every record that has the field', () => {
    const transactionId = {
      engineering: '3206022026A000127001',
      procurement: 'NTCG2026-0031',
      land: 'R2026-012',
      mining: 'CK-2026-007',
      state_property: 'G32026TJ1000015',
    }[domain];
    const expected = defaultUnifiedDealCode({ platformCode: PLATFORM, domain, transactionId });
    const codes = mapped.flatMap(([, records]) =>
      records
        .filter((record) =>
          NATIONAL_DATA_SETS[record.dataSet]!.fields.some((field) =>
            field.name.startsWith('UNIFIED_DEAL_CODE'),
          ),
        )
        .map((record) => record.fields['UNIFIED_DEAL_CODE'] ?? record.fields['UNIFIED_DEAL_CODES']),
    );
    expect(codes.length).toBeGreaterThan(0);
    expect(new Set(codes)).toEqual(new Set([expected]));
  });
});
