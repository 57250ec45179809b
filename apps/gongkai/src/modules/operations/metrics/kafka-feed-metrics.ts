import { Gauge, type Registry } from 'prom-client';
import type { KafkaFeedReport } from '../../feeds/core/kafka-feed';

/** Gauges of the Kafka feed for `/metrics`, read from its status once per scrape. */
export function registerKafkaFeedMetrics(registry: Registry, status: () => Promise<KafkaFeedReport>): void {
  let pending: Promise<KafkaFeedReport> | undefined;
  const report = (): Promise<KafkaFeedReport> => {
    pending ??= status().finally(() => setImmediate(() => (pending = undefined)));
    return pending;
  };
  const gauge = (name: string, help: string, value: (feed: KafkaFeedReport) => number): void => {
    new Gauge({
      name: `gongkai_kafka_feed_${name}`,
      help,
      registers: [registry],
      async collect() {
        this.set(value(await report()));
      },
    });
  };
  gauge('published_position', 'Last $all position acknowledged by Kafka', (feed) => feed.publishedThrough);
  gauge('lag_events', 'Events in the store not yet acknowledged by Kafka', (feed) => feed.lagEvents);
  gauge(
    'messages_published',
    'Messages acknowledged since the service started (all topics)',
    (feed) => feed.messagesPublished,
  );
  gauge('up', '1 while the feed publishes here and Kafka accepts its batches', (feed) =>
    feed.state === 'publishing' ? 1 : 0,
  );
}
