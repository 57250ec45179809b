import type { Logger } from 'pino';
import type { EventStore } from '@gongkai/event-store';
import type { ServiceConfig } from '../config/config.schema';
import type { ServiceMetrics } from '../metrics/service-metrics';
import { registerProjectionMetrics } from '../metrics/projection-metrics';
import { ReadModels } from './read-models';
import { Sinks } from './sinks';

/**
 * The work beside the HTTP API: projections into the read models and delivery to the sink targets.
 * Both are opened in every role (an API process reads the read models and the sink state); they run only
 * when GONGKAI_ROLE is `all` or `worker`.
 */
export class BackgroundWork {
  private constructor(
    readonly readModels: ReadModels,
    readonly sinks: Sinks,
    private readonly runsHere: boolean,
  ) {}

  static open(
    config: ServiceConfig,
    store: EventStore,
    metrics: ServiceMetrics,
    logger: Logger,
  ): BackgroundWork {
    const readModels = ReadModels.open(config.dataDir, store, logger.child({ part: 'projections' }));
    let sinks: Sinks;
    try {
      sinks = Sinks.open(config.dataDir, store, config.sinkTargets, logger);
    } catch (error) {
      readModels.close();
      throw error;
    }
    registerProjectionMetrics(metrics.registry, () => readModels.status());
    if (sinks.configured) sinks.registerMetrics(metrics.registry);
    return new BackgroundWork(readModels, sinks, config.role !== 'api');
  }

  async start(): Promise<void> {
    if (!this.runsHere) return;
    this.readModels.start();
    if (this.sinks.configured) await this.sinks.start();
  }

  /** Stops the runners (each resumes from its checkpoint on the next start) and closes their files. */
  async close(): Promise<void> {
    try {
      await this.sinks.stop();
      await this.readModels.stop();
    } finally {
      await this.sinks.close();
      this.readModels.close();
    }
  }
}
