import * as path from 'node:path';
import type { Logger } from 'pino';
import type { EventStore } from '@gongkai/event-store';
import type { ServiceConfig } from '@gongkai/runtime';
import {
  DEFAULT_SUBSCRIPTION_DELIVERY,
  SqliteSinkStateStore,
  SqliteSubscriptionStore,
  SubscriptionDelivery,
  SubscriptionService,
  type SubscriptionDeliverySettings,
} from '@gongkai/sinks';

/** File (under the data dir) of the saved subscriptions and their delivery state. */
export const SUBSCRIPTIONS_FILE = 'subscriptions.sqlite';

/**
 * Saved webhook subscriptions (docs/api.md, Subscriptions): the store (SQLite, FULL sync), the delivery (a
 * SinkRunner of their own, so subscribers never share a lane, a checkpoint or a breaker with the sinks) and the
 * service the HTTP API calls. Opened in every role; delivering only where `start()` is called.
 */
export class Subscriptions {
  private constructor(
    readonly service: SubscriptionService,
    private readonly delivery: SubscriptionDelivery,
    private readonly store: SqliteSubscriptionStore,
    private readonly state: SqliteSinkStateStore,
  ) {}

  static open(config: ServiceConfig, eventStore: EventStore, logger: Logger): Subscriptions {
    const { timeoutMs, maxDelayMs, probeMs } = config.subscriptions.delivery;
    const settings: Partial<SubscriptionDeliverySettings> = {
      timeoutMs,
      retry: {
        ...DEFAULT_SUBSCRIPTION_DELIVERY.retry,
        initialDelayMs: Math.min(500, maxDelayMs),
        maxDelayMs,
      },
      circuitBreaker: { ...DEFAULT_SUBSCRIPTION_DELIVERY.circuitBreaker, halfOpenAfterMs: probeMs },
    };
    const file = path.join(config.dataDir, SUBSCRIPTIONS_FILE);
    const store = SqliteSubscriptionStore.open({ path: file });
    const state = SqliteSinkStateStore.open({ path: file });
    const policy = { allowedNetworks: config.subscriptions.allowedNetworks };
    const delivery = new SubscriptionDelivery({
      eventStore,
      subscriptions: store,
      state,
      policy,
      settings,
      logger: logger.child({ part: 'subscriptions' }),
    });
    const service = new SubscriptionService({
      store,
      delivery,
      eventStore,
      policy,
      limits: { perToken: config.subscriptions.perToken, total: config.subscriptions.total },
    });
    return new Subscriptions(service, delivery, store, state);
  }

  async start(): Promise<void> {
    await this.delivery.start();
  }

  /** Stops delivering, and in every role closes the connections (an api process's dead-letter retries). */
  async stop(): Promise<void> {
    await this.delivery.stop();
  }

  async close(): Promise<void> {
    this.store.close();
    await this.state.close();
  }
}
