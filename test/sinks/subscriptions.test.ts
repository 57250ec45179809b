import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  EXAMPLE_PARTIES,
  EXAMPLE_PERSONS,
  exampleEvent,
  type CatalogueDomain,
  type EventType,
} from '@gongkai/domain';
import { SqliteEventStore, type RecordedEvent } from '@gongkai/event-store';
import {
  InvalidSinkConfiguration,
  parseSinkTargets,
  SinkRunner,
  SqliteSinkStateStore,
  type SinkTargetConfigInput,
} from '@gongkai/sinks';
import { RecordingReceiver } from '../../libs/sinks/src/testing/recording-receiver';
import { appendAsStored, fastDelivery, waitUntilAllSettled } from './sink-fixtures';

/**
 * Subscriptions by need (按需定制、精准推送): a webhook target with a filter (domain, region, stage, publisher,
 * party) receives the public view of exactly the events it asked for, as CloudEvents, through the same
 * delivery as the sinks (checkpoint, retries, dead letters). Real SQLite store and state, real receivers.
 */

interface CloudEvent {
  specversion: string;
  id: string;
  type: string;
  source: string;
  subject: string;
  time: string;
  datacontenttype: string;
  data: { type: string; data: Record<string, unknown>; metadata: Record<string, unknown> };
}

async function append(
  store: SqliteEventStore,
  type: EventType,
  domain: CatalogueDomain,
  regionCode = '320602',
): Promise<RecordedEvent> {
  const event = exampleEvent(type, domain);
  return appendAsStored(store, { ...event, id: randomUUID(), metadata: { ...event.metadata, regionCode } });
}

describe('subscriptions by need: filtered webhooks', () => {
  let dir: string;
  let store: SqliteEventStore;
  let state: SqliteSinkStateStore;
  let receivers: RecordingReceiver[];
  let runner: SinkRunner | undefined;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-subscriptions-'));
    store = await SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
    state = SqliteSinkStateStore.open({ path: join(dir, 'sink-state.sqlite') });
    receivers = await Promise.all([0, 1, 2].map(() => RecordingReceiver.start()));
  });

  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    await Promise.all(receivers.map((receiver) => receiver.close()));
    await state.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('delivers each subscriber exactly what its filter asks for, as CloudEvents of the public view', async () => {
    const [awards, watch, byPublisher] = receivers as [
      RecordingReceiver,
      RecordingReceiver,
      RecordingReceiver,
    ];
    const suzhouAward = await append(store, 'AwardPublished', 'engineering', '320583');
    const nantongAward = await append(store, 'AwardPublished', 'engineering', '320602');
    const suzhouContract = await append(store, 'ContractSigned', 'engineering', '320583');
    const suzhouLandAward = await append(store, 'AwardPublished', 'land', '320583');
    const procurementAward = await append(store, 'AwardPublished', 'procurement', '320583');
    const housingAward = await append(store, 'AwardPublished', 'housing', '320602');
    const penalty = await append(store, 'PenaltyImposed', 'engineering', '320602');
    const last = penalty;

    runner = new SinkRunner({
      eventStore: store,
      state,
      parkedSyncIntervalMs: 0,
      targets: parseSinkTargets([
        {
          // 苏州 engineering and land awards.
          name: 'suzhou-awards',
          kind: 'webhook',
          url: awards.url,
          regions: ['3205'],
          filter: { domains: ['engineering', 'land'], stages: ['AwardPublished'] },
          ...fastDelivery,
        },
        {
          // Everything naming one firm, anywhere in the public data: a party watch.
          name: 'watch-hengxin',
          kind: 'webhook',
          url: watch.url,
          filter: { parties: [EXAMPLE_PARTIES.third.creditCode] },
          ...fastDelivery,
        },
        {
          // What one publisher (the housing authority, which decides penalties) publishes.
          name: 'by-publisher',
          kind: 'webhook',
          url: byPublisher.url,
          filter: { publishers: [EXAMPLE_PARTIES.authority.creditCode] },
          ...fastDelivery,
        },
      ]),
    });
    await runner.start();
    await waitUntilAllSettled(runner, last.position);

    expect(awards.acceptedKeysInOrder()).toEqual([suzhouAward.id, suzhouLandAward.id]);
    const named = [
      suzhouAward,
      nantongAward,
      suzhouContract,
      suzhouLandAward,
      procurementAward,
      penalty,
    ].filter((event) => JSON.stringify(event.data).includes(EXAMPLE_PARTIES.third.creditCode));
    expect(named.length).toBeGreaterThan(0);
    expect(named.length).toBeLessThan(6); // a filter that keeps some and drops others
    expect(watch.acceptedKeysInOrder().sort()).toEqual(named.map((event) => event.id).sort());
    expect(byPublisher.acceptedKeysInOrder()).toEqual([penalty.id]);
    expect(publisherOf(penalty)).toBe(EXAMPLE_PARTIES.authority.creditCode);
    expect(publisherOf(housingAward)).not.toBe(EXAMPLE_PARTIES.authority.creditCode);

    const delivery = awards.accepted[0]!;
    expect(delivery.headers['content-type']).toBe('application/cloudevents+json; charset=utf-8');
    const cloudEvent = delivery.json as CloudEvent;
    expect(cloudEvent).toMatchObject({
      specversion: '1.0',
      id: suzhouAward.id,
      type: 'cn.gongkai.AwardPublished',
      subject: suzhouAward.streamId,
      time: suzhouAward.recordedAt,
      datacontenttype: 'application/json',
      data: { type: 'AwardPublished', data: { domain: 'engineering', bidAmount: '2650000.00' } },
    });
    // The public view only: no personal data of the housing recipients on any subscriber's wire.
    const bodies = receivers
      .flatMap((receiver) => receiver.accepted.map((accepted) => accepted.body))
      .join('\n');
    for (const person of EXAMPLE_PERSONS) expect(bodies).not.toContain(person.idNumber);

    const status = new Map((await runner.status()).map((target) => [target.target, target]));
    expect(status.get('suzhou-awards')).toMatchObject({ kind: 'webhook', delivered: 2, skipped: 5 });
  });

  it('has the sinks’ guarantees: retried through failures, dead-lettered when refused, in order per stream', async () => {
    const [subscriber] = receivers as [RecordingReceiver];
    const first = await append(store, 'AnnouncementPublished', 'engineering');
    const second = await append(store, 'AwardPublished', 'engineering');
    subscriber.failNext(2, 503);
    subscriber.reject((request) => request.idempotencyKey === second.id, 410, 1);
    runner = new SinkRunner({
      eventStore: store,
      state,
      parkedSyncIntervalMs: 0,
      targets: parseSinkTargets([
        {
          name: 'all-engineering',
          kind: 'webhook',
          url: subscriber.url,
          filter: { domains: ['engineering'] },
          ...fastDelivery,
        },
      ]),
    });
    await runner.start();
    await waitUntilAllSettled(runner, second.position);
    expect(subscriber.acceptedKeysInOrder()).toEqual([first.id]);
    const [deadLetter] = await runner.deadLetters.list();
    expect(deadLetter).toMatchObject({ eventId: second.id, reason: 'rejected', httpStatus: 410 });
    expect(await runner.deadLetters.retry(deadLetter!.id)).toMatchObject({ outcome: 'delivered' });
    expect(subscriber.acceptedKeysInOrder()).toEqual([first.id, second.id]);
  });

  it('refuses a filter it cannot apply', () => {
    const webhook = (filter: unknown) => () =>
      parseSinkTargets([
        { name: 'w', kind: 'webhook', url: 'http://127.0.0.1:9/', filter } as SinkTargetConfigInput,
      ]);
    expect(webhook({ stages: ['Awarded'] })).toThrow(InvalidSinkConfiguration);
    expect(webhook({ parties: ['not-a-code'] })).toThrow(/parties/);
    expect(webhook({ publishers: [] })).toThrow(/publishers/);
    expect(webhook({ regions: ['32'] })).toThrow(/regions/); // regions and domains are the target's, not the filter's
    expect(webhook({})).not.toThrow();
  });
});

function publisherOf(event: RecordedEvent): string {
  return (event.metadata as { publisher: { creditCode: string } }).publisher.creditCode;
}
