/**
 * A Kafka feed publisher in a process of its own, for the crash test:
 * `tsx feed-worker.ts <events.sqlite> <brokers> <topic> <clientId> <maxBatchSize>`.
 * Prints `published <position>` as it goes, until it is killed.
 */
import { SqliteEventStore } from '@gongkai/event-store';
import { KafkaFeedPublisher, parseKafkaFeedConfig } from '@gongkai/sinks';
import { testPublicView } from './feed-fixtures';

async function main(): Promise<void> {
  const [eventsPath, brokers, topic, clientId, maxBatchSize] = process.argv.slice(2);
  if (!eventsPath || !brokers || !topic || !clientId || !maxBatchSize) {
    throw new Error('usage: feed-worker <events.sqlite> <brokers> <topic> <clientId> <maxBatchSize>');
  }
  const eventStore = await SqliteEventStore.open({ path: eventsPath });
  const config = parseKafkaFeedConfig({
    brokers: [brokers],
    clientId,
    topics: { public: topic },
    partitions: 3,
    maxBatchSize: Number(maxBatchSize),
  });
  const publisher = new KafkaFeedPublisher({ eventStore, config, publicPayload: testPublicView });
  await publisher.start();
  setInterval(() => process.stdout.write(`published ${publisher.status().publishedThrough}\n`), 10);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
