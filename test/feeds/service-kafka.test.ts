import { randomUUID } from 'node:crypto';
import { EXAMPLE_PERSONS, transactionStreamId } from '@gongkai/domain';
import { freeLoopbackPort, startKafkaBroker, type KafkaBroker } from '../support/kafka-broker';
import { ADMIN_TOKEN, startService, type RunningService } from '../service/harness';
import {
  NANTONG_CENTRE,
  createToken,
  eventsPath,
  lifecycle,
  transactionIdOfExample,
} from '../service/fixtures';
import { FeedReader, type ReceivedFeedMessage } from './feed-fixtures';

/**
 * The Kafka feed run by the service itself (createApp with KAFKA_BROKERS): events appended over HTTP
 * reach the public topic, redacted, keyed by stream, with ce_id = event id; and a broker that is down
 * when the service starts neither stops the service nor loses events once it comes up.
 */

jest.setTimeout(180_000);

interface Appended {
  id: string;
  position: number;
}

/** Appends the housing lifecycle over HTTP (as the Nantong centre); answers what the service stored. */
async function appendHousingLifecycle(service: RunningService): Promise<Appended[]> {
  const centre = await createToken(service, NANTONG_CENTRE);
  const appended: Appended[] = [];
  for (const body of lifecycle('housing')) {
    const answer = await service.call('POST', eventsPath(transactionIdOfExample('housing')), {
      token: centre,
      body,
    });
    expect([answer.status, answer.text]).toEqual([201, answer.text]);
    appended.push({ id: body.id, position: answer.body.position as number });
  }
  return appended;
}

/** Waits (bounded) until the reader has received at least `count` messages. */
async function receive(
  reader: FeedReader,
  count: number,
  timeoutMs = 30_000,
): Promise<ReceivedFeedMessage[]> {
  const deadline = Date.now() + timeoutMs;
  while (reader.messages.length < count) {
    if (Date.now() > deadline) {
      throw new Error(`received ${reader.messages.length} of ${count} messages within ${timeoutMs} ms`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return reader.messages;
}

function kafkaEnv(brokers: string, topic: string): Record<string, string> {
  return { KAFKA_BROKERS: brokers, GONGKAI_KAFKA_TOPIC: topic, GONGKAI_KAFKA_PARTITIONS: '3' };
}

const housingStream = transactionStreamId(transactionIdOfExample('housing'));
const idNumber = EXAMPLE_PERSONS[0].idNumber;

describe('the service publishes its events to Kafka', () => {
  let broker: KafkaBroker;
  let service: RunningService;
  let reader: FeedReader | undefined;
  const topic = `service-feed-${randomUUID().slice(0, 8)}.public`;

  beforeAll(async () => {
    broker = await startKafkaBroker();
    service = await startService(kafkaEnv(broker.brokers, topic));
  });
  afterAll(async () => {
    await reader?.stop();
    await service?.stop();
    await broker?.stop();
  });

  it('sends every appended event to the public topic, redacted, keyed by stream, with ce_id = event id', async () => {
    const appended = await appendHousingLifecycle(service);
    const last = appended[appended.length - 1]!.position;
    await service.service.background.kafkaFeed.waitUntilPublished(last, 30_000);

    reader = await FeedReader.start(broker.brokers, topic);
    const messages = await receive(reader, appended.length);
    const ours = messages.filter((message) => message.streamId === housingStream);
    expect(ours.map((message) => message.ceId)).toEqual(appended.map((event) => event.id));
    expect(new Set(ours.map((message) => message.key))).toEqual(new Set([housingStream]));
    const values = JSON.stringify(ours.map((message) => message.value));
    expect(values).not.toContain(idNumber);
    // The full payload (what a supervisor sees over HTTP) does carry the number: the check above can fail.
    expect(JSON.stringify(lifecycle('housing').map((event) => event.data))).toContain(idNumber);

    const sinks = await service.call('GET', '/v1/sinks', { token: ADMIN_TOKEN });
    expect(sinks.status).toBe(200);
    expect(sinks.body.kafkaFeed).toMatchObject({
      state: 'publishing',
      healthy: true,
      topics: { public: topic },
      publishedThrough: last,
      lagEvents: 0,
    });
    const health = await service.call('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body.kafkaFeed).toMatchObject({ status: 'ok', state: 'publishing', lagEvents: 0 });
    const metrics = await service.call('GET', '/metrics');
    expect(metrics.text).toContain(`gongkai_kafka_feed_published_position ${last}`);
    expect(metrics.text).toContain('gongkai_kafka_feed_lag_events 0');
    expect(metrics.text).toContain('gongkai_kafka_feed_up 1');
  });
});

describe('the service started while Kafka is down', () => {
  let broker: KafkaBroker | undefined;
  let service: RunningService;
  let reader: FeedReader | undefined;
  const topic = `service-feed-late-${randomUUID().slice(0, 8)}.public`;

  afterAll(async () => {
    await reader?.stop();
    await service?.stop();
    await broker?.stop();
  });

  it('serves at once, reports the feed degraded, and publishes once the broker comes up', async () => {
    const port = await freeLoopbackPort();
    const started = Date.now();
    service = await startService(kafkaEnv(`127.0.0.1:${port}`, topic));
    expect(Date.now() - started).toBeLessThan(10_000);

    const appended = await appendHousingLifecycle(service);
    const health = await service.call('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', ready: true });
    expect(health.body.kafkaFeed).toMatchObject({ status: 'degraded', state: 'connecting' });
    const sinks = await service.call('GET', '/v1/sinks', { token: ADMIN_TOKEN });
    expect(sinks.body.kafkaFeed).toMatchObject({ state: 'connecting', healthy: false, publishedThrough: 0 });
    expect((sinks.body.kafkaFeed as { lagEvents: number }).lagEvents).toBeGreaterThanOrEqual(appended.length);
    expect((await service.call('GET', '/metrics')).text).toContain('gongkai_kafka_feed_up 0');

    // The first setup attempt must have failed, so what follows covers the retry, not a lucky first attempt.
    const failedBefore = Date.now();
    while ((await service.service.background.kafkaFeed.status()).startFailures < 1) {
      expect(Date.now() - failedBefore).toBeLessThan(30_000);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    console.log(
      `service-kafka: first setup attempt against a closed port failed after ${Date.now() - started} ms`,
    );
    broker = await startKafkaBroker({ port });
    const last = appended[appended.length - 1]!.position;
    // Bounded: one setup attempt against a dead port (kafkajs's own retries) plus the backoff before the next.
    await service.service.background.kafkaFeed.waitUntilPublished(last, 90_000);

    reader = await FeedReader.start(broker.brokers, topic);
    const ours = (await receive(reader, appended.length)).filter(
      (message) => message.streamId === housingStream,
    );
    expect(ours.map((message) => message.ceId)).toEqual(appended.map((event) => event.id));
    expect(JSON.stringify(ours.map((message) => message.value))).not.toContain(idNumber);
    expect((await service.call('GET', '/health')).body.kafkaFeed).toMatchObject({
      status: 'ok',
      state: 'publishing',
    });
  });
});

describe('an api process with KAFKA_BROKERS set', () => {
  it('does not publish, reports the feed as external and exports no feed metrics', async () => {
    const port = await freeLoopbackPort();
    const service = await startService({
      ...kafkaEnv(`127.0.0.1:${port}`, 'unused.public'),
      GONGKAI_ROLE: 'api',
    });
    try {
      await appendHousingLifecycle(service);
      const sinks = await service.call('GET', '/v1/sinks', { token: ADMIN_TOKEN });
      expect(sinks.body.kafkaFeed).toMatchObject({
        state: 'external',
        healthy: true,
        lagEvents: 0,
        startFailures: 0,
      });
      expect((await service.call('GET', '/health')).body.kafkaFeed).toMatchObject({
        status: 'ok',
        state: 'external',
      });
      expect((await service.call('GET', '/metrics')).text).not.toContain('gongkai_kafka_feed_');
    } finally {
      await service.stop();
    }
  });
});
