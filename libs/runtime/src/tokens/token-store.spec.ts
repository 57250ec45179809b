import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type Database from 'better-sqlite3';
import type { Clock } from '@gongkai/event-store';
import { openServiceDatabase } from '../service-database';
import { TokenStore } from './token-store';

/**
 * Authentication answers from a cache of live token rows: these specs pin that every change to a token is
 * seen by the very next authentication, whoever made it (this store, another store on the same connection,
 * another connection to the same file as the CLI opens), and that expiry is judged at each request.
 */
describe('TokenStore.authenticate', () => {
  let dir: string;
  const open: Database.Database[] = [];
  let now = Date.parse('2026-11-27T08:00:00Z');
  const clock: Clock = { now: () => new Date(now) };
  const connection = () => {
    const db = openServiceDatabase(dir);
    open.push(db);
    return db;
  };
  const grant = { role: 'subscriber' as const, subject: 'reader', scope: {} };

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-tokens-'));
    now = Date.parse('2026-11-27T08:00:00Z');
  });
  afterEach(() => {
    for (const db of open.splice(0)) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a token revoked through another connection to the same file at the next request', () => {
    const service = new TokenStore(connection(), clock);
    const { token, record } = service.create(grant);
    expect(service.authenticate(token)?.tokenId).toBe(record.id);
    expect(service.authenticate(token)?.tokenId).toBe(record.id);
    // The CLI's `gongkai tokens revoke` opens its own connection to service.sqlite.
    expect(new TokenStore(connection(), clock).revoke(record.id)).toBe(true);
    expect(service.authenticate(token)).toBeUndefined();
  });

  it('refuses a token revoked or rotated through another store on the same connection', () => {
    const db = connection();
    const service = new TokenStore(db, clock);
    const admin = new TokenStore(db, clock);
    const first = service.create(grant);
    const second = service.create(grant);
    expect(service.authenticate(first.token)).toBeDefined();
    expect(service.authenticate(second.token)).toBeDefined();
    admin.revoke(first.record.id);
    expect(service.authenticate(first.token)).toBeUndefined();
    // Rotation with a grace period: the old secret lives until the grace ends, the new one at once.
    const rotated = admin.rotate(second.record.id, { graceSeconds: 60 })!;
    expect(service.authenticate(second.token)).toBeDefined();
    expect(service.authenticate(rotated.token)).toBeDefined();
    now += 61_000;
    expect(service.authenticate(second.token)).toBeUndefined();
    expect(service.authenticate(rotated.token)).toBeDefined();
  });

  it('refuses a token once it expires, and knows a token created elsewhere at once', () => {
    const service = new TokenStore(connection(), clock);
    const { token } = service.create(grant, undefined, new Date(now + 1_000).toISOString());
    expect(service.authenticate(token)).toBeDefined();
    now += 999;
    expect(service.authenticate(token)).toBeDefined();
    now += 1;
    expect(service.authenticate(token)).toBeUndefined();
    expect(service.authenticate('gk_unknown')).toBeUndefined();
    const elsewhere = new TokenStore(connection(), clock).create(grant);
    expect(service.authenticate(elsewhere.token)?.tokenId).toBe(elsewhere.record.id);
  });
});
