import { closeSync, openSync, readFileSync, writeSync } from 'node:fs';
import * as path from 'node:path';
import { EVENT_STORE_FILE } from '@gongkai/runtime';
import { startService, type RunningService } from './harness';
import {
  NANTONG_CENTRE,
  createToken,
  event,
  eventsPath,
  lifecycle,
  transactionIdOfExample,
} from './fixtures';

/** Overwrites one byte of the unique `needle` in the file, behind the service's back. */
function editByte(file: string, needle: string, offset: number, replacement: string): void {
  const bytes = readFileSync(file);
  const at = bytes.indexOf(Buffer.from(needle, 'utf8'));
  expect(at).toBeGreaterThanOrEqual(0);
  expect(bytes.indexOf(Buffer.from(needle, 'utf8'), at + 1)).toBe(-1);
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, Buffer.from(replacement, 'latin1'), 0, 1, at + offset);
  } finally {
    closeSync(fd);
  }
}

/** /health once the whole-store verification at start has finished. */
async function lastVerifyFinished(
  service: RunningService,
): Promise<{ status: number; body: Record<string, unknown> }> {
  let health = await service.call('GET', '/health');
  for (
    let i = 0;
    i < 1200 && !(health.body.integrity as { lastVerify?: { finishedAt?: string } }).lastVerify?.finishedAt;
    i++
  ) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    health = await service.call('GET', '/health');
  }
  return health;
}

describe('tamper detection through GET /v1/transactions/{id}/verify', () => {
  let service: RunningService;

  afterAll(async () => {
    await service.stop();
  });

  it('names the stream, revision and position of a byte edited in the SQLite file', async () => {
    service = await startService();
    const centre = await createToken(service, NANTONG_CENTRE);
    const engineering = transactionIdOfExample('engineering');
    const procurement = transactionIdOfExample('procurement');
    const trail = lifecycle('engineering');
    (trail[0]!.data as Record<string, unknown>).title = 'TAMPER-MARK-7F3A 招标公告';
    const positions: number[] = [];
    for (const body of trail) {
      const answer = await service.call('POST', eventsPath(engineering), { token: centre, body });
      expect(answer.status).toBe(201);
      positions.push(answer.body.position as number);
    }
    for (const body of lifecycle('procurement')) {
      expect((await service.call('POST', eventsPath(procurement), { token: centre, body })).status).toBe(201);
    }
    expect((await service.call('GET', `/v1/transactions/${engineering}/verify`)).body).toMatchObject({
      ok: true,
      checked: 8,
    });

    // Closing checkpoints the WAL into the main file, where the edit happens.
    await service.stop({ keepData: true });
    editByte(path.join(service.dataDir, EVENT_STORE_FILE), 'TAMPER-MARK-7F3A', 15, 'B');
    service = await startService({}, service.dataDir);

    const verify = await service.call('GET', `/v1/transactions/${engineering}/verify`);
    expect(verify.status).toBe(200);
    expect(verify.body).toMatchObject({
      ok: false,
      reason: 'hash-mismatch',
      streamId: `txn-${engineering}`,
      revision: 0,
      position: positions[0],
    });
    // The edited content is what the store now returns; the other transaction still verifies.
    const events = await service.call('GET', eventsPath(engineering));
    expect((events.body.events as { data: { title?: string } }[])[0]!.data.title).toContain(
      'TAMPER-MARK-7F3B',
    );
    expect((await service.call('GET', `/v1/transactions/${procurement}/verify`)).body).toMatchObject({
      ok: true,
      checked: 8,
    });
  });

  it('reports an edit that breaks the stored JSON as corrupt, and says so (not a bare 500) on reads', async () => {
    // The edit of the first test has been found (the whole-store verification runs on its own thread): the
    // tree stops growing at the alarm, so the events below are read by the next start's catch-up.
    await lastVerifyFinished(service);
    const centre = await createToken(service, NANTONG_CENTRE);
    const land = transactionIdOfExample('land');
    const trail = lifecycle('land');
    (trail[0]!.data as Record<string, unknown>).title = 'BREAK-JSON-MARK';
    for (const body of trail) {
      expect((await service.call('POST', eventsPath(land), { token: centre, body })).status).toBe(201);
    }
    await service.stop({ keepData: true });
    // Overwrite the closing quote of the string: the stored JSON no longer parses.
    editByte(path.join(service.dataDir, EVENT_STORE_FILE), 'BREAK-JSON-MARK"', 15, 'x');
    service = await startService({}, service.dataDir);

    const verify = await service.call('GET', `/v1/transactions/${land}/verify`);
    expect(verify.body).toMatchObject({ ok: false, reason: 'corrupt', streamId: `txn-${land}`, revision: 0 });
    const state = await service.call('GET', `/v1/transactions/${land}`);
    expect(state.status).toBe(500);
    expect(state.body).toMatchObject({
      type: 'urn:gongkai:problem:stored-event-unreadable',
      streamId: `txn-${land}`,
      revision: 0,
    });
    // The service still starts and says what is wrong: the integrity alarm names the damaged event, and no
    // checkpoint is signed over it (none was signed before, so there is no last good one to serve).
    const health = await lastVerifyFinished(service);
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({
      status: 'degraded',
      live: true,
      ready: true,
      integrity: { ok: false, alarm: { reason: 'corrupt' } },
    });
    expect((health.body.integrity as { alarm: { detail: string } }).alarm.detail).toContain(`txn-${land}`);
    expect((await service.call('GET', '/v1/integrity/checkpoint')).status).toBe(503);

    // In a batch, the damaged transaction fails its own items only.
    const writer = await createToken(service, NANTONG_CENTRE);
    const batch = await service.call('POST', '/v1/events:batch', {
      token: writer,
      body: {
        events: [
          event('AnnouncementCorrected', 'land'),
          event('AnnouncementPublished', 'procurement', 'NTCG2026-AFTER'),
        ],
      },
    });
    expect((batch.body.items as { status: number }[]).map((i) => i.status)).toEqual([500, 201]);
  });
});
