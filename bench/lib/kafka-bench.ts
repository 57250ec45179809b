import * as path from 'node:path';
import { Kafka, Partitioners, logLevel, type Consumer, type Message, type Producer } from 'kafkajs';
import { SqliteEventStore, type EventStore, type RecordedEvent } from '@gongkai/event-store';
import {
  FEED_HEADERS,
  KafkaFeedPublisher,
  defaultFeedAttributes,
  domainPublicFeedPayload,
  headerString,
  parseKafkaFeedConfig,
  toFeedMessage,
  type KafkaFeedConfig,
} from '@gongkai/sinks';
import { startKafkaBroker } from '../../test/support/kafka-broker';
import type { FeedWorkload } from './feed-workload';
import { LatencyRecorder, steadyLoad, type LatencyFigures } from './latency';
import { fmtRate, fmtUs, nowMs } from './stats';

/**
 * The Kafka feed against a plain kafkajs producer sending the same messages (same key, headers, value,
 * producer settings) to a topic of the same shape on the same real broker.
 */
export interface KafkaFigures {
  partitions: number;
  lingerMs: number;
  /** append -> consumer (publisher) and send -> consumer (raw producer) under the same steady rate. */
  latency: {
    publisher: LatencyFigures;
    /** The same appends' own round trip (SQLite, synchronous=FULL): the part of `publisher` before Kafka. */
    appendOnly: LatencyFigures;
    rawProducer: LatencyFigures;
  };
  /** A backlog already in the store published from zero, against the raw producer's batches of the same size. */
  throughput: { events: number; batchSize: number; publisherPerSecond: number; rawProducerPerSecond: number };
}

export interface KafkaBenchOptions {
  dir: string;
  workload: FeedWorkload;
  ratePerSecond: number;
  seconds: number;
  backlogEvents: number;
  /** The publisher's `lingerMs` (the configuration default when omitted). */
  lingerMs?: number;
}

const PARTITIONS = 6;
const log = (line: string) => process.stderr.write(`${line}\n`);

function feedConfig(
  brokers: string,
  clientId: string,
  topic: string,
  lingerMs: number | undefined,
): KafkaFeedConfig {
  return parseKafkaFeedConfig({
    brokers: [brokers],
    clientId,
    topics: { public: topic },
    partitions: PARTITIONS,
    lingerMs,
  });
}

/** The message the publisher sends for `event` on the public topic. */
function publicMessage(event: RecordedEvent, config: KafkaFeedConfig): Message {
  return toFeedMessage(event, domainPublicFeedPayload(event), {
    source: config.source,
    typePrefix: config.typePrefix,
    view: 'public',
    durableThrough: event.position - 1,
    attributes: defaultFeedAttributes(event),
  });
}

/** The producer settings KafkaFeedPublisher uses (idempotent, one request in flight, murmur2 partitioner). */
function rawProducer(kafka: Kafka): Producer {
  return kafka.producer({
    idempotent: true,
    maxInFlightRequests: 1,
    allowAutoTopicCreation: false,
    createPartitioner: Partitioners.DefaultPartitioner,
  });
}

async function createTopics(kafka: Kafka, topics: readonly string[]): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: topics.map((topic) => ({ topic, numPartitions: PARTITIONS, replicationFactor: 1 })),
    });
  } finally {
    await admin.disconnect();
  }
}

/** One consumer group over every latency topic; each message marks its ce_id received in its topic's recorder. */
async function startLatencyConsumer(
  kafka: Kafka,
  recorders: Map<string, LatencyRecorder>,
): Promise<Consumer> {
  const consumer = kafka.consumer({ groupId: `bench-latency-${Date.now()}`, maxWaitTimeInMs: 100 });
  await consumer.connect();
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.subscribe({ topics: [...recorders.keys()], fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ topic, message }) => {
      const id = headerString(message.headers, FEED_HEADERS.id);
      if (id) recorders.get(topic)?.received(id);
    },
  });
  await joined;
  return consumer;
}

async function readEvents(store: EventStore, afterPosition: number): Promise<RecordedEvent[]> {
  const events: RecordedEvent[] = [];
  for (let after = afterPosition; ;) {
    const page = await store.readAll({ from: { after }, maxCount: 1000 });
    events.push(...page);
    if (page.length < 1000) return events;
    after = page[page.length - 1]!.position;
  }
}

export async function kafkaBench(options: KafkaBenchOptions): Promise<KafkaFigures> {
  const { dir, workload, ratePerSecond, seconds, backlogEvents } = options;
  const started = nowMs();
  const broker = await startKafkaBroker({ maxHeap: '512m' });
  log(`  Kafka broker up at ${broker.brokers} in ${((nowMs() - started) / 1000).toFixed(1)} s`);
  const kafka = new Kafka({ clientId: 'bench-feeds', brokers: [broker.brokers], logLevel: logLevel.NOTHING });
  const stores: EventStore[] = [];
  const publishers: KafkaFeedPublisher[] = [];
  const producers: Producer[] = [];
  let consumer: Consumer | undefined;
  try {
    // ---- latency: append -> consumer, and raw send -> consumer, at the same steady rate
    const liveConfig = feedConfig(broker.brokers, 'bench-live', 'bench.live.public', options.lingerMs);
    const rawTopic = 'bench.live.raw';
    await createTopics(kafka, [liveConfig.topics.public, rawTopic]);
    const liveStore = await SqliteEventStore.open({ path: path.join(dir, 'kafka-live.sqlite') });
    stores.push(liveStore);
    const publisher = new KafkaFeedPublisher({ eventStore: liveStore, config: liveConfig });
    publishers.push(publisher);
    await publisher.start();
    const producer = rawProducer(kafka);
    producers.push(producer);
    await producer.connect();

    const warmUpPublisher = new LatencyRecorder();
    const warmUpProducer = new LatencyRecorder();
    const viaPublisher = new LatencyRecorder();
    const appended = new LatencyRecorder();
    const viaProducer = new LatencyRecorder();
    const recorders = new Map([
      [liveConfig.topics.public, warmUpPublisher],
      [rawTopic, warmUpProducer],
    ]);
    consumer = await startLatencyConsumer(kafka, recorders);

    // One event each way first: connections, metadata and the first fetch are not part of the figures.
    const first = workload.announcement();
    warmUpPublisher.sent(first.events[0]!.id);
    warmUpProducer.sent(first.events[0]!.id);
    const [firstRecorded] = (await liveStore.append(first.streamId, first.events)).events;
    await warmUpPublisher.waitForAll(30_000, 'Kafka warm-up (publisher)');
    await producer.send({ topic: rawTopic, acks: -1, messages: [publicMessage(firstRecorded!, liveConfig)] });
    await warmUpProducer.waitForAll(30_000, 'Kafka warm-up (raw producer)');

    recorders.set(liveConfig.topics.public, viaPublisher);
    const afterWarmUp = await liveStore.headPosition();
    log(`  append -> Kafka consumer: ${ratePerSecond}/s for ${seconds} s`);
    await steadyLoad(ratePerSecond, seconds, async () => {
      const append = workload.announcement();
      const id = append.events[0]!.id;
      viaPublisher.sent(id);
      appended.sent(id);
      await liveStore.append(append.streamId, append.events);
      appended.received(id);
    });
    await viaPublisher.waitForAll(60_000, 'append -> Kafka consumer');
    const publisherLatency = viaPublisher.figures(ratePerSecond);
    log(`    p50 ${fmtUs(publisherLatency.p50Ms)}, p99 ${fmtUs(publisherLatency.p99Ms)}`);

    // The same events as the publisher sent them, now from a plain producer, one send per event.
    const liveEvents = await readEvents(liveStore, afterWarmUp);
    const liveMessages = liveEvents.map((event) => publicMessage(event, liveConfig));
    recorders.set(rawTopic, viaProducer);
    log(`  raw kafkajs send -> Kafka consumer: ${ratePerSecond}/s for ${seconds} s`);
    await steadyLoad(ratePerSecond, seconds, async (index) => {
      const message = liveMessages[index % liveMessages.length]!;
      viaProducer.sent(headerString(message.headers, FEED_HEADERS.id)!);
      await producer.send({ topic: rawTopic, acks: -1, messages: [message] });
    });
    await viaProducer.waitForAll(60_000, 'raw send -> Kafka consumer');
    const producerLatency = viaProducer.figures(ratePerSecond);
    log(`    p50 ${fmtUs(producerLatency.p50Ms)}, p99 ${fmtUs(producerLatency.p99Ms)}`);
    await consumer.disconnect();
    consumer = undefined;

    // ---- throughput: a backlog published from position 0, against raw sendBatch of the same messages
    const bulkConfig = feedConfig(broker.brokers, 'bench-bulk', 'bench.bulk.public', options.lingerMs);
    const bulkRawTopic = 'bench.bulk.raw';
    await createTopics(kafka, [bulkConfig.topics.public, bulkRawTopic]);
    const bulkStore = await SqliteEventStore.open({
      path: path.join(dir, 'kafka-bulk.sqlite'),
      synchronous: 'NORMAL',
    });
    stores.push(bulkStore);
    await workload.load(bulkStore, backlogEvents, 32, 'Kafka backlog');
    const head = await bulkStore.headPosition();
    const bulkPublisher = new KafkaFeedPublisher({ eventStore: bulkStore, config: bulkConfig });
    publishers.push(bulkPublisher);
    const publishStart = nowMs();
    await bulkPublisher.start();
    await bulkPublisher.waitUntilPublished(head, 180_000);
    const publisherPerSecond = head / ((nowMs() - publishStart) / 1000);
    log(`  publisher, backlog of ${head.toLocaleString('en')}: ${fmtRate(publisherPerSecond)}/s`);

    const bulkMessages = (await readEvents(bulkStore, 0)).map((event) => publicMessage(event, bulkConfig));
    const batchSize = bulkConfig.maxBatchSize;
    const rawStart = nowMs();
    for (let i = 0; i < bulkMessages.length; i += batchSize) {
      await producer.send({ topic: bulkRawTopic, acks: -1, messages: bulkMessages.slice(i, i + batchSize) });
    }
    const rawProducerPerSecond = bulkMessages.length / ((nowMs() - rawStart) / 1000);
    log(`  raw kafkajs, batches of ${batchSize}: ${fmtRate(rawProducerPerSecond)}/s`);

    return {
      partitions: PARTITIONS,
      lingerMs: liveConfig.lingerMs,
      latency: {
        publisher: publisherLatency,
        appendOnly: appended.figures(ratePerSecond),
        rawProducer: producerLatency,
      },
      throughput: { events: head, batchSize, publisherPerSecond, rawProducerPerSecond },
    };
  } finally {
    await consumer?.disconnect().catch(() => undefined);
    for (const publisher of publishers) await publisher.stop().catch(() => undefined);
    for (const producer of producers) await producer.disconnect().catch(() => undefined);
    for (const store of stores) await store.close().catch(() => undefined);
    await broker.stop();
  }
}
