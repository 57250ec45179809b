import type Database from 'better-sqlite3';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { systemClock, type Clock } from '@gongkai/event-store';
import { tokenGrantSchema, type TokenGrant } from './token-scope';

export interface TokenRecord {
  id: string;
  subject: string;
  role: TokenGrant['role'];
  scope: TokenGrant['scope'];
  createdAt: string;
  revokedAt: string | null;
  /** After this instant the token no longer authenticates; null: never (the bootstrap admin tokens only). */
  expiresAt: string | null;
}

interface TokenRow {
  id: string;
  subject: string;
  role: string;
  scope: string;
  created_at: string;
  revoked_at: string | null;
  expires_at: string | null;
}

const DAY_MS = 24 * 3600_000;

/**
 * How long a token lives when its creator does not say: an admin token 90 days (it can do everything), a
 * publisher's, supervisor's or subscriber's a year (an organisation's yearly renewal).
 */
export const DEFAULT_TOKEN_LIFETIME_DAYS: Readonly<Record<TokenGrant['role'], number>> = {
  admin: 90,
  centre: 365,
  supervisor: 365,
  subscriber: 365,
};

/** Adds the columns newer versions need to a service database created by an older one. */
function migrate(db: Database.Database): void {
  const columns = (db.prepare('PRAGMA table_info(tokens)').all() as { name: string }[]).map((c) => c.name);
  if (!columns.includes('expires_at')) db.exec('ALTER TABLE tokens ADD COLUMN expires_at TEXT');
}

/**
 * Runs a write with `synchronous = FULL`: a token record (above all a revocation) must survive a power cut,
 * while the database's other tables keep NORMAL. better-sqlite3 is synchronous, so nothing else runs in between.
 */
function durably<T>(db: Database.Database, write: () => T): T {
  const before = db.pragma('synchronous', { simple: true }) as number;
  db.pragma('synchronous = FULL');
  try {
    return write();
  } finally {
    localWritesOf(db).count++;
    db.pragma(`synchronous = ${before}`);
  }
}

/**
 * Token writes made on a connection, by any TokenStore on it: `PRAGMA data_version` counts only the commits
 * of other connections, so the authentication cache (TokenStore.liveFor) watches this as well.
 */
const localWrites = new WeakMap<Database.Database, { count: number }>();

function localWritesOf(db: Database.Database): { count: number } {
  let writes = localWrites.get(db);
  if (!writes) localWrites.set(db, (writes = { count: 0 }));
  return writes;
}

/** Tokens are looked up by their SHA-256: the secret itself is never stored. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export function generateTokenSecret(): string {
  return `gk_${randomBytes(32).toString('base64url')}`;
}

function toRecord(row: TokenRow): TokenRecord & { grant: TokenGrant } {
  // Rows are written through the same schema, so a parse failure means the file was edited by hand.
  const grant = tokenGrantSchema.parse({
    role: row.role,
    subject: row.subject,
    scope: JSON.parse(row.scope),
  });
  return {
    id: row.id,
    subject: row.subject,
    role: grant.role,
    scope: grant.scope,
    createdAt: row.created_at,
    revokedAt: row.revoked_at,
    expiresAt: row.expires_at,
    grant,
  };
}

/** Bearer tokens with their role and scope, in the service database. Importable by the CLI. */
export class TokenStore {
  private readonly byHash: Database.Statement<[string, string], TokenRow>;

  constructor(
    private readonly db: Database.Database,
    private readonly clock: Clock = systemClock,
  ) {
    migrate(db);
    this.byHash = db.prepare(
      'SELECT * FROM tokens WHERE token_hash = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)',
    );
    this.dataVersion = db.prepare<[], number>('PRAGMA data_version').pluck();
  }

  /**
   * Creates a token and returns its secret; the secret cannot be read back later. `expiresAt` defaults to
   * the role's lifetime (DEFAULT_TOKEN_LIFETIME_DAYS); `null` (bootstrap admin tokens only) never expires.
   */
  create(
    grant: TokenGrant,
    secret: string = generateTokenSecret(),
    expiresAt?: string | null,
  ): { token: string; record: TokenRecord } {
    return durably(this.db, () => this.insert(grant, secret, expiresAt));
  }

  private insert(
    grant: TokenGrant,
    secret: string,
    expiresAt: string | null | undefined,
  ): { token: string; record: TokenRecord } {
    const parsed = tokenGrantSchema.parse(grant);
    const id = randomUUID();
    const now = this.clock.now();
    const createdAt = now.toISOString();
    const expires =
      expiresAt === undefined
        ? new Date(now.getTime() + DEFAULT_TOKEN_LIFETIME_DAYS[parsed.role] * DAY_MS).toISOString()
        : expiresAt === null
          ? null
          : new Date(expiresAt).toISOString();
    this.db
      .prepare(
        'INSERT INTO tokens (id, token_hash, subject, role, scope, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
      )
      .run(
        id,
        hashToken(secret),
        parsed.subject,
        parsed.role,
        JSON.stringify(parsed.scope),
        createdAt,
        expires,
      );
    return {
      token: secret,
      record: {
        id,
        subject: parsed.subject,
        role: parsed.role,
        scope: parsed.scope,
        createdAt,
        revokedAt: null,
        expiresAt: expires,
      },
    };
  }

  /** The grant of a live token, or undefined for an unknown, revoked or expired one. */
  authenticate(secret: string): (TokenGrant & { tokenId: string }) | undefined {
    const hash = hashToken(secret);
    const now = this.clock.now().toISOString();
    const live = this.liveFor(hash, now);
    if (!live) return undefined;
    const { row, grant } = live;
    // Revocation and expiry as the query checks them (ISO instants compare as text), on every request.
    if (row.revoked_at !== null || (row.expires_at !== null && !(row.expires_at > now))) return undefined;
    return { ...grant, tokenId: row.id };
  }

  /**
   * Rows of tokens found live, by hash, while nothing has changed the file: `PRAGMA data_version` moves when
   * another connection (the CLI revoking a token, another service process) commits, and `localWrites` when a
   * TokenStore on this connection writes; either empties the cache before the next lookup. So a revocation
   * is seen by the next request, as when every request queried the row.
   */
  private readonly rows = new Map<string, { row: TokenRow; grant: TokenGrant }>();
  private seen = { dataVersion: -1, localWrites: -1 };
  private readonly dataVersion: Database.Statement<[], number>;

  private liveFor(hash: string, now: string): { row: TokenRow; grant: TokenGrant } | undefined {
    const dataVersion = this.dataVersion.get()!;
    const local = localWritesOf(this.db).count;
    if (dataVersion !== this.seen.dataVersion || local !== this.seen.localWrites) {
      this.rows.clear();
      this.seen = { dataVersion, localWrites: local };
    }
    const cached = this.rows.get(hash);
    if (cached) return cached;
    const row = this.byHash.get(hash, now);
    if (!row) return undefined;
    const live = { row, grant: this.grantOf(row) };
    this.rows.set(hash, live);
    if (this.rows.size > 1000) this.rows.delete(this.rows.keys().next().value!);
    return live;
  }

  /**
   * Grants parsed (zod) from their rows, by everything the parse reads: a row's role, subject and scope are
   * never updated, so a cached grant is the one the row would parse to. Bounded, oldest dropped first.
   */
  private readonly grants = new Map<string, TokenGrant>();

  private grantOf(row: TokenRow): TokenGrant {
    const key = JSON.stringify([row.id, row.role, row.subject, row.scope]);
    let grant = this.grants.get(key);
    if (!grant) {
      grant = toRecord(row).grant;
      this.grants.set(key, grant);
      if (this.grants.size > 1000) this.grants.delete(this.grants.keys().next().value!);
    }
    return grant;
  }

  /**
   * Rotation: a new secret with the same grant, and the old token ends `graceSeconds` from now (at once by
   * default) so a client can switch without a gap. Undefined when no live token has that id.
   */
  rotate(
    id: string,
    options: { graceSeconds?: number; expiresAt?: string } = {},
  ): { token: string; record: TokenRecord } | undefined {
    const row = this.db
      .prepare(
        'SELECT * FROM tokens WHERE id = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)',
      )
      .get(id, this.clock.now().toISOString()) as TokenRow | undefined;
    if (!row) return undefined;
    const { grant } = toRecord(row);
    const swap = this.db.transaction(() => {
      const created = this.insert(grant, generateTokenSecret(), options.expiresAt);
      const ends = new Date(this.clock.now().getTime() + (options.graceSeconds ?? 0) * 1000).toISOString();
      if ((options.graceSeconds ?? 0) > 0) {
        this.db
          .prepare('UPDATE tokens SET expires_at = ? WHERE id = ? AND (expires_at IS NULL OR expires_at > ?)')
          .run(ends, id, ends);
      } else {
        this.db.prepare('UPDATE tokens SET revoked_at = ? WHERE id = ?').run(ends, id);
      }
      return created;
    });
    return durably(this.db, () => swap());
  }

  list(): TokenRecord[] {
    const rows = this.db.prepare('SELECT * FROM tokens ORDER BY created_at, id').all() as TokenRow[];
    return rows.map((row) => {
      const { grant: _grant, ...record } = toRecord(row);
      return record;
    });
  }

  /** Returns false when no such token exists; revoking twice keeps the first revocation time. */
  revoke(id: string): boolean {
    const result = durably(this.db, () =>
      this.db
        .prepare('UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?')
        .run(this.clock.now().toISOString(), id),
    );
    return result.changes > 0;
  }

  hasAdmin(): boolean {
    return (
      this.db
        .prepare(
          "SELECT 1 FROM tokens WHERE role = 'admin' AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?) LIMIT 1",
        )
        .get(this.clock.now().toISOString()) !== undefined
    );
  }

  /** Records the configured admin token (GONGKAI_ADMIN_TOKEN) unless its hash is already known. */
  ensureAdmin(secret: string): void {
    const known = this.db.prepare('SELECT 1 FROM tokens WHERE token_hash = ?').get(hashToken(secret));
    // The operator's own token lives as long as the configuration names it: it does not expire.
    if (!known)
      this.create({ role: 'admin', subject: 'admin (GONGKAI_ADMIN_TOKEN)', scope: {} }, secret, null);
  }
}
