import type { EventStore } from '@gongkai/event-store';
import { nodeHttpTransport } from '../delivery/http-transport';
import { SinkRunner, type SinkTargetStatus } from '../delivery/sink-runner';
import type { SinkLogger } from '../delivery/sink-logger';
import type { SinkStateStore } from '../delivery/sink-state-store.port';
import { webhookTargetSchema, type SinkTargetConfigInput } from '../delivery/sink-target.config';
import { signingSecrets, type SavedSubscription, type SqliteSubscriptionStore } from './subscription-store';
import { webhookHeaders } from './webhook-signature';
import { checkWebhookUrlSyntax, guardedLookup, type WebhookAddressPolicy } from './webhook-url-policy';

/** Delivery settings every subscription gets (operators tune them; subscribers do not choose them). */
export interface SubscriptionDeliverySettings {
  timeoutMs: number;
  retry: { initialDelayMs: number; maxDelayMs: number; maxAttempts: number };
  circuitBreaker: { consecutiveFailures: number; halfOpenAfterMs: number };
  maxRetryAfterMs: number;
  /** Requests in flight to one subscriber at once. */
  concurrency: number;
  /** Events one subscription reads ahead of its deliveries (its memory bound). */
  maxBufferedEvents: number;
}

export const DEFAULT_SUBSCRIPTION_DELIVERY: SubscriptionDeliverySettings = {
  timeoutMs: 10_000,
  retry: { initialDelayMs: 500, maxDelayMs: 60_000, maxAttempts: 8 },
  circuitBreaker: { consecutiveFailures: 5, halfOpenAfterMs: 15_000 },
  maxRetryAfterMs: 300_000,
  concurrency: 2,
  maxBufferedEvents: 500,
};

export interface SubscriptionDeliveryOptions {
  eventStore: EventStore;
  subscriptions: SqliteSubscriptionStore;
  /** Checkpoints, dead letters and held events of every subscription (each keyed by its id). */
  state: SinkStateStore;
  policy: WebhookAddressPolicy;
  settings?: Partial<SubscriptionDeliverySettings>;
  logger?: SinkLogger;
  /** How often the saved subscriptions are read again (changes made by another process). Default 2 s. */
  syncIntervalMs?: number;
  /** CloudEvents `source` of the documents. */
  source?: string;
  parkedSyncIntervalMs?: number;
  restartDelayMs?: number;
}

/**
 * Runs the saved subscriptions as webhook sink targets of their own SinkRunner: each subscription reads `$all`
 * from its own checkpoint (so a slow or dead receiver holds back only itself), delivers the CloudEvent of the
 * public view of what its filter matches, signed per Standard Webhooks, through a transport that connects to
 * public addresses only and follows no redirect. The saved subscriptions are the truth: `sync()` brings the
 * runner in line with them (new, paused, resumed, deleted, secrets rotated), also for changes made by another
 * process (an `api` process creates; the `worker` delivers).
 */
export class SubscriptionDelivery {
  readonly runner: SinkRunner;
  private readonly settings: SubscriptionDeliverySettings;
  private readonly known = new Map<string, SavedSubscription>();
  private readonly started = new Set<string>();
  private delivering = false;
  private timer: NodeJS.Timeout | undefined;
  private syncing: Promise<void> = Promise.resolve();

  constructor(private readonly options: SubscriptionDeliveryOptions) {
    this.settings = { ...DEFAULT_SUBSCRIPTION_DELIVERY, ...options.settings };
    this.runner = new SinkRunner({
      eventStore: options.eventStore,
      state: options.state,
      targets: [],
      logger: options.logger,
      parkedSyncIntervalMs: options.parkedSyncIntervalMs,
      restartDelayMs: options.restartDelayMs,
    });
  }

  /** Starts delivering (in the process that runs the sinks) and follows the saved subscriptions. */
  async start(): Promise<void> {
    this.delivering = true;
    await this.sync();
    const interval = this.options.syncIntervalMs ?? 2_000;
    if (interval > 0) {
      this.timer = setInterval(() => {
        this.sync().catch((error: unknown) =>
          this.options.logger?.warn({ error: String(error) }, 'could not read the saved subscriptions'),
        );
      }, interval);
      this.timer.unref();
    }
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.syncing.catch(() => undefined);
    this.delivering = false;
    for (const id of [...this.known.keys()]) await this.runner.removeTarget(id);
    this.known.clear();
    this.started.clear();
  }

  /** Brings the runner in line with the saved subscriptions (one sync at a time). */
  sync(): Promise<void> {
    const next = this.syncing.catch(() => undefined).then(() => this.syncOnce());
    this.syncing = next;
    return next;
  }

  /** Delivery status of one subscription (registering it first when this process has not yet). */
  async status(id: string): Promise<SinkTargetStatus | undefined> {
    if (!this.runner.hasTarget(id)) await this.sync();
    return this.runner.hasTarget(id) ? this.runner.targetStatus(id) : undefined;
  }

  private async syncOnce(): Promise<void> {
    const saved = this.options.subscriptions.list();
    const present = new Set(saved.map((subscription) => subscription.id));
    for (const id of [...this.known.keys()]) {
      if (present.has(id)) continue;
      await this.runner.removeTarget(id);
      await this.options.state.forgetTarget(id);
      this.known.delete(id);
      this.started.delete(id);
    }
    for (const subscription of saved) {
      const registered = this.known.has(subscription.id);
      // The secrets (and status) are read from here at every attempt.
      this.known.set(subscription.id, subscription);
      if (!registered) await this.register(subscription);
      if (!this.delivering) continue;
      if (subscription.status === 'active' && !this.started.has(subscription.id)) {
        await this.runner.startTarget(subscription.id);
        this.started.add(subscription.id);
      } else if (subscription.status === 'paused' && this.started.has(subscription.id)) {
        await this.runner.stopTarget(subscription.id);
        this.started.delete(subscription.id);
      }
    }
  }

  private async register(subscription: SavedSubscription): Promise<void> {
    const { policy } = this.options;
    const { regions, ...filter } = subscription.filter;
    const input: SinkTargetConfigInput = {
      name: subscription.id,
      kind: 'webhook',
      url: subscription.url,
      ...(regions ? { regions } : {}),
      filter,
      source: this.options.source ?? '/gongkai',
      ...this.settings,
    };
    const config = webhookTargetSchema.parse(input);
    const transport = nodeHttpTransport({
      lookup: guardedLookup(policy),
      // IP literals never reach the lookup: check them (and the rest of the URL) before each request.
      beforeRequest: (url) => void checkWebhookUrlSyntax(url.href, policy),
    });
    this.runner.addTarget(config, {
      http: {
        transport,
        signRequest: (eventId, body) => {
          const current = this.known.get(subscription.id) ?? subscription;
          const text = typeof body === 'string' ? body : Buffer.from(body).toString('utf8');
          return webhookHeaders(signingSecrets(current, new Date()), eventId, text);
        },
      },
    });
    // Delivery starts after the head at creation: a subscription is for what happens from now on.
    const state = await this.options.state.loadTarget(subscription.id);
    if (state.checkpoint < subscription.startPosition)
      await this.options.state.saveCheckpoint(subscription.id, subscription.startPosition);
  }
}
