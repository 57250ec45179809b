import Database from 'better-sqlite3';
import * as path from 'node:path';
import { SERVICE_DATABASE_FILE, TokenStore } from '@gongkai/runtime';
import { ADMIN_TOKEN, startService, type RunningService } from './harness';
import { NANTONG_CENTRE } from './fixtures';

describe('rate limits after authentication', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService({ GONGKAI_RATE_LIMIT_PER_MINUTE: '30' });
  });
  afterAll(async () => {
    await service.stop();
  });

  it('counts one token however its header is spelt', async () => {
    const spellings = ['Bearer', 'bearer', 'BEARER', 'Bearer ', 'bearer\t', 'Bearer  '];
    const statuses: number[] = [];
    for (let i = 0; i < 80; i++) {
      const scheme = spellings[i % spellings.length]!;
      const response = await fetch(`${service.url}/v1/tokens`, {
        headers: { authorization: `${scheme} ${ADMIN_TOKEN}${' '.repeat(i % 3)}` },
      });
      statuses.push(response.status);
    }
    expect(statuses.filter((status) => status === 200).length).toBeLessThanOrEqual(30);
    expect(statuses.filter((status) => status === 429).length).toBeGreaterThanOrEqual(50);
  });

  it('throttles failed authentications by address', async () => {
    const other = await startService({ GONGKAI_RATE_LIMIT_PER_MINUTE: '5' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        statuses.push((await other.call('GET', '/v1/tokens', { token: `wrong-${i}` })).status);
      }
      expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429, 429]);
    } finally {
      await other.stop();
    }
  });
});

describe('token lifetime', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService();
  });
  afterAll(async () => {
    await service.stop();
  });

  it('gives every token an expiry (by role unless set) and refuses an expired token', async () => {
    const defaulted = await service.call('POST', '/v1/tokens', { token: ADMIN_TOKEN, body: NANTONG_CENTRE });
    expect(defaulted.status).toBe(201);
    const days = (Date.parse(defaulted.body.expiresAt as string) - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(365);

    const soon = await service.call('POST', '/v1/tokens', {
      token: ADMIN_TOKEN,
      body: { ...NANTONG_CENTRE, expiresAt: new Date(Date.now() + 1500).toISOString() },
    });
    expect(soon.status).toBe(201);
    const secret = soon.body.token as string;
    expect((await service.call('GET', '/v1/transactions/x/events', { token: secret })).status).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 1700));
    const expired = await service.call('GET', '/v1/transactions/x/events', { token: secret });
    expect(expired.status).toBe(401);
    expect(expired.body.detail).toContain('expired');

    const past = await service.call('POST', '/v1/tokens', {
      token: ADMIN_TOKEN,
      body: { ...NANTONG_CENTRE, expiresAt: '2020-01-01T00:00:00Z' },
    });
    expect(past.status).toBe(400);
  });

  it('rotates a token: the new secret works, the old one stops', async () => {
    const created = await service.call('POST', '/v1/tokens', { token: ADMIN_TOKEN, body: NANTONG_CENTRE });
    const old = created.body.token as string;
    const rotated = await service.call('POST', `/v1/tokens/${created.body.id as string}/rotate`, {
      token: ADMIN_TOKEN,
      body: {},
    });
    expect(rotated.status).toBe(201);
    const fresh = rotated.body.token as string;
    expect(fresh).not.toBe(old);
    expect(rotated.body.scope).toEqual(NANTONG_CENTRE.scope);
    expect((await service.call('GET', '/v1/transactions/x/events', { token: old })).status).toBe(401);
    expect((await service.call('GET', '/v1/transactions/x/events', { token: fresh })).status).toBe(404);
    const again = await service.call('POST', `/v1/tokens/${created.body.id as string}/rotate`, {
      token: ADMIN_TOKEN,
    });
    expect(again.status).toBe(404);
  });

  it('writes token records with synchronous=FULL', () => {
    const db = new Database(path.join(service.dataDir, SERVICE_DATABASE_FILE));
    try {
      db.pragma('synchronous = NORMAL');
      const seen: unknown[] = [];
      const pragma = db.pragma.bind(db);
      // Observe the durability level in force while the token row is written.
      db.pragma = ((source: string, options?: Database.PragmaOptions) => {
        const result = pragma(source, options);
        if (source === 'synchronous = FULL') seen.push(pragma('synchronous', { simple: true }));
        return result;
      }) as typeof db.pragma;
      const tokens = new TokenStore(db);
      const { record } = tokens.create({ role: 'subscriber', subject: 'durable', scope: {} });
      tokens.revoke(record.id);
      expect(seen).toEqual([2, 2]);
      expect(pragma('synchronous', { simple: true })).toBe(1);
    } finally {
      db.close();
    }
  });
});
