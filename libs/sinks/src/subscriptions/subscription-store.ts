import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { regionPrefixSchema } from '../delivery/sink-target.config';
import { subscriptionFilterSchema } from './subscription-filter';

/** Most entries in one list of a subscription's filter (a filter is a selection, not a crawl list). */
export const MAX_FILTER_ENTRIES = 50;

const capped = <T extends z.ZodType>(item: T, what: string) =>
  z
    .array(item)
    .min(1, `list at least one ${what}, or leave it out`)
    .max(MAX_FILTER_ENTRIES, `at most ${MAX_FILTER_ENTRIES} entries`)
    .optional();

/**
 * What a saved subscription selects: the webhook filter (domains, stages, publishers, parties) and the regions
 * (GB/T 2260 prefixes of the publishing jurisdiction), each list capped.
 */
export const savedSubscriptionFilterSchema = subscriptionFilterSchema
  .extend({
    domains: capped(subscriptionFilterSchema.shape.domains.unwrap().element, 'domain'),
    stages: capped(subscriptionFilterSchema.shape.stages.unwrap().element, 'stage'),
    publishers: capped(subscriptionFilterSchema.shape.publishers.unwrap().element, 'publisher credit code'),
    parties: capped(subscriptionFilterSchema.shape.parties.unwrap().element, 'party credit code'),
    regions: capped(regionPrefixSchema, 'GB/T 2260 region prefix'),
  })
  .strict();

export type SavedSubscriptionFilter = z.output<typeof savedSubscriptionFilterSchema>;

export type SubscriptionStatus = 'active' | 'paused';

/** A signing secret; the current one has no `expiresAt`, a rotated-out one signs until it. */
export interface SubscriptionSecret {
  secret: string;
  createdAt: string;
  expiresAt?: string;
}

export interface SavedSubscription {
  id: string;
  /** Id of the token that created it: the only one (with admins) that sees and manages it. */
  ownerTokenId: string;
  ownerSubject: string;
  description?: string;
  url: string;
  filter: SavedSubscriptionFilter;
  status: SubscriptionStatus;
  /** Position of the store's head at creation: delivery starts after it (new events only). */
  startPosition: number;
  createdAt: string;
  updatedAt: string;
  /** Bumped by every change (status, secrets), so a delivering process notices it. */
  version: number;
  secrets: SubscriptionSecret[];
}

export interface NewSubscription {
  ownerTokenId: string;
  ownerSubject: string;
  description?: string;
  url: string;
  filter: SavedSubscriptionFilter;
  startPosition: number;
  secret: string;
}

export interface SubscriptionLimits {
  /** Most subscriptions one token holds. */
  perToken: number;
  /** Most subscriptions in the service (every one is a reader of the store and a delivery lane). */
  total: number;
}

export class SubscriptionLimitReached extends Error {
  readonly code = 'SUBSCRIPTION_LIMIT_REACHED';
  constructor(
    message: string,
    readonly limit: number,
  ) {
    super(message);
    this.name = 'SubscriptionLimitReached';
  }
}

interface Row {
  id: string;
  owner_token_id: string;
  owner_subject: string;
  description: string | null;
  url: string;
  filter: string;
  status: SubscriptionStatus;
  start_position: number;
  created_at: string;
  updated_at: string;
  version: number;
  secrets: string;
}

const schema = `
CREATE TABLE IF NOT EXISTS subscriptions (
  id             TEXT PRIMARY KEY,
  owner_token_id TEXT NOT NULL,
  owner_subject  TEXT NOT NULL,
  description    TEXT,
  url            TEXT NOT NULL,
  filter         TEXT NOT NULL,
  status         TEXT NOT NULL CHECK (status IN ('active', 'paused')),
  start_position INTEGER NOT NULL,
  created_at     TEXT NOT NULL,
  updated_at     TEXT NOT NULL,
  version        INTEGER NOT NULL,
  secrets        TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS subscriptions_by_owner ON subscriptions (owner_token_id, created_at);
`;

function fromRow(row: Row): SavedSubscription {
  return {
    id: row.id,
    ownerTokenId: row.owner_token_id,
    ownerSubject: row.owner_subject,
    ...(row.description !== null ? { description: row.description } : {}),
    url: row.url,
    filter: JSON.parse(row.filter) as SavedSubscriptionFilter,
    status: row.status,
    startPosition: row.start_position,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    version: row.version,
    secrets: JSON.parse(row.secrets) as SubscriptionSecret[],
  };
}

/**
 * Saved subscriptions in SQLite (`subscriptions.sqlite` in the data dir), `synchronous = FULL`: a subscription
 * the API answered 201 for, a pause, a deletion or a new secret survives a power loss, not only a crash. Kept
 * out of the event store on purpose: it holds signing secrets, which must be replaceable and deletable, and
 * it is the service's operational state, not a public record.
 */
export class SqliteSubscriptionStore {
  private constructor(
    private readonly db: Database.Database,
    private readonly now: () => Date,
  ) {}

  static open(options: { path: string; now?: () => Date }): SqliteSubscriptionStore {
    const db = new Database(options.path);
    try {
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
      // The file also holds the subscriptions' delivery state (sink_* tables, which own user_version).
      db.exec(schema);
    } catch (error) {
      db.close();
      throw error;
    }
    return new SqliteSubscriptionStore(db, options.now ?? (() => new Date()));
  }

  /** Stores a new subscription unless the owner's or the service's cap is reached (checked in one transaction). */
  create(input: NewSubscription, limits: SubscriptionLimits): SavedSubscription {
    return this.db.transaction(() => {
      const owned = this.db
        .prepare<[string], { n: number }>('SELECT count(*) AS n FROM subscriptions WHERE owner_token_id = ?')
        .get(input.ownerTokenId)!.n;
      if (owned >= limits.perToken)
        throw new SubscriptionLimitReached(
          `this token already holds ${owned} subscriptions, the most one token may hold (delete one first)`,
          limits.perToken,
        );
      const total = this.db.prepare<[], { n: number }>('SELECT count(*) AS n FROM subscriptions').get()!.n;
      if (total >= limits.total)
        throw new SubscriptionLimitReached(
          `the service holds ${total} subscriptions, the most it serves`,
          limits.total,
        );
      const at = this.now().toISOString();
      const id = `sub_${randomBytes(12).toString('hex')}`;
      const secrets: SubscriptionSecret[] = [{ secret: input.secret, createdAt: at }];
      this.db
        .prepare(
          `INSERT INTO subscriptions (id, owner_token_id, owner_subject, description, url, filter, status,
             start_position, created_at, updated_at, version, secrets)
           VALUES (?, ?, ?, ?, ?, ?, 'active', ?, ?, ?, 1, ?)`,
        )
        .run(
          id,
          input.ownerTokenId,
          input.ownerSubject,
          input.description ?? null,
          input.url,
          JSON.stringify(input.filter),
          input.startPosition,
          at,
          at,
          JSON.stringify(secrets),
        );
      return this.get(id)!;
    })();
  }

  get(id: string): SavedSubscription | undefined {
    const row = this.db.prepare<[string], Row>('SELECT * FROM subscriptions WHERE id = ?').get(id);
    return row && fromRow(row);
  }

  /** Every subscription (of one owner when given), oldest first. */
  list(ownerTokenId?: string): SavedSubscription[] {
    const rows =
      ownerTokenId === undefined
        ? this.db.prepare<[], Row>('SELECT * FROM subscriptions ORDER BY created_at, id').all()
        : this.db
            .prepare<[string], Row>(
              'SELECT * FROM subscriptions WHERE owner_token_id = ? ORDER BY created_at, id',
            )
            .all(ownerTokenId);
    return rows.map(fromRow);
  }

  setStatus(id: string, status: SubscriptionStatus): SavedSubscription | undefined {
    this.db
      .prepare(
        'UPDATE subscriptions SET status = ?, updated_at = ?, version = version + 1 WHERE id = ? AND status <> ?',
      )
      .run(status, this.now().toISOString(), id, status);
    return this.get(id);
  }

  /**
   * Makes `secret` the current secret; the previous ones keep signing until `previousUntil` (the overlap
   * during which a receiver moves to the new one), and those already past their end are dropped.
   */
  rotateSecret(id: string, secret: string, previousUntil: Date): SavedSubscription | undefined {
    return this.db.transaction(() => {
      const current = this.get(id);
      if (!current) return undefined;
      const now = this.now();
      const until = previousUntil.toISOString();
      const kept = current.secrets
        .filter((each) => each.expiresAt === undefined || new Date(each.expiresAt) > now)
        .map((each) => ({
          ...each,
          expiresAt: each.expiresAt !== undefined && each.expiresAt < until ? each.expiresAt : until,
        }));
      const secrets: SubscriptionSecret[] = [{ secret, createdAt: now.toISOString() }, ...kept];
      this.db
        .prepare('UPDATE subscriptions SET secrets = ?, updated_at = ?, version = version + 1 WHERE id = ?')
        .run(JSON.stringify(secrets), now.toISOString(), id);
      return this.get(id);
    })();
  }

  delete(id: string): boolean {
    return this.db.prepare('DELETE FROM subscriptions WHERE id = ?').run(id).changes > 0;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }
}

/** The secrets that sign now, newest first (the current one, and rotated-out ones within their overlap). */
export function signingSecrets(subscription: Pick<SavedSubscription, 'secrets'>, now: Date): string[] {
  return subscription.secrets
    .filter((each) => each.expiresAt === undefined || new Date(each.expiresAt) > now)
    .map((each) => each.secret);
}
