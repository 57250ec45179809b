import type { Logger } from 'pino';
import type { EventStore } from '@gongkai/event-store';
import type { ServiceConfig } from '@gongkai/runtime';
import type { ServiceMetrics } from '../platform/metrics/service-metrics';
import { registerKafkaFeedMetrics } from '../modules/operations/metrics/kafka-feed-metrics';
import { registerProjectionMetrics } from '../modules/operations/metrics/projection-metrics';
import { KafkaFeed } from '../modules/feeds/core/kafka-feed';
import { ReadModels } from './read-models';
import { Sinks } from './sinks';
import { Subscriptions } from './subscriptions';

/**
 * The work beside the HTTP API: projections into the read models, delivery to the sink targets and the
 * Kafka feed (when KAFKA_BROKERS is set). All are opened in every role (an API process reads the read
 * models and the sink state); they run only when GONGKAI_ROLE is `all` or `worker`.
 */
export class BackgroundWork {
  private constructor(
    readonly readModels: ReadModels,
    readonly sinks: Sinks,
    readonly kafkaFeed: KafkaFeed,
    readonly subscriptions: Subscriptions,
    private readonly runsHere: boolean,
  ) {}

  static open(
    config: ServiceConfig,
    store: EventStore,
    metrics: ServiceMetrics,
    logger: Logger,
  ): BackgroundWork {
    const readModels = ReadModels.open(config, store, logger.child({ part: 'projections' }), {
      readWorkers: config.readWorkers,
      projectionThread: config.projectionThread,
      thread: { noticeIntervalMs: config.projectionNoticeMs, niceIncrement: config.projectionNice },
      buildRetryDelayMs: config.readModelRetryMs,
    });
    let sinks: Sinks;
    let subscriptions: Subscriptions;
    try {
      sinks = Sinks.open(config.dataDir, store, config.sinkTargets, logger);
    } catch (error) {
      readModels.close();
      throw error;
    }
    try {
      subscriptions = Subscriptions.open(config, store, logger);
    } catch (error) {
      readModels.close();
      void sinks.close();
      throw error;
    }
    registerProjectionMetrics(metrics.registry, () => readModels.status());
    if (sinks.configured) sinks.registerMetrics(metrics.registry);
    const kafkaFeed = new KafkaFeed(store, config.kafkaFeed, logger);
    const runsHere = config.role !== 'api';
    // Only where it publishes: an api process would report every event as lag.
    if (kafkaFeed.configured && runsHere)
      registerKafkaFeedMetrics(metrics.registry, () => kafkaFeed.status());
    return new BackgroundWork(readModels, sinks, kafkaFeed, subscriptions, runsHere);
  }

  async start(): Promise<void> {
    if (!this.runsHere) return;
    this.readModels.start();
    if (this.sinks.configured) await this.sinks.start();
    await this.subscriptions.start();
    // In the background: a broker that is down must not keep the service from starting.
    this.kafkaFeed.start();
  }

  /** Stops the runners (each resumes from its checkpoint on the next start) and closes their files. */
  async close(): Promise<void> {
    try {
      await this.kafkaFeed.stop();
      await this.subscriptions.stop();
      await this.sinks.stop();
      await this.readModels.stop();
    } finally {
      await this.sinks.close();
      await this.subscriptions.close();
      this.readModels.close();
    }
  }
}
