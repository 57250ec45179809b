import type Database from 'better-sqlite3';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { tokenGrantSchema, type TokenGrant } from '../auth/token-scope';

export interface TokenRecord {
  id: string;
  subject: string;
  role: TokenGrant['role'];
  scope: TokenGrant['scope'];
  createdAt: string;
  revokedAt: string | null;
}

interface TokenRow {
  id: string;
  subject: string;
  role: string;
  scope: string;
  created_at: string;
  revoked_at: string | null;
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
    grant,
  };
}

/** Bearer tokens with their role and scope, in the service database. Importable by the CLI. */
export class TokenStore {
  private readonly byHash: Database.Statement<[string], TokenRow>;

  constructor(private readonly db: Database.Database) {
    this.byHash = db.prepare('SELECT * FROM tokens WHERE token_hash = ? AND revoked_at IS NULL');
  }

  /** Creates a token and returns its secret; the secret cannot be read back later. */
  create(grant: TokenGrant, secret: string = generateTokenSecret()): { token: string; record: TokenRecord } {
    const parsed = tokenGrantSchema.parse(grant);
    const id = randomUUID();
    const createdAt = new Date().toISOString();
    this.db
      .prepare(
        'INSERT INTO tokens (id, token_hash, subject, role, scope, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      )
      .run(id, hashToken(secret), parsed.subject, parsed.role, JSON.stringify(parsed.scope), createdAt);
    return {
      token: secret,
      record: {
        id,
        subject: parsed.subject,
        role: parsed.role,
        scope: parsed.scope,
        createdAt,
        revokedAt: null,
      },
    };
  }

  /** The grant of a live token, or undefined for an unknown or revoked one. */
  authenticate(secret: string): (TokenGrant & { tokenId: string }) | undefined {
    const row = this.byHash.get(hashToken(secret));
    if (!row) return undefined;
    return { ...toRecord(row).grant, tokenId: row.id };
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
    const result = this.db
      .prepare('UPDATE tokens SET revoked_at = COALESCE(revoked_at, ?) WHERE id = ?')
      .run(new Date().toISOString(), id);
    return result.changes > 0;
  }

  hasAdmin(): boolean {
    return (
      this.db.prepare("SELECT 1 FROM tokens WHERE role = 'admin' AND revoked_at IS NULL LIMIT 1").get() !==
      undefined
    );
  }

  /** Records the configured admin token (GONGKAI_ADMIN_TOKEN) unless its hash is already known. */
  ensureAdmin(secret: string): void {
    const known = this.db.prepare('SELECT 1 FROM tokens WHERE token_hash = ?').get(hashToken(secret));
    if (!known) this.create({ role: 'admin', subject: 'admin (GONGKAI_ADMIN_TOKEN)', scope: {} }, secret);
  }
}
