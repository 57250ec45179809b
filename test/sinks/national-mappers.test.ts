import { randomUUID } from 'node:crypto';
import {
  EXAMPLE_PARTIES,
  EXAMPLE_PERSONS,
  LIFECYCLE_ORDER,
  exampleEvent,
  streamIdFor,
  type CatalogueDomain,
  type DomainEvent,
  type EventType,
} from '@gongkai/domain';
import type { EventStore, RecordedEvent } from '@gongkai/event-store';
import {
  createMapperFor,
  NATIONAL_EXTENSION_FIELDS,
  parseSinkTargets,
  validateSpecRecord,
  type SinkFieldRecord,
  type SinkMapper,
  type SinkTargetConfigInput,
} from '@gongkai/sinks';
import { appendAsStored, createHarness, waitForCheckpoint, type SinkHarness } from './sink-fixtures';

/**
 * The national mappers behind the real delivery path: real domain events appended to a SQLite event
 * store (stored the way the service stores them), a SinkRunner, and a real HTTP receiver that records
 * what arrives on the wire.
 */
interface WireRecord {
  dataSet: string;
  dataSetName: string;
  record: Record<string, unknown>;
  preceding?: WireRecord[];
}

/** A fresh copy of an example with its own id, appended to its stream as the service does. */
async function appendExample(
  store: EventStore,
  type: EventType,
  domain?: CatalogueDomain,
): Promise<RecordedEvent> {
  const event: DomainEvent = { ...exampleEvent(type, domain), id: randomUUID() };
  return appendAsStored(store, event);
}

/** The mapper the runner builds by default for a target configured like this (default-mappers.ts). */
function defaultMapperFor(target: Partial<SinkTargetConfigInput>): SinkMapper {
  const [config] = parseSinkTargets([
    { name: 'mapped', url: 'http://127.0.0.1:9', ...target } as SinkTargetConfigInput,
  ]);
  return createMapperFor(config!);
}

const PROVINCE = {
  kind: 'provincial-platform',
  regions: ['32'],
  platformCode: '12320600466789123X',
  pubServicePlatCode: 'PUBSERVICE-TEST',
} as const satisfies Partial<SinkTargetConfigInput>;

const CREDIT_CHINA = {
  kind: 'credit-china',
  dataSourceName: '某市公共资源交易中心',
  dataSourceCode: '12320600MB1234567X',
} as const satisfies Partial<SinkTargetConfigInput>;

function wireRecords(harness: SinkHarness): Map<string, WireRecord> {
  return new Map(
    harness.receiver.accepted.map((delivery) => [delivery.idempotencyKey, delivery.json as WireRecord]),
  );
}

describe('national mappers, end to end', () => {
  let harness: SinkHarness;

  afterEach(async () => {
    await harness?.dispose();
  });

  it('pushes a whole engineering lifecycle as records every data set rule accepts, under one UNIFIED_DEAL_CODE', async () => {
    harness = await createHarness(PROVINCE, defaultMapperFor(PROVINCE));
    const { eventStore, receiver } = harness;
    const stages: RecordedEvent[] = [];
    for (const type of [...LIFECYCLE_ORDER, 'TransactionTerminated'] as const) {
      stages.push(await appendExample(eventStore, type, 'engineering'));
    }
    const housing = await appendExample(eventStore, 'AwardPublished', 'housing');
    const penalty = await appendExample(eventStore, 'PenaltyImposed');
    const blacklist = await appendExample(eventStore, 'BlacklistEntered');
    // Complaint decisions are not a trading-platform data set (404 is the supervisors'): skipped.
    const taken = [
      ...stages.filter((event) => event.type !== 'ComplaintDecided'),
      housing,
      penalty,
      blacklist,
    ];

    await harness.runner.start();
    await receiver.waitFor(() => receiver.accepted.length === taken.length, 10_000, 'every mapped record');
    await waitForCheckpoint(harness, blacklist.position);
    expect(receiver.missingKey).toBe(0);
    expect(receiver.acceptedKeysInOrder().filter((key) => stages.some((event) => event.id === key))).toEqual(
      taken.filter((event) => stages.includes(event)).map((event) => event.id),
    );

    // What arrived, record by record, in the order the platform stores them.
    const wire = wireRecords(harness);
    const arrived = (event: RecordedEvent) => {
      const body = wire.get(event.id);
      return body === undefined ? [] : [...(body.preceding ?? []), body];
    };
    const dataSets = stages.map((event) => [event.type, arrived(event).map((record) => record.dataSet)]);
    expect(dataSets).toEqual([
      ['AnnouncementPublished', ['500', '501', '502', '503']],
      ['AnnouncementCorrected', ['503']],
      ['QualificationResultPublished', ['516']],
      ['CandidatesPublicized', ['510', '510', '510', '511']],
      ['ComplaintDecided', []],
      ['AwardPublished', ['513']],
      ['ContractSigned', ['512']],
      ['ContractChanged', ['522']],
      ['TransactionTerminated', ['517']],
    ]);

    // The receiver checks every record as the platform would: every required field, in the specification's format.
    const records = [...stages, penalty, blacklist].filter((event) => wire.has(event.id)).flatMap(arrived);
    for (const record of records) {
      expect([
        record.dataSet,
        validateSpecRecord(record.dataSet, record.record as SinkFieldRecord, {
          extraFields: NATIONAL_EXTENSION_FIELDS,
        }),
      ]).toEqual([record.dataSet, []]);
    }
    // One transaction, one 统一交易标识码, on every record that has the field (the penalty names the same transaction).
    const codes = new Set(
      records
        .map((record) => record.record['UNIFIED_DEAL_CODE'] ?? record.record['UNIFIED_DEAL_CODES'])
        .filter(Boolean),
    );
    expect([...codes]).toEqual([expect.stringMatching(/^01[0-9A-F]{38}$/)]);
    expect(wire.get(penalty.id)).toMatchObject({
      dataSet: '300',
      record: { DOCUMENT_CODE: '通住建罚字〔2026〕第12号' },
    });
    expect(wire.get(housing.id)?.dataSet).toBe('904');

    const award = stages.find((event) => event.type === 'AwardPublished')!;
    expect(wire.get(award.id)).toMatchObject({
      dataSet: '513',
      record: {
        PLATFORM_CODE: PROVINCE.platformCode,
        PUB_SERVICE_PLAT_CODE: 'PUBSERVICE-TEST',
        TENDER_PROJECT_CODE: '3206022026A000127001',
        WIN_BIDDER_CODE: EXAMPLE_PARTIES.winner.creditCode,
        BID_AMOUNT: '2650000.00',
        PRICE_UNIT: '0',
        // The award's publisher (谁实施谁公开: the tenderer) is the information source.
        INFO_SOURCE_NAME: EXAMPLE_PARTIES.tenderer.name,
        INFO_SOURCE_SYSTEM: '南通市公共资源交易平台',
      },
    });
    // DATA_TIMESTAMP is when the store recorded the event, in Beijing time.
    const beijing = new Date(Date.parse(award.recordedAt) + 8 * 3600_000).toISOString();
    expect(wire.get(award.id)!.record['DATA_TIMESTAMP']).toBe(beijing.slice(0, 19).replace(/[-T:]/g, ''));
    const announcement = receiver.accepted.find((delivery) => delivery.idempotencyKey === stages[0]!.id)!;
    expect(announcement.headers['x-gongkai-data-set']).toBe('500,501,502,503');

    // Personal data of the housing recipients never goes on the wire.
    const body = receiver.accepted.map((delivery) => delivery.body).join('\n');
    for (const person of EXAMPLE_PERSONS) {
      expect(body).not.toContain(person.idNumber);
      expect(body).not.toContain(person.name);
    }
    const [status] = await harness.runner.status();
    expect(status).toMatchObject({ delivered: taken.length, skipped: 1, openDeadLetters: 0 });
  });

  it('dead-letters a record the platform would refuse, naming the rule, and sends nothing of it', async () => {
    harness = await createHarness(PROVINCE, defaultMapperFor(PROVINCE));
    const { eventStore, receiver } = harness;
    const award = exampleEvent('AwardPublished', 'procurement');
    delete (award.data as { tradingVenue?: unknown }).tradingVenue;
    const [stored] = (
      await eventStore.append(streamIdFor(award), [
        {
          id: randomUUID(),
          type: award.type,
          data: award.data,
          metadata: { ...award.metadata, schemaVersion: 1 },
        },
      ])
    ).events;
    const other = await appendExample(eventStore, 'AwardPublished', 'land');

    await harness.runner.start();
    await receiver.waitFor(() => receiver.accepted.length === 1, 10_000, 'the valid record');
    await waitForCheckpoint(harness, other.position);
    expect(receiver.acceptedKeysInOrder()).toEqual([other.id]);
    const [deadLetter] = await harness.runner.deadLetters.list();
    expect(deadLetter).toMatchObject({ eventId: stored!.id, reason: 'unmappable' });
    expect(deadLetter!.lastError).toContain(
      '553 TRA_PLACE_CODE (交易发生行政区域代码) is required [required] (event: tradingVenue.regionCode)',
    );
  });

  it('applies a province override given in the target configuration', async () => {
    const jiangsu = {
      ...PROVINCE,
      province: {
        dataSets: { '601': { code: 'JS-601', fields: { LENDING_NAME: 'SRRMC' } } },
        skip: ['land:AnnouncementPublished'],
      },
    } satisfies Partial<SinkTargetConfigInput>;
    harness = await createHarness(jiangsu, defaultMapperFor(jiangsu));
    const { eventStore, receiver } = harness;
    const announcement = await appendExample(eventStore, 'AnnouncementPublished', 'land');
    const award = await appendExample(eventStore, 'AwardPublished', 'land');

    await harness.runner.start();
    await receiver.waitFor(() => receiver.accepted.length === 1, 10_000, 'the award');
    await waitForCheckpoint(harness, award.position);
    expect(receiver.acceptedKeysInOrder()).toEqual([award.id]);
    expect(wireRecords(harness).get(award.id)).toMatchObject({
      dataSet: 'JS-601',
      record: { SRRMC: EXAMPLE_PARTIES.winner.name },
    });
    expect(wireRecords(harness).has(announcement.id)).toBe(false);
  });

  it('pushes penalties, licences, blacklist changes and credit records to Credit China, and nothing else', async () => {
    harness = await createHarness(CREDIT_CHINA, defaultMapperFor(CREDIT_CHINA));
    const { eventStore, receiver } = harness;
    const award = await appendExample(eventStore, 'AwardPublished', 'procurement');
    const penalty = await appendExample(eventStore, 'PenaltyImposed');
    const licence = await appendExample(eventStore, 'LicenceGranted');
    const entered = await appendExample(eventStore, 'BlacklistEntered');
    const credit = await appendExample(eventStore, 'CreditRecorded');
    const removed = await appendExample(eventStore, 'BlacklistRemoved');
    const taken = [penalty, licence, entered, credit, removed];

    await harness.runner.start();
    await receiver.waitFor(() => receiver.accepted.length === taken.length, 10_000, 'every credit record');
    await waitForCheckpoint(harness, removed.position);

    // One subject's credit stream arrives in order, keyed by event id.
    expect(receiver.acceptedKeysInOrder()).toEqual(taken.map((event) => event.id));
    const records = wireRecords(harness);
    expect(records.get(penalty.id)).toMatchObject({
      dataSet: 'XZCF',
      record: {
        cf_xdr_mc: EXAMPLE_PARTIES.third.name,
        cf_xdr_shxym: EXAMPLE_PARTIES.third.creditCode,
        cf_wsh: '通住建罚字〔2026〕第12号',
        cf_nr_fk: '1.355',
        cf_jdrq: '2026/04/10',
        cf_cfjgdm: EXAMPLE_PARTIES.authority.creditCode,
        cf_sjlydm: EXAMPLE_PARTIES.authority.creditCode,
      },
    });
    // 双公示 行政许可: the licence record, its decision date as Credit China writes dates.
    expect(records.get(licence.id)).toMatchObject({
      dataSet: 'XZXK',
      record: {
        xk_xdr_shxym: EXAMPLE_PARTIES.third.creditCode,
        xk_wsh: '通住建许字〔2026〕第57号',
        xk_jdrq: '2026/04/08',
        xk_lydwdm: EXAMPLE_PARTIES.authority.creditCode,
      },
    });
    expect(records.get(entered.id)).toMatchObject({
      dataSet: 'HMD_LR',
      // The authority that decided the listing is the source, not the unit the target configures.
      record: {
        hmd_wsh: '通住建失信〔2026〕第3号',
        hmd_sjly: EXAMPLE_PARTIES.authority.name,
        hmd_sjlydm: EXAMPLE_PARTIES.authority.creditCode,
      },
    });
    expect(records.get(removed.id)).toMatchObject({ dataSet: 'HMD_YC', record: { hmd_ycyy: '信用修复' } });
    expect(records.get(credit.id)?.dataSet).toBe('XYJL');
    expect(records.has(award.id)).toBe(false);

    const [status] = await harness.runner.status();
    expect(status).toMatchObject({ delivered: taken.length, skipped: 1, openDeadLetters: 0 });
  });

  it('dead-letters a catalogue event that no longer parses as unmappable, and sends the rest', async () => {
    harness = await createHarness(PROVINCE, defaultMapperFor(PROVINCE));
    const { eventStore, receiver } = harness;
    const broken = exampleEvent('AwardPublished', 'land');
    const [stored] = (
      await eventStore.append(streamIdFor(broken), [
        {
          id: randomUUID(),
          type: broken.type,
          data: { ...broken.data, dealPrice: 'a lot' },
          metadata: broken.metadata,
        },
      ])
    ).events;
    const fine = await appendExample(eventStore, 'AnnouncementPublished', 'mining');

    await harness.runner.start();
    await receiver.waitFor(() => receiver.accepted.length === 1, 10_000, 'the mappable record');
    await waitForCheckpoint(harness, fine.position);

    expect(receiver.acceptedKeysInOrder()).toEqual([fine.id]);
    expect(wireRecords(harness).get(fine.id)?.dataSet).toBe('651');
    const [deadLetter] = await harness.runner.deadLetters.list();
    expect(deadLetter).toMatchObject({ eventId: stored!.id, reason: 'unmappable' });
    expect(deadLetter!.lastError).toContain('data.dealPrice');
  });
});
