import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { EXAMPLE_PERSONS } from '@gongkai/domain';
import { SERVICE_DATABASE_FILE } from '@gongkai/runtime';
import { runCli } from '../cli/run-cli';
import { ADMIN_TOKEN, startService, type RunningService } from './harness';
import { NANTONG_CENTRE, createToken, eventsPath, lifecycle, transactionIdOfExample } from './fixtures';

describe('tokens, scopes, redaction and the access log', () => {
  let service: RunningService;
  let centre: string;
  const housing = transactionIdOfExample('housing');

  beforeAll(async () => {
    service = await startService();
    centre = await createToken(service, NANTONG_CENTRE);
    for (const body of lifecycle('housing')) {
      const answer = await service.call('POST', eventsPath(housing), { token: centre, body });
      expect([housing, answer.status, answer.text]).toEqual([housing, 201, answer.text]);
    }
  });
  afterAll(async () => {
    await service.stop();
  });

  it('keeps only the hash of each token and lists tokens without secrets', async () => {
    const created = await service.call('POST', '/v1/tokens', {
      token: ADMIN_TOKEN,
      body: { role: 'supervisor', subject: '南通市发展和改革委员会', scope: { regions: ['320600'] } },
    });
    expect(created.status).toBe(201);
    const secret = created.body.token as string;
    expect(secret).toMatch(/^gk_/);
    const file = readFileSync(path.join(service.dataDir, SERVICE_DATABASE_FILE));
    expect(file.includes(Buffer.from(secret))).toBe(false);
    expect(file.includes(Buffer.from(ADMIN_TOKEN))).toBe(false);

    const list = await service.call('GET', '/v1/tokens', { token: ADMIN_TOKEN });
    expect(list.status).toBe(200);
    expect(list.text).not.toContain(secret);
    expect((list.body.items as { id: string }[]).map((t) => t.id)).toContain(created.body.id);
    expect(
      (
        await service.call('POST', '/v1/tokens', {
          token: ADMIN_TOKEN,
          body: { role: 'centre', subject: 'x', scope: {} },
        })
      ).status,
    ).toBe(400);
  });

  it('shows natural persons masked to the public and in full to a supervisor of the region', async () => {
    const person = EXAMPLE_PERSONS[0];
    const anonymous = await service.call('GET', eventsPath(housing));
    expect(anonymous.body.view).toBe('public');
    expect(anonymous.text).not.toContain(person.idNumber);

    const supervisor = await createToken(service, {
      role: 'supervisor',
      subject: '南通市纪委监委',
      scope: { regions: ['320000'] },
    });
    const full = await service.call('GET', eventsPath(housing), { token: supervisor });
    expect(full.body.view).toBe('full');
    expect(full.text).toContain(person.idNumber);
    const state = await service.call('GET', `/v1/transactions/${housing}`, { token: supervisor });
    expect(state.body.view).toBe('full');

    const elsewhere = await createToken(service, {
      role: 'supervisor',
      subject: '深圳市监委',
      scope: { regions: ['440300'] },
    });
    const outside = await service.call('GET', eventsPath(housing), { token: elsewhere });
    expect(outside.body.view).toBe('public');
    expect(outside.text).not.toContain(person.idNumber);
    const publicState = await service.call('GET', `/v1/transactions/${housing}`);
    expect(publicState.text).not.toContain(person.idNumber);
  });

  it('records writes and restricted reads in the access log with the token subject', async () => {
    const entries = service.service.infrastructure.accessLog.recent(200);
    const restricted = entries.filter((e) => e.action === 'restricted-read');
    expect(restricted.map((e) => e.subject)).toEqual(expect.arrayContaining(['南通市纪委监委']));
    expect(restricted.every((e) => e.status === 200)).toBe(true);
    const writes = entries.filter((e) => e.action === 'write');
    expect(writes.filter((e) => e.subject === NANTONG_CENTRE.subject).length).toBeGreaterThanOrEqual(8);
    expect(entries.some((e) => e.action === 'admin' && e.path === '/v1/tokens')).toBe(true);
    // Public reads are not logged.
    expect(entries.some((e) => e.subject === '深圳市监委')).toBe(false);

    const overHttp = await service.call('GET', '/v1/access-log?limit=5', { token: ADMIN_TOKEN });
    expect(overHttp.status).toBe(200);
    expect((overHttp.body.items as unknown[]).length).toBe(5);
    expect((await service.call('GET', '/v1/access-log', { token: centre })).status).toBe(403);
    const supervisor = await createToken(service, {
      role: 'supervisor',
      subject: '苏州市纪委监委',
      scope: { regions: ['320500'] },
    });
    expect((await service.call('GET', '/v1/access-log', { token: supervisor })).status).toBe(403);
  });

  it('commits the access-log row of a request before its answer leaves', async () => {
    const auditor = new Database(path.join(service.dataDir, SERVICE_DATABASE_FILE), { readonly: true });
    try {
      const rowsOf = (subject: string) =>
        auditor
          .prepare('SELECT method, path, status, action FROM access_log WHERE subject = ? ORDER BY id')
          .all(subject);
      const answers = await Promise.all(
        ['甲', '乙', '丙'].map((name) =>
          service.call('POST', '/v1/tokens', {
            token: ADMIN_TOKEN,
            body: { role: 'subscriber', subject: `reader ${name}` },
          }),
        ),
      );
      expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);
      // Read from another connection to the file the moment the answers are in: the rows are there.
      expect(rowsOf('admin (GONGKAI_ADMIN_TOKEN)').slice(-3)).toEqual(
        Array.from({ length: 3 }, () => ({
          method: 'POST',
          path: '/v1/tokens',
          status: 201,
          action: 'admin',
        })),
      );
      const refused = await service.call('POST', eventsPath(housing), { token: centre, body: { id: 'x' } });
      expect(refused.status).toBe(400);
      expect(rowsOf(NANTONG_CENTRE.subject).at(-1)).toEqual({
        method: 'POST',
        path: eventsPath(housing),
        status: 400,
        action: 'write',
      });
    } finally {
      auditor.close();
    }
  });

  it('refuses a revoked token', async () => {
    const created = await service.call('POST', '/v1/tokens', {
      token: ADMIN_TOKEN,
      body: { role: 'subscriber', subject: 'temp' },
    });
    const secret = created.body.token as string;
    expect((await service.call('GET', '/v1/transactions', { token: secret })).status).toBe(200);
    expect(
      (await service.call('DELETE', `/v1/tokens/${created.body.id as string}`, { token: ADMIN_TOKEN }))
        .status,
    ).toBe(204);
    const refused = await service.call('GET', '/v1/transactions', { token: secret });
    expect(refused.status).toBe(401);
  });

  it('refuses a token revoked by the CLI on the same data dir at the next request', async () => {
    const created = await service.call('POST', '/v1/tokens', {
      token: ADMIN_TOKEN,
      body: { role: 'subscriber', subject: 'revoked from the command line' },
    });
    const secret = created.body.token as string;
    for (let i = 0; i < 3; i++) {
      expect((await service.call('GET', '/v1/transactions', { token: secret })).status).toBe(200);
    }
    const revoked = runCli(['--data-dir', service.dataDir, 'tokens', 'revoke', created.body.id as string]);
    expect([revoked.status, revoked.stderr]).toEqual([0, '']);
    expect((await service.call('GET', '/v1/transactions', { token: secret })).status).toBe(401);
  });
});
