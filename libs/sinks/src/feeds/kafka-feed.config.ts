import { z } from 'zod';

/** Kafka's own rule for topic names. */
const topicName = z
  .string()
  .regex(/^[a-zA-Z0-9._-]{1,249}$/, 'letters, digits, ".", "_" and "-", at most 249 characters');

/**
 * Configuration of the Kafka feed: where every event of the store is published, and how.
 * The public topic always receives the redacted public payload; the restricted topic, when named,
 * receives the full payload and must be readable by authorised consumers only (Kafka ACLs).
 */
export const kafkaFeedConfigSchema = z
  .object({
    /** Bootstrap servers, `host:port`. */
    brokers: z.array(z.string().min(1)).min(1),
    clientId: z.string().min(1).default('gongkai-feed'),
    topics: z
      .object({
        public: topicName.default('gongkai.events.public.v1'),
        restricted: topicName.optional(),
      })
      .prefault({}),
    /**
     * Partitions of each topic when the publisher creates it. Events are keyed by stream id, so one
     * transaction always lands in one partition; more partitions let more consumers share the load.
     * Changing the count of an existing topic moves streams between partitions: create a new topic instead.
     */
    partitions: z.number().int().positive().max(10_000).default(6),
    /** Replication factor when the publisher creates a topic; the broker's default when omitted. */
    replicationFactor: z.number().int().positive().optional(),
    /** Create missing topics at start (needs the CREATE ACL); off when topics are provisioned elsewhere. */
    createTopics: z.boolean().default(true),
    /** CloudEvents `source` (a URI reference naming this gongkai installation). */
    source: z.string().min(1).default('/gongkai'),
    /** Prefix of CloudEvents `type` (reverse-DNS, as the spec recommends): `cn.gongkai.AwardPublished`. */
    typePrefix: z.string().default('cn.gongkai.'),
    /** Events sent in one produce request at most. Also the most a restart republishes (see docs/feeds.md). */
    maxBatchSize: z.number().int().positive().max(10_000).default(500),
    /** How long a batch waits for more events that are already on their way (ms). */
    lingerMs: z.number().int().nonnegative().max(1_000).default(2),
    /** Backoff between attempts of a batch Kafka refused (the producer itself retries transient errors). */
    retry: z
      .object({
        initialDelayMs: z.number().int().positive().default(200),
        maxDelayMs: z.number().int().positive().default(10_000),
      })
      .prefault({}),
    /** How long the start may spend reading the resume position back from the topics. */
    resumeTimeoutMs: z.number().int().positive().default(60_000),
  })
  .refine((config) => config.topics.restricted !== config.topics.public, {
    path: ['topics', 'restricted'],
    message: 'the restricted topic must differ from the public one',
  });

export type KafkaFeedConfigInput = z.input<typeof kafkaFeedConfigSchema>;
export type KafkaFeedConfig = z.output<typeof kafkaFeedConfigSchema>;

export class InvalidKafkaFeedConfiguration extends Error {
  readonly code = 'INVALID_KAFKA_FEED_CONFIGURATION';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidKafkaFeedConfiguration';
  }
}

/** Parses and defaults the feed configuration; throws InvalidKafkaFeedConfiguration with a readable message. */
export function parseKafkaFeedConfig(input: unknown): KafkaFeedConfig {
  const result = kafkaFeedConfigSchema.safeParse(input);
  if (!result.success) {
    throw new InvalidKafkaFeedConfiguration(
      `Invalid Kafka feed configuration:\n${z.prettifyError(result.error)}`,
    );
  }
  return result.data;
}
