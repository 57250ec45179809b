import type { Kafka } from 'kafkajs';
import type { KafkaFeedConfig } from './kafka-feed.config';

/** The topics the feed writes: the public one, and the restricted one when configured. */
export function feedTopics(config: KafkaFeedConfig): string[] {
  return config.topics.restricted ? [config.topics.public, config.topics.restricted] : [config.topics.public];
}

export class FeedTopicMissing extends Error {
  readonly code = 'FEED_TOPIC_MISSING';
  constructor(topics: readonly string[]) {
    super(`Kafka feed topic(s) ${topics.join(', ')} do not exist and createTopics is off`);
    this.name = 'FeedTopicMissing';
  }
}

/** Creates the missing feed topics (or fails when creating is off). Existing topics are left as they are. */
export async function ensureFeedTopics(kafka: Kafka, config: KafkaFeedConfig): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const existing = new Set(await admin.listTopics());
    const missing = feedTopics(config).filter((topic) => !existing.has(topic));
    if (missing.length === 0) return;
    if (!config.createTopics) throw new FeedTopicMissing(missing);
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((topic) => ({
        topic,
        numPartitions: config.partitions,
        replicationFactor: config.replicationFactor ?? -1,
        // The feed is a replayable log: never compact it (that would keep one event per transaction).
        configEntries: [{ name: 'cleanup.policy', value: 'delete' }],
      })),
    });
  } finally {
    await admin.disconnect();
  }
}
