import { setTimeout as sleep } from 'node:timers/promises';
import {
  Kafka,
  logLevel,
  Partitioners,
  type logCreator,
  type Message,
  type Producer,
  type TopicMessages,
} from 'kafkajs';
import type { EventStore, RecordedEvent, Subscription } from '@gongkai/event-store';
import { silentSinkLogger, type SinkLogger } from '../delivery/sink-logger';
import { EventBatcher } from './event-batcher';
import {
  defaultFeedAttributes,
  fullFeedPayload,
  toFeedMessage,
  type FeedAttributesOf,
  type FeedPayloadOf,
  type FeedView,
} from './feed-message';
import { ensureFeedTopics, feedTopics } from './feed-topics';
import { domainPublicFeedPayload } from './public-feed-payload';
import type { KafkaFeedConfig } from './kafka-feed.config';
import { readResumePosition } from './resume-position';

export interface KafkaFeedPublisherOptions {
  eventStore: EventStore;
  config: KafkaFeedConfig;
  /** The public payload of an event; the domain's redacted view (`domainPublicFeedPayload`) by default. */
  publicPayload?: FeedPayloadOf;
  /** Payload of the restricted topic (only used when `topics.restricted` is set); data and metadata by default. */
  fullPayload?: FeedPayloadOf;
  /** Filter headers (domain, region, stage); see feed-message.ts for the default. */
  attributes?: FeedAttributesOf;
  logger?: SinkLogger;
  /** Pause before starting again after an unexpected error (the store or Kafka unavailable). */
  restartDelayMs?: number;
}

export interface KafkaFeedStatus {
  running: boolean;
  /** Every event at or below this position has been acknowledged by Kafka (0: none yet). */
  publishedThrough: number;
  /** Where the current run resumed (read back from the topics; 0 = from the start of the store). */
  resumedAfter: number | undefined;
  /** Messages acknowledged since this publisher started (both topics). */
  messagesPublished: number;
  /** Attempts of the current batch that Kafka refused (0 when healthy). */
  failedAttempts: number;
  lastPublishedAt: string | undefined;
  lastError: { message: string; at: string } | undefined;
}

interface Waiter {
  position: number;
  resolve: () => void;
}

/**
 * Publishes every event of the store to Kafka, in `$all` order, one batch at a time, with an
 * idempotent producer (one request in flight, so a retried request can neither duplicate nor reorder
 * a partition's messages). At least once overall: after a crash or restart it resumes from the
 * position read back from the topics (resume-position.ts) and may republish the batch that was in
 * flight, with the same `ce_id`s. Never skips: a batch is retried until Kafka acknowledges it.
 */
export class KafkaFeedPublisher {
  private readonly kafka: Kafka;
  private readonly logger: SinkLogger;
  private readonly attributes: FeedAttributesOf;
  private readonly publicPayload: FeedPayloadOf;
  private readonly fullPayload: FeedPayloadOf;
  private readonly restartDelayMs: number;
  private abort = new AbortController();
  private loop: Promise<void> | undefined;
  private subscription: Subscription | undefined;
  private producer: Producer | undefined;
  private waiters: Waiter[] = [];
  private readonly state: KafkaFeedStatus = {
    running: false,
    publishedThrough: 0,
    resumedAfter: undefined,
    messagesPublished: 0,
    failedAttempts: 0,
    lastPublishedAt: undefined,
    lastError: undefined,
  };

  constructor(private readonly options: KafkaFeedPublisherOptions) {
    const { config } = options;
    this.logger = options.logger ?? silentSinkLogger;
    this.attributes = options.attributes ?? defaultFeedAttributes;
    this.publicPayload = options.publicPayload ?? domainPublicFeedPayload;
    this.fullPayload = options.fullPayload ?? fullFeedPayload;
    this.restartDelayMs = options.restartDelayMs ?? 5_000;
    this.kafka = new Kafka({
      clientId: config.clientId,
      brokers: config.brokers,
      logLevel: logLevel.WARN,
      logCreator: kafkajsLogsTo(this.logger),
      retry: { initialRetryTime: 100, maxRetryTime: 2_000, retries: 8 },
    });
  }

  /**
   * Creates missing topics, reads the resume position back from them and starts publishing in the
   * background. Rejects when that first setup fails; later failures are retried (see status()).
   */
  async start(): Promise<void> {
    if (this.loop) return;
    this.abort = new AbortController();
    let first: EventBatcher;
    try {
      first = await this.openRun();
    } catch (error) {
      await this.producer?.disconnect().catch(() => undefined);
      this.producer = undefined;
      throw error;
    }
    this.state.running = true;
    this.loop = this.supervise(first);
  }

  /** Stops publishing; what was acknowledged stays published, the rest is sent by the next start. */
  async stop(): Promise<void> {
    if (!this.loop) return;
    this.abort.abort();
    await this.subscription?.close().catch(() => undefined);
    await this.producer?.disconnect().catch(() => undefined);
    await this.loop;
    this.loop = undefined;
    this.state.running = false;
  }

  status(): KafkaFeedStatus {
    return { ...this.state, lastError: this.state.lastError && { ...this.state.lastError } };
  }

  /** Resolves once every event through `position` has been acknowledged by Kafka. */
  async waitUntilPublished(position: number, timeoutMs = 30_000): Promise<void> {
    if (this.state.publishedThrough >= position) return;
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((resolve) => this.waiters.push({ position, resolve })),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () =>
            reject(
              new Error(
                `Kafka feed did not publish through position ${position} within ${timeoutMs} ms ` +
                  `(published through ${this.state.publishedThrough}; last error: ${this.state.lastError?.message ?? 'none'})`,
              ),
            ),
          timeoutMs,
        );
      }),
    ]).finally(() => clearTimeout(timer));
  }

  /** Runs the publishing loop; after an unexpected error, starts again from the topics' resume position. */
  private async supervise(first: EventBatcher): Promise<void> {
    let batcher: EventBatcher | undefined = first;
    const signal = this.abort.signal;
    try {
      while (!signal.aborted) {
        try {
          batcher ??= await this.openRun();
          await this.publishFrom(batcher, signal);
        } catch (error) {
          if (signal.aborted) break;
          this.recordError(error);
          this.logger.error(
            { err: error, restartInMs: this.restartDelayMs },
            'Kafka feed stopped by an error; restarting',
          );
          await this.subscription?.close().catch(() => undefined);
          await sleep(this.restartDelayMs, undefined, { signal }).catch(() => undefined);
        }
        batcher = undefined;
      }
    } finally {
      // A run opened while stop() was under way must not leave a subscription or a connection behind.
      await this.subscription?.close().catch(() => undefined);
      await this.producer?.disconnect().catch(() => undefined);
    }
  }

  /** Topics, resume position, producer and subscription for one run. */
  private async openRun(): Promise<EventBatcher> {
    const { config } = this.options;
    await ensureFeedTopics(this.kafka, config);
    const resumeAfter = await readResumePosition({
      kafka: this.kafka,
      topics: feedTopics(config),
      groupIdPrefix: config.clientId,
      timeoutMs: config.resumeTimeoutMs,
    });
    this.state.resumedAfter = resumeAfter ?? 0;
    this.state.publishedThrough = resumeAfter ?? 0;
    this.logger.info({ resumeAfter: resumeAfter ?? 0, topics: feedTopics(config) }, 'Kafka feed resuming');
    await this.replaceProducer();
    this.subscription = this.options.eventStore.subscribeToAll({
      from: resumeAfter === undefined ? 'start' : { after: resumeAfter },
    });
    return new EventBatcher(this.subscription[Symbol.asyncIterator]());
  }

  private async publishFrom(batcher: EventBatcher, signal: AbortSignal): Promise<void> {
    const { maxBatchSize, lingerMs } = this.options.config;
    while (!signal.aborted) {
      const batch = await batcher.next(maxBatchSize, lingerMs);
      if (batch.length === 0) return; // the subscription was closed
      const topicMessages = this.toTopicMessages(batch);
      await this.sendUntilAcknowledged(topicMessages, signal);
      if (signal.aborted) return;
      this.markPublished(batch[batch.length - 1]!.position, topicMessages);
    }
  }

  private toTopicMessages(batch: readonly RecordedEvent[]): TopicMessages[] {
    const { config } = this.options;
    const durableThrough = this.state.publishedThrough;
    const build = (view: FeedView, payloadOf: FeedPayloadOf): Message[] =>
      batch.map((event) =>
        toFeedMessage(event, payloadOf(event), {
          source: config.source,
          typePrefix: config.typePrefix,
          view,
          durableThrough,
          attributes: this.attributes(event),
        }),
      );
    const topics: TopicMessages[] = [
      { topic: config.topics.public, messages: build('public', this.publicPayload) },
    ];
    if (config.topics.restricted) {
      topics.push({ topic: config.topics.restricted, messages: build('full', this.fullPayload) });
    }
    return topics;
  }

  /**
   * Sends one batch until Kafka acknowledges all of it. The producer retries transient errors itself;
   * what it gives up on is retried here with backoff on a fresh producer (a new producer id, in case
   * the broker lost track of the old one's sequence numbers). Only stop() ends this early.
   */
  private async sendUntilAcknowledged(topicMessages: TopicMessages[], signal: AbortSignal): Promise<void> {
    const { initialDelayMs, maxDelayMs } = this.options.config.retry;
    for (let attempt = 0; !signal.aborted; attempt += 1) {
      try {
        if (attempt > 0) await this.replaceProducer();
        await this.producer!.sendBatch({ topicMessages, acks: -1 });
        this.state.failedAttempts = 0;
        return;
      } catch (error) {
        if (signal.aborted) return;
        this.state.failedAttempts = attempt + 1;
        this.recordError(error);
        // Full jitter: a random pause up to the exponential bound.
        const delayMs = Math.random() * Math.min(maxDelayMs, initialDelayMs * 2 ** attempt);
        this.logger.warn(
          { err: error, attempt: attempt + 1, delayMs: Math.round(delayMs) },
          'Kafka refused a feed batch; retrying',
        );
        await sleep(delayMs, undefined, { signal }).catch(() => undefined);
      }
    }
  }

  private async replaceProducer(): Promise<void> {
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = this.kafka.producer({
      idempotent: true,
      maxInFlightRequests: 1,
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner, // murmur2, the same partition as Java clients
      retry: { retries: Number.MAX_SAFE_INTEGER, initialRetryTime: 100, maxRetryTime: 2_000 },
    });
    await this.producer.connect();
  }

  private markPublished(position: number, topicMessages: readonly TopicMessages[]): void {
    this.state.publishedThrough = position;
    this.state.messagesPublished += topicMessages.reduce((sum, topic) => sum + topic.messages.length, 0);
    this.state.lastPublishedAt = new Date().toISOString();
    const ready = this.waiters.filter((waiter) => waiter.position <= position);
    this.waiters = this.waiters.filter((waiter) => waiter.position > position);
    for (const waiter of ready) waiter.resolve();
  }

  private recordError(error: unknown): void {
    this.state.lastError = {
      message: error instanceof Error ? error.message : String(error),
      at: new Date().toISOString(),
    };
  }
}

/**
 * kafkajs's own warnings and errors (a broker unreachable, a rebalance) into the sink logger, as warnings:
 * the client retries them; what the publisher gives up on it logs itself as an error.
 */
function kafkajsLogsTo(logger: SinkLogger): logCreator {
  return () =>
    ({ namespace, log }) => {
      const { message, ...context } = log;
      logger.warn({ kafkajs: namespace, ...context }, message);
    };
}
