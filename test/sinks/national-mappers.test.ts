import { randomUUID } from 'node:crypto';
import {
  EXAMPLE_PARTIES,
  EXAMPLE_PERSONS,
  exampleEvent,
  streamIdFor,
  type CatalogueDomain,
  type DomainEvent,
  type EventType,
} from '@gongkai/domain';
import type { EventStore, RecordedEvent } from '@gongkai/event-store';
import { createMapperFor, parseSinkTargets, type SinkMapper, type SinkTargetConfigInput } from '@gongkai/sinks';
import { createHarness, waitForCheckpoint, type SinkHarness } from './sink-fixtures';

/**
 * The national mappers behind the real delivery path: real domain events appended to a SQLite event
 * store (stored the way the service stores them), a SinkRunner, and a real HTTP receiver that records
 * what arrives on the wire.
 */
interface WireRecord {
  dataSet: string;
  dataSetName: string;
  record: Record<string, unknown>;
}

/** A fresh copy of an example with its own id, appended to its stream as the service does. */
async function appendExample(store: EventStore, type: EventType, domain?: CatalogueDomain): Promise<RecordedEvent> {
  const event: DomainEvent = { ...exampleEvent(type, domain), id: randomUUID() };
  const result = await store.append(streamIdFor(event), [
    {
      id: event.id,
      type: event.type,
      data: event.data,
      metadata: { ...event.metadata, schemaVersion: event.schemaVersion },
    },
  ]);
  return result.events[0]!;
}

/** The mapper the runner builds by default for a target configured like this (default-mappers.ts). */
function defaultMapperFor(target: Partial<SinkTargetConfigInput>): SinkMapper {
  const [config] = parseSinkTargets([{ name: 'mapped', url: 'http://127.0.0.1:9', ...target } as SinkTargetConfigInput]);
  return createMapperFor(config!);
}

const PROVINCE = {
  kind: 'provincial-platform',
  platformCode: 'PLATFORM-TEST',
  pubServicePlatCode: 'PUBSERVICE-TEST',
} as const satisfies Partial<SinkTargetConfigInput>;

const CREDIT_CHINA = {
  kind: 'credit-china',
  dataSourceName: '某市公共资源交易中心',
  dataSourceCode: '12320600MB1234567X',
} as const satisfies Partial<SinkTargetConfigInput>;

function wireRecords(harness: SinkHarness): Map<string, WireRecord> {
  return new Map(harness.receiver.accepted.map((delivery) => [delivery.idempotencyKey, delivery.json as WireRecord]));
}

describe('national mappers, end to end', () => {
  let harness: SinkHarness;

  afterEach(async () => {
    await harness?.dispose();
  });

  it('pushes stage and blacklist events to the provincial platform as national data set records', async () => {
    harness = await createHarness(PROVINCE, defaultMapperFor(PROVINCE));
    const { eventStore, receiver } = harness;
    const announcement = await appendExample(eventStore, 'AnnouncementPublished', 'engineering');
    const candidates = await appendExample(eventStore, 'CandidatesPublicized', 'engineering');
    const penalty = await appendExample(eventStore, 'PenaltyImposed');
    const award = await appendExample(eventStore, 'AwardPublished', 'engineering');
    const housing = await appendExample(eventStore, 'AwardPublished', 'housing');
    const blacklist = await appendExample(eventStore, 'BlacklistEntered');
    const taken = [announcement, candidates, award, housing, blacklist];

    await harness.runner.start();
    await receiver.waitFor(() => receiver.accepted.length === taken.length, 10_000, 'every mapped record');
    await waitForCheckpoint(harness, blacklist.position);

    // Idempotency-Key = event id; a transaction's records arrive in stream order.
    expect(new Set(receiver.acceptedKeysInOrder())).toEqual(new Set(taken.map((event) => event.id)));
    const engineeringOrder = receiver.acceptedKeysInOrder().filter((key) =>
      [announcement.id, candidates.id, award.id].includes(key),
    );
    expect(engineeringOrder).toEqual([announcement.id, candidates.id, award.id]);
    expect(receiver.missingKey).toBe(0);

    const records = wireRecords(harness);
    expect(records.get(announcement.id)).toMatchObject({
      dataSet: '503',
      record: { PLATFORM_CODE: 'PLATFORM-TEST', PUB_SERVICE_PLAT_CODE: 'PUBSERVICE-TEST', NOTICE_NATURE: '1' },
    });
    expect(records.get(candidates.id)).toMatchObject({
      dataSet: '511',
      record: { PUBLICITY_START_TIME: '20260327090000', PUBLICITY_END_TIME: '20260330170000' },
    });
    // The candidates travel as candidate rows inside the 511 record.
    const candidateRows = records.get(candidates.id)!.record['TENDER_CANDIDATE'] as Array<Record<string, unknown>>;
    expect(candidateRows.map((row) => row['WIN_CANDIDATE_ORDER'])).toEqual([1, 2, 3]);
    expect(candidateRows[0]).toMatchObject({
      WIN_CANDIDATE_CODE: EXAMPLE_PARTIES.winner.creditCode,
      BID_PRICE: '2650000.00',
    });
    const awardRecord = records.get(award.id)!;
    expect(awardRecord).toMatchObject({
      dataSet: '513',
      record: {
        TENDER_PROJECT_CODE: '3206022026A000127001',
        WIN_BIDDER_CODE: EXAMPLE_PARTIES.winner.creditCode,
        BID_AMOUNT: '2650000.00',
        // The award's publisher (谁实施谁公开: the tenderer) is the information source.
        INFO_SOURCE_NAME: EXAMPLE_PARTIES.tenderer.name,
        INFO_SOURCE_CODE: EXAMPLE_PARTIES.tenderer.creditCode,
        INFO_SOURCE_SYSTEM: '南通市公共资源交易平台',
      },
    });
    // DATA_TIMESTAMP is when the store recorded the event, in Beijing time.
    const beijing = new Date(Date.parse(award.recordedAt) + 8 * 3600_000).toISOString();
    expect(awardRecord.record['DATA_TIMESTAMP']).toBe(beijing.slice(0, 19).replace(/[-T:]/g, ''));
    expect(records.get(housing.id)?.dataSet).toBe('904');
    expect(records.get(blacklist.id)).toMatchObject({
      dataSet: '302',
      record: { BODY_CODE: EXAMPLE_PARTIES.third.creditCode, DOCUMENT_CODE: '通住建失信〔2026〕第3号' },
    });

    const accepted = receiver.accepted.find((delivery) => delivery.idempotencyKey === award.id)!;
    expect(accepted.headers['x-gongkai-data-set']).toBe('513');
    // Personal data of the housing recipients never goes on the wire.
    const wire = receiver.accepted.map((delivery) => delivery.body).join('\n');
    for (const person of EXAMPLE_PERSONS) {
      expect(wire).not.toContain(person.idNumber);
      expect(wire).not.toContain(person.name);
    }
    expect(wire).not.toContain(EXAMPLE_PERSONS[0].phone);

    const [status] = await harness.runner.status();
    expect(status).toMatchObject({ delivered: taken.length, skipped: 1, openDeadLetters: 0 });
    expect(receiver.accepted.some((delivery) => delivery.idempotencyKey === penalty.id)).toBe(false);
  });

  it('pushes penalties, blacklist changes and credit records to Credit China, and nothing else', async () => {
    harness = await createHarness(CREDIT_CHINA, defaultMapperFor(CREDIT_CHINA));
    const { eventStore, receiver } = harness;
    const award = await appendExample(eventStore, 'AwardPublished', 'procurement');
    const penalty = await appendExample(eventStore, 'PenaltyImposed');
    const entered = await appendExample(eventStore, 'BlacklistEntered');
    const credit = await appendExample(eventStore, 'CreditRecorded');
    const removed = await appendExample(eventStore, 'BlacklistRemoved');
    const taken = [penalty, entered, credit, removed];

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
    expect(records.get(entered.id)).toMatchObject({
      dataSet: 'HMD_LR',
      record: { hmd_wsh: '通住建失信〔2026〕第3号', hmd_sjly: '某市公共资源交易中心' },
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
        { id: randomUUID(), type: broken.type, data: { ...broken.data, dealPrice: 'a lot' }, metadata: broken.metadata },
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
