import {
  LIFECYCLE_ORDER,
  exampleEvent,
  transactionStreamId,
  type DomainEvent,
  type EventType,
} from '@gongkai/domain';
import { DEFAULT_NATIONAL_CODES, NUMBERED_DOMAINS, STAGE_RECORDS, type NumberedDomain } from '@gongkai/sinks';
import type { SourceRow } from '../source-row';
import { buildTransaction } from '../transaction-events';

/**
 * The import is the inverse of the provincial sink's forward mapping: each domain's example lifecycle, mapped
 * to national records by libs/sinks (STAGE_RECORDS), imports back as the same stages with the same facts.
 * Facts no national data set carries come as the documented `gongkai:` supplements.
 */

const UNIFIED_DEAL_CODE = `02${'A'.repeat(38)}`;
const PUBLISHER = {
  publisher: { name: '南通市公共资源交易中心', creditCode: '123206004667891235' },
  publisherRole: 'trading_centre' as const,
  regionCode: '320602',
  sourceSystem: 'test',
};

const data = (event: DomainEvent) => event.data as Record<string, unknown>;

/** The supplements a centre adds to a data set's rows for what the specification does not carry. */
function supplements(
  domain: NumberedDomain,
  dataSet: string,
  fields: Record<string, string>,
): Record<string, string> {
  const example = (type: EventType) => data(exampleEvent(type, domain));
  if (dataSet === '510') {
    const candidates = example('CandidatesPublicized').candidates as {
      creditCode: string;
      durationDays: number;
      projectManager: { name: string; certificateNumber: string };
    }[];
    const candidate = candidates.find((c) => c.creditCode === fields.WIN_CANDIDATE_CODE)!;
    return {
      'gongkai:durationDays': String(candidate.durationDays),
      'gongkai:projectManager.name': candidate.projectManager.name,
      'gongkai:projectManager.certificateNumber': candidate.projectManager.certificateNumber,
    };
  }
  if (dataSet === '511') {
    return {
      'gongkai:evaluationReportReceived': String(example('CandidatesPublicized').evaluationReportReceived),
    };
  }
  if (dataSet === '600' && fields.ANNOUNCEMENT_TYPE === '1') {
    const announced = example('AnnouncementPublished');
    return {
      'gongkai:startingPrice': String(announced.startingPrice),
      'gongkai:bidDeposit': String(announced.bidDeposit),
    };
  }
  if (dataSet === '650' || dataSet === '651') {
    const announced = example('AnnouncementPublished');
    return {
      'gongkai:startingPrice': String(announced.startingPrice),
      'gongkai:tradingStart': String(announced.tradingStart),
      'gongkai:mineralType': String(announced.mineralType),
      'gongkai:title': String(announced.title),
    };
  }
  if (dataSet === '701') {
    const award = example('AwardPublished');
    return {
      'gongkai:publicityStart': String(award.publicityStart),
      'gongkai:publicityEnd': String(award.publicityEnd),
    };
  }
  return {};
}

function forward(domain: NumberedDomain): { events: DomainEvent[]; rows: SourceRow[] } {
  const events: DomainEvent[] = [];
  const rows: SourceRow[] = [];
  for (const type of LIFECYCLE_ORDER) {
    const builder = STAGE_RECORDS[domain][type];
    if (!builder) continue;
    const event = exampleEvent(type, domain);
    events.push(event);
    const records = builder({
      type,
      data: event.data as never,
      metadata: event.metadata,
      unifiedDealCode: UNIFIED_DEAL_CODE,
      codes: DEFAULT_NATIONAL_CODES,
    });
    for (const record of records) {
      // 500 项目 has no event of its own; the import does not read it.
      if (record.dataSet === '500') continue;
      const fields = Object.fromEntries(
        Object.entries(record.fields)
          .filter(([, value]) => value !== undefined)
          .map(([name, value]) => [name, String(value)]),
      );
      rows.push({
        file: `${domain}.json`,
        row: rows.length + 1,
        dataSet: record.dataSet,
        fields: { ...fields, ...supplements(domain, record.dataSet, fields) },
      });
    }
  }
  return { events, rows };
}

describe('import is the inverse of the forward mapping', () => {
  it.each(NUMBERED_DOMAINS)('%s: the example lifecycle comes back stage by stage', (domain) => {
    const { events, rows } = forward(domain);
    const transactionId = String(
      domain === 'mining'
        ? UNIFIED_DEAL_CODE
        : Object.values(data(events[0]!)).find((v) => typeof v === 'string' && v !== domain),
    );
    const build = buildTransaction(transactionStreamId(transactionId), rows, PUBLISHER);
    expect(build.rejected).toEqual([]);
    expect(build.events.map(({ event }) => event.type)).toEqual(events.map((event) => event.type));

    build.events.forEach(({ event }, i) => {
      const original = data(events[i]!);
      const imported = data(event);
      for (const field of [
        'winBidder',
        'supplier',
        'landee',
        'transferee',
        'bidAmount',
        'dealAmount',
        'dealPrice',
        'contractAmount',
        'purchaser',
        'transferor',
        'title',
        'bidDeadline',
        'signedAt',
        'candidates',
      ]) {
        // A fact the records do not carry is filled from another field and named so: not the original's.
        const inferred = event.metadata.imported?.inferred?.some((i) => i.field === field);
        if (original[field] === undefined || inferred) continue;
        expect({ type: event.type, field, value: normalise(imported[field]) }).toEqual({
          type: event.type,
          field,
          value: normalise(original[field]),
        });
      }
      expect(event.metadata.imported?.records[0]).toMatch(/^\d{3}:/);
    });
  });
});

/** Amounts compare as numbers (`1000000.00` is `1000000`), instants as instants. */
function normalise(value: unknown): unknown {
  if (typeof value === 'string' && /^\d+(\.\d+)?$/.test(value)) return Number(value);
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T/.test(value)) return Date.parse(value);
  if (Array.isArray(value)) return value.map(normalise);
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normalise(v)]));
  return value;
}
