import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import { EVENT_EXAMPLES, streamIdFor } from '@gongkai/domain';
import { SqliteEventStore, type RecordedEvent } from '@gongkai/event-store';
import {
  FEED_HEADERS,
  domainPublicFeedPayload,
  KafkaFeedPublisher,
  headerString,
  parseKafkaFeedConfig,
  toFeedMessage,
  type KafkaFeedConfigInput,
} from '@gongkai/sinks';
import { startKafkaBroker, type KafkaBroker } from '../support/kafka-broker';
import { FeedReader, checkOrderPerStream, tenderEvent, testPublicView } from './feed-fixtures';

/**
 * The Kafka feed against a real Apache Kafka broker (KRaft, child `java` process) and a real SQLite
 * event store: order per stream, CloudEvents headers, resume after a restart, and nothing lost when the
 * broker is SIGKILLed under load. One suite, run once per Kafka release by a test file of its own
 * (kafka-feed.test.ts: 3.9, kafka-feed.kafka4.test.ts: 4.x), so jest can run the two side by side.
 */

/** Defines the feed tests against a broker of Kafka `version` (call it at the top of a test file). */
export function describeKafkaFeed(version: string): void {
  jest.setTimeout(120_000);

  let broker: KafkaBroker;
  let dir: string;
  let store: SqliteEventStore;
  let testNumber = 0;

  beforeAll(async () => {
    broker = await startKafkaBroker({ version });
  });

  afterAll(async () => {
    await broker?.stop();
  });

  beforeEach(async () => {
    testNumber += 1;
    dir = mkdtempSync(join(tmpdir(), 'gongkai-feed-'));
    store = await SqliteEventStore.open({ path: join(dir, 'events.sqlite'), pollIntervalMs: 50 });
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  function feedConfig(overrides: Partial<KafkaFeedConfigInput> = {}) {
    return parseKafkaFeedConfig({
      brokers: [broker.brokers],
      clientId: `feed-test-${testNumber}`,
      topics: { public: `feed-test-${testNumber}.public` },
      partitions: 3,
      source: '/gongkai/test',
      retry: { initialDelayMs: 50, maxDelayMs: 500 },
      ...overrides,
    });
  }

  function publisherFor(config: ReturnType<typeof feedConfig>): KafkaFeedPublisher {
    return new KafkaFeedPublisher({
      eventStore: store,
      config,
      publicPayload: testPublicView,
      restartDelayMs: 200,
    });
  }

  /** Appends `count` events round-robin over `streams` streams; returns them as recorded. */
  async function appendRoundRobin(count: number, streams: number, offset = 0): Promise<RecordedEvent[]> {
    const recorded: RecordedEvent[] = [];
    for (let i = offset; i < offset + count; i += 1) {
      const result = await store.append(`txn-T${testNumber}-${i % streams}`, [tenderEvent(i)]);
      recorded.push(...result.events);
    }
    return recorded;
  }

  async function allRecorded(): Promise<RecordedEvent[]> {
    return store.readAll();
  }

  describe(`Kafka feed publisher against Kafka ${version}`, () => {
    it('publishes every event keyed by stream, in order, with CloudEvents headers; full payload only on the restricted topic', async () => {
      const config = feedConfig({
        topics: { public: `feed-test-${testNumber}.public`, restricted: `feed-test-${testNumber}.full` },
      });
      const before = await appendRoundRobin(30, 4);
      const publisher = publisherFor(config);
      await publisher.start();
      const after = await appendRoundRobin(30, 4, 30);
      const appended = [...before, ...after];
      await publisher.waitUntilPublished(appended.at(-1)!.position);

      const publicReader = await FeedReader.start(broker.brokers, config.topics.public);
      const fullReader = await FeedReader.start(broker.brokers, config.topics.restricted!);
      try {
        await publicReader.waitForAll(appended);
        await fullReader.waitForAll(appended);

        const check = checkOrderPerStream(publicReader.messages, appended);
        expect(check.problems).toEqual([]);
        expect(check.duplicates).toBe(0);
        expect(checkOrderPerStream(fullReader.messages, appended).problems).toEqual([]);

        // One stream, one partition; three partitions as configured.
        const partitionsOf = new Map<string, Set<number>>();
        for (const message of publicReader.messages) {
          partitionsOf.set(
            message.streamId,
            (partitionsOf.get(message.streamId) ?? new Set()).add(message.partition),
          );
        }
        expect([...partitionsOf.values()].every((partitions) => partitions.size === 1)).toBe(true);
        const admin = new Kafka({ brokers: [broker.brokers], logLevel: logLevel.NOTHING }).admin();
        await admin.connect();
        const metadata = await admin.fetchTopicMetadata({ topics: [config.topics.public] });
        await admin.disconnect();
        expect(metadata.topics[0]!.partitions).toHaveLength(3);

        const event = appended[37]!;
        const message = publicReader.messages.find((candidate) => candidate.ceId === event.id)!;
        const header = (name: string) => headerString(message.headers, name);
        expect(message.key).toBe(event.streamId);
        expect({
          specversion: header(FEED_HEADERS.specVersion),
          id: header(FEED_HEADERS.id),
          type: header(FEED_HEADERS.type),
          source: header(FEED_HEADERS.source),
          subject: header(FEED_HEADERS.subject),
          time: header(FEED_HEADERS.time),
          contentType: header(FEED_HEADERS.contentType),
          position: header(FEED_HEADERS.position),
          revision: header(FEED_HEADERS.revision),
          domain: header(FEED_HEADERS.domain),
          region: header(FEED_HEADERS.region),
          stage: header(FEED_HEADERS.stage),
          view: header(FEED_HEADERS.view),
        }).toEqual({
          specversion: '1.0',
          id: event.id,
          type: 'cn.gongkai.AnnouncementPublished',
          source: '/gongkai/test',
          subject: event.streamId,
          time: event.recordedAt,
          contentType: 'application/json',
          position: String(event.position),
          revision: String(event.revision),
          domain: 'engineering',
          region: '320600',
          stage: 'AnnouncementPublished',
          view: 'public',
        });
        expect(message.value).toEqual({
          type: 'AnnouncementPublished',
          data: { domain: 'engineering', title: '项目 37' },
        });

        const full = fullReader.messages.find((candidate) => candidate.ceId === event.id)!;
        expect(headerString(full.headers, FEED_HEADERS.view)).toBe('full');
        expect(full.value).toEqual({ data: event.data, metadata: event.metadata });
        expect(JSON.stringify(publicReader.messages.map((m) => m.value))).not.toContain('13800000000');
      } finally {
        await publicReader.stop();
        await fullReader.stop();
        await publisher.stop();
      }
    });

    it("publishes the domain's redacted view by default, and withholds (headers only) what it cannot read", async () => {
      const config = feedConfig();
      const idNumber = '320602198503151238';
      const examples = EVENT_EXAMPLES.filter((example) => JSON.stringify(example.data).includes(idNumber));
      expect(examples.length).toBeGreaterThan(0);
      for (const example of examples) {
        // As the service stores a domain event: the schema version travels in the metadata.
        await store.append(streamIdFor(example), [
          {
            id: randomUUID(),
            type: example.type,
            data: example.data,
            metadata: { ...example.metadata, schemaVersion: example.schemaVersion },
          },
        ]);
      }
      await store.append(`txn-T${testNumber}-internal`, [
        { id: randomUUID(), type: 'InternalNote', data: { idNumber } },
      ]);
      const appended = await allRecorded();
      const publisher = new KafkaFeedPublisher({ eventStore: store, config, restartDelayMs: 200 });
      await publisher.start();
      await publisher.waitUntilPublished(appended.at(-1)!.position);
      const reader = await FeedReader.start(broker.brokers, config.topics.public);
      try {
        await reader.waitForAll(appended);
        expect(checkOrderPerStream(reader.messages, appended).problems).toEqual([]);
        for (const event of appended) {
          const message = reader.messages.find((candidate) => candidate.ceId === event.id)!;
          const expected = domainPublicFeedPayload(event);
          expect(headerString(message.headers, FEED_HEADERS.view)).toBe(
            expected === undefined ? 'withheld' : 'public',
          );
          expect(message.value).toEqual(expected === undefined ? null : JSON.parse(JSON.stringify(expected)));
        }
        const views = reader.messages.map((message) => headerString(message.headers, FEED_HEADERS.view));
        expect(views.filter((view) => view === 'public')).toHaveLength(examples.length);
        expect(reader.messages.find((message) => message.streamId.endsWith('-internal'))?.value).toBeNull();
        expect(JSON.stringify(reader.messages.map((message) => message.value))).not.toContain(idNumber);
      } finally {
        await reader.stop();
        await publisher.stop();
      }
    });

    it('a restarted publisher resumes from the topic without skipping, republishing at most the last batch', async () => {
      const config = feedConfig({ maxBatchSize: 10 });
      const first = publisherFor(config);
      await first.start();
      const early = await appendRoundRobin(45, 5);
      await first.waitUntilPublished(early.at(-1)!.position);
      await first.stop();

      const late = await appendRoundRobin(25, 5, 45); // appended while no publisher runs
      const second = publisherFor(config);
      await second.start();
      // Read back from the topic: the last batch's durable-through mark, at most one batch behind.
      expect(second.status().resumedAfter).toBeGreaterThanOrEqual(
        early.at(-1)!.position - config.maxBatchSize,
      );
      expect(second.status().resumedAfter).toBeLessThanOrEqual(early.at(-1)!.position);
      await second.waitUntilPublished(late.at(-1)!.position);

      const reader = await FeedReader.start(broker.brokers, config.topics.public);
      try {
        const appended = [...early, ...late];
        await reader.waitForAll(appended);
        const check = checkOrderPerStream(reader.messages, appended);
        expect(check.problems).toEqual([]);
        expect(check.duplicates).toBeLessThanOrEqual(config.maxBatchSize);
      } finally {
        await reader.stop();
        await second.stop();
      }
    });

    it('after a crash that left a batch on some partitions only, resumes from the durable mark, not the highest position', async () => {
      const config = feedConfig();
      const publisher = publisherFor(config);
      await publisher.start();
      const published = await appendRoundRobin(10, 5);
      await publisher.waitUntilPublished(published.at(-1)!.position);
      await publisher.stop();

      // The crashed run's batch: events 11..15, of which only the last reached its partition.
      const inFlight = await appendRoundRobin(5, 5, 10);
      const kafka = new Kafka({ brokers: [broker.brokers], logLevel: logLevel.NOTHING });
      const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      const landed = inFlight.at(-1)!;
      await producer.send({
        topic: config.topics.public,
        messages: [
          toFeedMessage(landed, testPublicView(landed), {
            source: config.source,
            typePrefix: config.typePrefix,
            view: 'public',
            attributes: {},
            durableThrough: published.at(-1)!.position,
          }),
        ],
      });
      await producer.disconnect();

      const restarted = publisherFor(config);
      await restarted.start();
      expect(restarted.status().resumedAfter).toBe(published.at(-1)!.position);
      await restarted.waitUntilPublished(inFlight.at(-1)!.position);
      const reader = await FeedReader.start(broker.brokers, config.topics.public);
      try {
        const appended = [...published, ...inFlight];
        await reader.waitForAll(appended);
        // The landed event arrives twice (same ce_id) and the four lost ones once each: no gap.
        const check = checkOrderPerStream(reader.messages, appended);
        expect(check.problems).toEqual([]);
        expect(reader.messages.filter((message) => message.ceId === landed.id)).toHaveLength(2);
      } finally {
        await reader.stop();
        await restarted.stop();
      }
    });

    it('resumes without gaps after the publishing process is SIGKILLed mid-stream', async () => {
      const config = feedConfig({ maxBatchSize: 20 });
      const appended = await appendRoundRobin(1_500, 10);
      const worker = spawn(
        process.execPath,
        [
          '--import',
          'tsx',
          join(__dirname, 'feed-worker.ts'),
          join(dir, 'events.sqlite'),
          broker.brokers,
          config.topics.public,
          config.clientId,
          String(config.maxBatchSize),
        ],
        { cwd: join(__dirname, '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] },
      );
      const exited = new Promise<NodeJS.Signals | null>((resolve) =>
        worker.once('exit', (_code, signal) => resolve(signal)),
      );
      let reported = 0;
      worker.stdout!.on('data', (chunk: Buffer) => {
        for (const match of chunk.toString('utf8').matchAll(/published (\d+)/g)) reported = Number(match[1]);
      });
      const deadline = Date.now() + 60_000;
      while (reported < 300 && Date.now() < deadline) await sleep(5);
      worker.kill('SIGKILL');
      expect(await exited).toBe('SIGKILL');
      expect(reported).toBeGreaterThanOrEqual(300);
      expect(reported).toBeLessThan(appended.length); // killed mid-stream

      const restarted = publisherFor(config);
      await restarted.start();
      // Resumed near where the killed process was, not from the start.
      expect(restarted.status().resumedAfter).toBeGreaterThanOrEqual(reported - config.maxBatchSize);
      await restarted.waitUntilPublished(appended.at(-1)!.position, 60_000);
      const reader = await FeedReader.start(broker.brokers, config.topics.public);
      try {
        await reader.waitForAll(appended);
        const check = checkOrderPerStream(reader.messages, appended);
        expect(check.problems).toEqual([]);
        // At most the batch in flight at the kill, plus what was sent after the last report, comes twice.
        expect(check.duplicates).toBeLessThanOrEqual(2 * config.maxBatchSize);
      } finally {
        await reader.stop();
        await restarted.stop();
      }
    });

    it('loses nothing when the broker is SIGKILLed and restarted under a steady append load', async () => {
      const config = feedConfig({ partitions: 4, maxBatchSize: 50 });
      const publisher = publisherFor(config);
      await publisher.start();

      // Steady load: one event every 10 ms over 8 streams, for as long as the outage lasts and a bit more.
      let appending = true;
      let appendedCount = 0;
      const load = (async () => {
        while (appending) {
          await store.append(`txn-T${testNumber}-${appendedCount % 8}`, [tenderEvent(appendedCount)]);
          appendedCount += 1;
          await sleep(10);
        }
      })();

      await sleep(1_500);
      const beforeKill = publisher.status().publishedThrough;
      const killedPid = broker.pid;
      await broker.kill();
      const atKill = appendedCount;
      await sleep(1_000); // appends go on while the broker is down
      const appendedDuringOutage = appendedCount - atKill;
      await broker.restart();
      await sleep(1_500);
      appending = false;
      await load;

      const appended = await allRecorded();
      await publisher.waitUntilPublished(appended.at(-1)!.position, 60_000);
      // Status recovers: caught up, no batch being refused, and still publishing what comes next.
      const late = await appendRoundRobin(5, 8, appendedCount);
      await publisher.waitUntilPublished(late.at(-1)!.position, 60_000);
      const status = publisher.status();
      await publisher.stop();
      const all = [...appended, ...late];

      const reader = await FeedReader.start(broker.brokers, config.topics.public);
      try {
        await reader.waitForAll(all);
        expect(beforeKill).toBeGreaterThan(0);
        expect(broker.pid).not.toBe(killedPid);
        expect(appendedDuringOutage).toBeGreaterThan(0);
        expect(appended.length).toBeGreaterThan(200);
        // Nothing lost, no gap, each stream in revision order.
        const check = checkOrderPerStream(reader.messages, all);
        expect(check.problems).toEqual([]);
        // Nothing duplicated for a consumer: the feed is at least once (a SIGKILL between the broker's append
        // and its acknowledgement makes the batch go again), so a repeat may exist, but only as the same
        // event again (same ce_id, key and value); deduplicated by ce_id, the topic holds every event once.
        const firstCopy = new Map<string, (typeof reader.messages)[number]>();
        for (const message of reader.messages) {
          const first = firstCopy.get(message.ceId);
          if (first) expect([message.key, message.value]).toEqual([first.key, first.value]);
          else firstCopy.set(message.ceId, message);
        }
        expect([...firstCopy.keys()].sort()).toEqual(all.map((event) => event.id).sort());
        expect(check.duplicates).toBe(reader.messages.length - all.length);
        expect(status).toMatchObject({
          running: true,
          failedAttempts: 0,
          publishedThrough: late.at(-1)!.position,
        });
        // Not asserted: whether kafkajs surfaced an error. A broker back before its retries give up (usual on
        // a fast restart, and on Kafka 4 nearly always) leaves none; it is reported here for the curious.
        process.stderr.write(
          `kafka-feed reliability (Kafka ${version}): ${all.length} events, ${reader.messages.length} messages ` +
            `read, ${check.duplicates} duplicate(s), error seen during the outage: ${status.lastError?.message ?? 'none'}\n`,
        );
      } finally {
        await reader.stop();
      }
    });
  });
}
