import { EXAMPLE_PARTIES } from '@gongkai/domain';
import { startService, type RunningService } from './harness';
import {
  NANTONG_CENTRE,
  createToken,
  event,
  eventsPath,
  lifecycle,
  transactionIdOfExample,
} from './fixtures';

interface Item {
  index: number;
  status: number;
  eventId?: string;
  replayed?: boolean;
  result?: { revision: number; streamId: string };
  problem?: { type: string; code?: string };
}

describe('POST /v1/events:batch', () => {
  let service: RunningService;
  let centre: string;

  beforeAll(async () => {
    service = await startService();
    centre = await createToken(service, NANTONG_CENTRE);
  });
  afterAll(async () => {
    await service.stop();
  });

  it('appends interleaved lifecycles of several transactions, keeping each transaction in order', async () => {
    const engineering = lifecycle('engineering');
    const procurement = lifecycle('procurement');
    const land = lifecycle('land');
    // Interleave the three trails item by item.
    const events = engineering.flatMap((e, i) => [e, procurement[i]!, land[i]!]);
    const answer = await service.call('POST', '/v1/events:batch', { token: centre, body: { events } });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ accepted: events.length, replayed: 0, failed: 0 });
    const items = answer.body.items as Item[];
    expect(items.map((i) => i.index)).toEqual(events.map((_, i) => i));
    expect(items.map((i) => i.eventId)).toEqual(events.map((e) => e.id));
    for (const domain of ['engineering', 'procurement', 'land'] as const) {
      const trail = await service.call('GET', eventsPath(transactionIdOfExample(domain)));
      const ids = (trail.body.events as { id: string }[]).map((e) => e.id);
      expect(ids).toEqual({ engineering, procurement, land }[domain].map((e) => e.id));
    }

    const again = await service.call('POST', '/v1/events:batch', { token: centre, body: { events } });
    expect(again.body).toMatchObject({ accepted: 0, replayed: events.length, failed: 0 });
  });

  it('answers each item on its own: a refused item stops only the later items of its own transaction', async () => {
    const good = lifecycle('procurement', 'NTCG2026-B1').slice(0, 3);
    const stuck = lifecycle('procurement', 'NTCG2026-B2');
    const invalid = { ...event('AnnouncementPublished', 'land', 'R2026-B3'), data: { domain: 'land' } };
    // B2: a contract straight after the announcement is out of order; what follows it in B2 is not attempted.
    const events = [good[0], stuck[0], stuck[6], good[1], invalid, stuck[7], good[2]];
    const answer = await service.call('POST', '/v1/events:batch', { token: centre, body: { events } });
    expect(answer.status).toBe(200);
    const items = answer.body.items as Item[];
    expect(items.map((i) => i.status)).toEqual([201, 201, 409, 201, 400, 409, 201]);
    expect(items[2]!.problem).toMatchObject({ code: 'STAGE_OUT_OF_ORDER' });
    expect(items[5]!.problem).toMatchObject({ code: 'PRECEDING_EVENT_FAILED' });
    expect(answer.body).toMatchObject({ accepted: 4, failed: 3 });
    const b2 = await service.call('GET', eventsPath('NTCG2026-B2'));
    expect((b2.body.events as unknown[]).length).toBe(1);
    expect((await service.call('GET', eventsPath('R2026-B3'))).status).toBe(404);
  });

  it('rejects a blacklisted bidder (422 BLACKLISTED_PARTY) once its credit stream lists it', async () => {
    const blacklisted = EXAMPLE_PARTIES.third;
    const entry = event('BlacklistEntered');
    Object.assign(entry.data as Record<string, unknown>, {
      decidedOn: '2026-01-10',
      displayUntil: '2028-01-10',
    });
    entry.metadata = {
      ...entry.metadata,
      occurredAt: '2026-01-10T10:00:00+08:00',
      publishedAt: '2026-01-12T10:00:00+08:00',
    };
    const listed = await service.call('POST', '/v1/events:batch', {
      token: centre,
      body: { events: [entry] },
    });
    expect(listed.body).toMatchObject({ accepted: 1 });
    expect((listed.body.items as Item[])[0]!.result!.streamId).toBe(`credit-${blacklisted.creditCode}`);

    const transactionId = 'NTCG2026-BL';
    const [announce, , qualification, candidates] = lifecycle('procurement', transactionId);
    const data = candidates!.data as { candidates: { creditCode: string }[] };
    expect(data.candidates.map((c) => c.creditCode)).toContain(blacklisted.creditCode);
    for (const body of [announce, qualification]) {
      expect((await service.call('POST', eventsPath(transactionId), { token: centre, body })).status).toBe(
        201,
      );
    }
    const refused = await service.call('POST', eventsPath(transactionId), {
      token: centre,
      body: candidates,
    });
    expect(refused.status).toBe(422);
    expect(refused.body).toMatchObject({
      code: 'BLACKLISTED_PARTY',
      details: { creditCode: blacklisted.creditCode },
    });
    const trail = await service.call('GET', eventsPath(transactionId));
    expect((trail.body.events as unknown[]).length).toBe(2);
  });

  it("takes credit records on the subject's own endpoint", async () => {
    const subject = EXAMPLE_PARTIES.runnerUp;
    const entry = event('BlacklistEntered');
    Object.assign(entry.data as Record<string, unknown>, { subject });
    const path = `/v1/credit-subjects/${subject.creditCode}/events`;
    const answer = await service.call('POST', path, {
      token: centre,
      body: entry,
      headers: { 'if-match': '"-1"' },
    });
    expect(answer.status).toBe(201);
    expect(answer.body).toMatchObject({
      creditCode: subject.creditCode,
      streamId: `credit-${subject.creditCode}`,
      revision: 0,
    });
    expect(answer.headers.get('etag')).toBe('"0"');
    const duplicate = await service.call('POST', path, {
      token: centre,
      body: { ...entry, id: event('BlacklistEntered').id },
    });
    expect(duplicate.status).toBe(409);
    expect(duplicate.body.code).toBe('DUPLICATE_DECISION');
    const elsewhere = await service.call(
      'POST',
      `/v1/credit-subjects/${EXAMPLE_PARTIES.winner.creditCode}/events`,
      {
        token: centre,
        body: event('BlacklistEntered'),
      },
    );
    expect(elsewhere.status).toBe(400);
    const stage = await service.call('POST', path, { token: centre, body: event('AnnouncementPublished') });
    expect(stage.status).toBe(422);
  });

  it('refuses a batch that is not a list of events, and items a token may not publish', async () => {
    expect(
      (await service.call('POST', '/v1/events:batch', { token: centre, body: { events: [] } })).status,
    ).toBe(400);
    expect((await service.call('POST', '/v1/events:batch', { token: centre, body: [1, 2] })).status).toBe(
      400,
    );
    const other = await createToken(service, {
      ...NANTONG_CENTRE,
      subject: '天津',
      scope: { ...NANTONG_CENTRE.scope, regions: ['120000'] },
    });
    const answer = await service.call('POST', '/v1/events:batch', {
      token: other,
      body: { events: [event('AnnouncementPublished', 'procurement', 'NTCG2026-TJ')] },
    });
    expect((answer.body.items as Item[])[0]!.status).toBe(403);
    const subscriber = await createToken(service, { role: 'subscriber', subject: 'reader' });
    expect(
      (await service.call('POST', '/v1/events:batch', { token: subscriber, body: { events: [{}] } })).status,
    ).toBe(403);
  });
});
