import { startService, type RunningService } from './harness';
import { NANTONG_CENTRE, createToken, event, eventsPath, transactionIdOfExample } from './fixtures';

describe('idempotent retries and concurrent writers', () => {
  let service: RunningService;
  let centre: string;
  const transactionId = transactionIdOfExample('engineering');

  beforeAll(async () => {
    service = await startService();
    centre = await createToken(service, NANTONG_CENTRE);
  });
  afterAll(async () => {
    await service.stop();
  });

  it('answers a retried event id with the original result and stores it once', async () => {
    const announcement = event('AnnouncementPublished');
    const first = await service.call('POST', eventsPath(transactionId), {
      token: centre,
      body: announcement,
    });
    expect(first.status).toBe(201);
    // The retry carries the If-Match the client sent the first time: it still gets the original answer.
    const retry = await service.call('POST', eventsPath(transactionId), {
      token: centre,
      body: announcement,
      headers: { 'if-match': '"-1"' },
    });
    expect(retry.status).toBe(201);
    const { replayed: _a, ...original } = first.body;
    const { replayed, ...again } = retry.body;
    expect(replayed).toBe(true);
    expect(again).toEqual(original);
    expect(retry.headers.get('etag')).toBe('"0"');
    const trail = await service.call('GET', eventsPath(transactionId));
    expect((trail.body.events as unknown[]).length).toBe(1);
  });

  it('refuses the same event id with other content (409) and stores nothing', async () => {
    const correction = event('AnnouncementCorrected');
    expect(
      (await service.call('POST', eventsPath(transactionId), { token: centre, body: correction })).status,
    ).toBe(201);
    const altered = { ...correction, metadata: { ...correction.metadata, sourceSystem: '另一个系统' } };
    const answer = await service.call('POST', eventsPath(transactionId), { token: centre, body: altered });
    expect(answer.status).toBe(409);
    expect(answer.body.type).toBe('urn:gongkai:problem:idempotency-conflict');
    const trail = await service.call('GET', eventsPath(transactionId));
    expect((trail.body.events as unknown[]).length).toBe(2);
  });

  it('lets exactly one of several concurrent appends at the same If-Match win', async () => {
    const head = await service.call('GET', `/v1/transactions/${transactionId}`);
    const revision = head.body.revision as number;
    const contenders = Array.from({ length: 8 }, () => event('AnnouncementCorrected'));
    const answers = await Promise.all(
      contenders.map((body) =>
        service.call('POST', eventsPath(transactionId), {
          token: centre,
          body,
          headers: { 'if-match': `"${revision}"` },
        }),
      ),
    );
    const statuses = answers.map((a) => a.status).sort();
    expect(statuses).toEqual([201, 412, 412, 412, 412, 412, 412, 412]);
    for (const loser of answers.filter((a) => a.status === 412)) {
      expect(loser.body.actualRevision).toBe(revision + 1);
    }
    const after = await service.call('GET', `/v1/transactions/${transactionId}`);
    expect(after.body.revision).toBe(revision + 1);
    expect((await service.call('GET', `/v1/transactions/${transactionId}/verify`)).body.ok).toBe(true);
  });

  it('without If-Match, concurrent appends are re-decided and all land, in some order', async () => {
    const head = await service.call('GET', `/v1/transactions/${transactionId}`);
    const revision = head.body.revision as number;
    const writers = Array.from({ length: 5 }, () => event('AnnouncementCorrected'));
    const answers = await Promise.all(
      writers.map((body) => service.call('POST', eventsPath(transactionId), { token: centre, body })),
    );
    expect(answers.map((a) => a.status)).toEqual([201, 201, 201, 201, 201]);
    expect(answers.map((a) => a.body.revision).sort()).toEqual([1, 2, 3, 4, 5].map((i) => revision + i));
  });

  it('does not let two concurrent different awards both succeed', async () => {
    const procurementId = 'NTCG2026-RACE';
    for (const type of [
      'AnnouncementPublished',
      'QualificationResultPublished',
      'CandidatesPublicized',
    ] as const) {
      const answer = await service.call('POST', eventsPath(procurementId), {
        token: centre,
        body: event(type, 'procurement', procurementId),
      });
      expect(answer.status).toBe(201);
    }
    const awards = [
      event('AwardPublished', 'procurement', procurementId),
      event('AwardPublished', 'procurement', procurementId),
    ];
    const answers = await Promise.all(
      awards.map((body) => service.call('POST', eventsPath(procurementId), { token: centre, body })),
    );
    expect(answers.map((a) => a.status).sort()).toEqual([201, 409]);
    expect(answers.find((a) => a.status === 409)!.body.code).toBe('AWARD_ALREADY_PUBLISHED');
  });
});
