import type { EventStore } from '@gongkai/event-store';
import type { DeadLetter } from '../delivery/sink-state-store.port';
import type { DeadLetterRetryResult } from '../delivery/dead-letter-service';
import type { SinkTargetStatus } from '../delivery/sink-runner';
import type { SubscriptionDelivery } from './subscription-delivery';
import {
  signingSecrets,
  type SavedSubscription,
  type SavedSubscriptionFilter,
  type SubscriptionSecret,
  type SqliteSubscriptionStore,
  type SubscriptionLimits,
} from './subscription-store';
import { generateWebhookSecret } from './webhook-signature';
import { checkWebhookUrl, type WebhookAddressPolicy } from './webhook-url-policy';

/** Who asks: a token (its id and subject); an admin sees and manages every subscription. */
export interface SubscriptionCaller {
  tokenId: string;
  subject: string;
  admin: boolean;
}

/** A subscription as its owner sees it: never a secret (shown once, at creation and at rotation). */
export type SubscriptionView = Omit<SavedSubscription, 'secrets' | 'startPosition' | 'version'> & {
  /** Signing secrets in force: 1, or 2 during a rotation's overlap (with the end of the previous one). */
  secrets: Omit<SubscriptionSecret, 'secret'>[];
};

export interface SubscriptionDeliveryView {
  checkpoint: number;
  headPosition: number;
  lag: number;
  running: boolean;
  delivered: number;
  skipped: number;
  openDeadLetters: number;
  heldEvents: number;
  circuitState: string;
  lastDeliveredAt?: string;
  lastError?: { message: string; at: string; httpStatus?: number };
}

export class SubscriptionNotFound extends Error {
  readonly code = 'SUBSCRIPTION_NOT_FOUND';
  constructor(id: string) {
    super(`No subscription ${id} (for this token)`);
    this.name = 'SubscriptionNotFound';
  }
}

export interface SubscriptionServiceOptions {
  store: SqliteSubscriptionStore;
  delivery: SubscriptionDelivery;
  eventStore: EventStore;
  policy: WebhookAddressPolicy;
  limits: SubscriptionLimits;
  /** Resolves a webhook host (tests); the system resolver by default. */
  resolve?: Parameters<typeof checkWebhookUrl>[2];
  now?: () => Date;
}

/** The most a rotated-out secret may keep signing. */
export const MAX_ROTATION_OVERLAP_SECONDS = 7 * 24 * 3600;
export const DEFAULT_ROTATION_OVERLAP_SECONDS = 24 * 3600;

/**
 * Subscriptions by need over HTTP: create, list, read, pause, resume, delete, rotate the secret, and the
 * subscription's dead letters. A token sees and manages only what it created (another's subscription is "not
 * found", not "forbidden": its existence is not disclosed); an admin manages all.
 */
export class SubscriptionService {
  private readonly now: () => Date;

  constructor(private readonly options: SubscriptionServiceOptions) {
    this.now = options.now ?? (() => new Date());
  }

  async create(
    caller: SubscriptionCaller,
    input: { url: string; filter: SavedSubscriptionFilter; description?: string },
  ): Promise<{ subscription: SubscriptionView; secret: string }> {
    await checkWebhookUrl(input.url, this.options.policy, this.options.resolve);
    const secret = generateWebhookSecret();
    const saved = this.options.store.create(
      {
        ownerTokenId: caller.tokenId,
        ownerSubject: caller.subject,
        description: input.description,
        url: input.url,
        filter: input.filter,
        startPosition: await this.options.eventStore.headPosition(),
        secret,
      },
      this.options.limits,
    );
    await this.options.delivery.sync();
    return { subscription: viewOf(saved, this.now()), secret };
  }

  list(caller: SubscriptionCaller): SubscriptionView[] {
    const now = this.now();
    return this.options.store
      .list(caller.admin ? undefined : caller.tokenId)
      .map((saved) => viewOf(saved, now));
  }

  async get(
    caller: SubscriptionCaller,
    id: string,
  ): Promise<SubscriptionView & { delivery?: SubscriptionDeliveryView }> {
    const saved = this.owned(caller, id);
    const status = await this.options.delivery.status(id);
    return { ...viewOf(saved, this.now()), ...(status ? { delivery: deliveryView(status) } : {}) };
  }

  async setStatus(
    caller: SubscriptionCaller,
    id: string,
    status: 'active' | 'paused',
  ): Promise<SubscriptionView> {
    this.owned(caller, id);
    const saved = this.options.store.setStatus(id, status);
    if (!saved) throw new SubscriptionNotFound(id);
    await this.options.delivery.sync();
    return viewOf(saved, this.now());
  }

  async delete(caller: SubscriptionCaller, id: string): Promise<void> {
    this.owned(caller, id);
    this.options.store.delete(id);
    await this.options.delivery.sync();
  }

  /** A new current secret (returned once); the previous ones keep signing for `overlapSeconds`. */
  async rotateSecret(
    caller: SubscriptionCaller,
    id: string,
    overlapSeconds: number,
  ): Promise<{ subscription: SubscriptionView; secret: string }> {
    this.owned(caller, id);
    const secret = generateWebhookSecret();
    const until = new Date(this.now().getTime() + overlapSeconds * 1000);
    const saved = this.options.store.rotateSecret(id, secret, until);
    if (!saved) throw new SubscriptionNotFound(id);
    await this.options.delivery.sync();
    return { subscription: viewOf(saved, this.now()), secret };
  }

  async deadLetters(
    caller: SubscriptionCaller,
    id: string,
    query: { status?: 'open' | 'delivered' | 'discarded' | 'all'; limit?: number; afterId?: number },
  ): Promise<DeadLetter[]> {
    this.owned(caller, id);
    return this.options.delivery.runner.deadLetters.list({ ...query, target: id });
  }

  async retryDeadLetter(
    caller: SubscriptionCaller,
    id: string,
    deadLetterId: number,
  ): Promise<DeadLetterRetryResult> {
    await this.ownedDeadLetter(caller, id, deadLetterId);
    return this.options.delivery.runner.deadLetters.retry(deadLetterId);
  }

  async discardDeadLetter(caller: SubscriptionCaller, id: string, deadLetterId: number): Promise<DeadLetter> {
    await this.ownedDeadLetter(caller, id, deadLetterId);
    return this.options.delivery.runner.deadLetters.discard(deadLetterId);
  }

  private owned(caller: SubscriptionCaller, id: string): SavedSubscription {
    const saved = this.options.store.get(id);
    if (!saved || (!caller.admin && saved.ownerTokenId !== caller.tokenId))
      throw new SubscriptionNotFound(id);
    return saved;
  }

  private async ownedDeadLetter(caller: SubscriptionCaller, id: string, deadLetterId: number): Promise<void> {
    this.owned(caller, id);
    // Registers the target in this process when it has not yet, with the secrets as they are now.
    await this.options.delivery.sync();
    const deadLetter = await this.options.delivery.runner.deadLetters.get(deadLetterId);
    if (deadLetter.target !== id) throw new SubscriptionNotFound(`${id}'s dead letter ${deadLetterId}`);
  }
}

function viewOf(saved: SavedSubscription, now: Date): SubscriptionView {
  const inForce = new Set(signingSecrets(saved, now));
  return {
    id: saved.id,
    ownerTokenId: saved.ownerTokenId,
    ownerSubject: saved.ownerSubject,
    ...(saved.description !== undefined ? { description: saved.description } : {}),
    url: saved.url,
    filter: saved.filter,
    status: saved.status,
    createdAt: saved.createdAt,
    updatedAt: saved.updatedAt,
    secrets: saved.secrets
      .filter((each) => inForce.has(each.secret))
      .map(({ createdAt, expiresAt }) => ({ createdAt, ...(expiresAt !== undefined ? { expiresAt } : {}) })),
  };
}

function deliveryView(status: SinkTargetStatus): SubscriptionDeliveryView {
  return {
    checkpoint: status.checkpoint,
    headPosition: status.headPosition,
    lag: status.lag,
    running: status.running,
    delivered: status.delivered,
    skipped: status.skipped,
    openDeadLetters: status.openDeadLetters,
    heldEvents: status.heldEvents,
    circuitState: status.circuitState,
    ...(status.lastDeliveredAt !== undefined ? { lastDeliveredAt: status.lastDeliveredAt } : {}),
    ...(status.lastError
      ? {
          lastError: {
            message: status.lastError.message,
            at: status.lastError.at,
            ...(status.lastError.httpStatus !== undefined ? { httpStatus: status.lastError.httpStatus } : {}),
          },
        }
      : {}),
  };
}
