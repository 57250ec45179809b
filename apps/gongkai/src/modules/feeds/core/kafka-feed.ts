import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import type { EventStore } from '@gongkai/event-store';
import { KafkaFeedPublisher, type KafkaFeedConfig, type KafkaFeedStatus } from '@gongkai/sinks';

/**
 * `off`: KAFKA_BROKERS is unset. `external`: configured, but this process does not publish
 * (GONGKAI_ROLE=api). `connecting`: the first setup (topics, resume position) has not succeeded yet and
 * is retried. `publishing`: running and Kafka accepts the batches. `retrying`: running, but Kafka refuses
 * the current batch. `stopped`: after shutdown.
 */
export type KafkaFeedState = 'off' | 'external' | 'connecting' | 'publishing' | 'retrying' | 'stopped';

/** What `GET /v1/sinks` (as `kafkaFeed`), /health and /metrics report about the Kafka feed. */
export interface KafkaFeedReport {
  state: KafkaFeedState;
  /** False while the feed is configured here but not publishing (`connecting` or `retrying`). */
  healthy: boolean;
  topics?: { public: string; restricted?: string };
  /** Every event at or below this `$all` position has been acknowledged by Kafka. */
  publishedThrough: number;
  headPosition: number;
  /** Events in the store not yet acknowledged by Kafka (0 when the feed does not publish here). */
  lagEvents: number;
  messagesPublished: number;
  /** Failed attempts of the first setup (topics, resume position) since the service started. */
  startFailures: number;
  failedAttempts: number;
  lastPublishedAt?: string;
  lastError?: { message: string; at: string };
}

/** Pause between attempts of the first setup while Kafka is unreachable (doubles up to the maximum). */
export interface KafkaFeedRetry {
  initialDelayMs: number;
  maxDelayMs: number;
}

const DEFAULT_START_RETRY: KafkaFeedRetry = { initialDelayMs: 1_000, maxDelayMs: 15_000 };

/**
 * The Kafka feed publisher as part of the service's background work. The publisher's own `start()`
 * rejects when Kafka is unreachable; here that first setup is retried in the background instead, so a
 * broker that is down when the service starts never keeps the service from starting: the feed shows as
 * `connecting` (health: degraded) until the broker answers, then publishes from where the topics end.
 */
export class KafkaFeed {
  private readonly publisher: KafkaFeedPublisher | undefined;
  private readonly abort = new AbortController();
  private starting: Promise<void> | undefined;
  private runsHere = false;
  private stopped = false;
  private startFailures = 0;
  private startError: { message: string; at: string } | undefined;

  constructor(
    private readonly store: EventStore,
    private readonly config: KafkaFeedConfig | undefined,
    private readonly logger: Logger,
    private readonly startRetry: KafkaFeedRetry = DEFAULT_START_RETRY,
  ) {
    this.publisher =
      config &&
      new KafkaFeedPublisher({ eventStore: store, config, logger: logger.child({ part: 'kafka-feed' }) });
  }

  get configured(): boolean {
    return this.publisher !== undefined;
  }

  /** Starts publishing in the background; returns at once (never waits for Kafka). */
  start(): void {
    if (!this.publisher || this.starting) return;
    this.runsHere = true;
    this.starting = this.startUntilConnected(this.publisher);
  }

  /** Stops publishing (waits for a setup attempt under way); the next start resumes from the topics. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.abort.abort();
    await this.starting;
    await this.publisher?.stop();
  }

  /** Resolves once Kafka acknowledged every event through `position` (tests). */
  async waitUntilPublished(position: number, timeoutMs?: number): Promise<void> {
    if (!this.publisher) throw new Error('The Kafka feed is not configured (KAFKA_BROKERS)');
    await this.publisher.waitUntilPublished(position, timeoutMs);
  }

  async status(): Promise<KafkaFeedReport> {
    const headPosition = await this.store.headPosition();
    const publisher = this.publisher?.status();
    const state = this.state(publisher);
    // Figures of a publisher that never ran here (off, external) would read as "everything unpublished".
    const publishes = state !== 'off' && state !== 'external';
    const report = {
      state,
      topics: this.config && { public: this.config.topics.public, restricted: this.config.topics.restricted },
      publishedThrough: publisher?.publishedThrough ?? 0,
      headPosition,
      lagEvents: publishes ? Math.max(0, headPosition - (publisher?.publishedThrough ?? 0)) : 0,
      messagesPublished: publisher?.messagesPublished ?? 0,
      startFailures: this.startFailures,
      failedAttempts: publisher?.failedAttempts ?? 0,
      lastPublishedAt: publisher?.lastPublishedAt,
      lastError: latest(publisher?.lastError, this.startError),
    };
    return { ...report, healthy: report.state !== 'connecting' && report.state !== 'retrying' };
  }

  private state(publisher: KafkaFeedStatus | undefined): KafkaFeedState {
    if (!publisher) return 'off';
    if (this.stopped) return 'stopped';
    if (!this.runsHere) return 'external';
    if (!publisher.running) return 'connecting';
    return publisher.failedAttempts > 0 ? 'retrying' : 'publishing';
  }

  private async startUntilConnected(publisher: KafkaFeedPublisher): Promise<void> {
    const signal = this.abort.signal;
    let delayMs = this.startRetry.initialDelayMs;
    while (!signal.aborted) {
      try {
        await publisher.start();
        this.logger.info({ topics: this.config?.topics }, 'Kafka feed publishing');
        return;
      } catch (error) {
        this.startFailures += 1;
        const message = error instanceof Error ? error.message : String(error);
        this.startError = { message, at: new Date().toISOString() };
        this.logger.warn(
          { err: error, attempt: this.startFailures, retryInMs: delayMs },
          'Kafka feed could not start (broker unreachable?); retrying in the background',
        );
        await sleep(delayMs, undefined, { signal }).catch(() => undefined);
        delayMs = Math.min(this.startRetry.maxDelayMs, delayMs * 2);
      }
    }
  }
}

/** The more recent of two errors. */
function latest(
  a: { message: string; at: string } | undefined,
  b: { message: string; at: string } | undefined,
): { message: string; at: string } | undefined {
  if (!a || !b) return a ?? b;
  return a.at >= b.at ? a : b;
}
