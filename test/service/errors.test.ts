import { startService, ADMIN_TOKEN, type RunningService } from './harness';
import { NANTONG_CENTRE, createToken, event, eventsPath, transactionIdOfExample } from './fixtures';

const PROBLEM = 'application/problem+json; charset=utf-8';

/** Every status of the error map, provoked for real; nothing is stored for any of them. */
describe('the error map (RFC 9457 problem details)', () => {
  let service: RunningService;
  let centre: string;
  const transactionId = transactionIdOfExample('engineering');

  beforeAll(async () => {
    service = await startService({ GONGKAI_BODY_LIMIT_BYTES: '65536' });
    centre = await createToken(service, NANTONG_CENTRE);
    const first = await service.call('POST', eventsPath(transactionId), {
      token: centre,
      body: event('AnnouncementPublished'),
    });
    expect(first.status).toBe(201);
  });
  afterAll(async () => {
    await service.stop();
  });

  /** The store's head may not move through any failing request. */
  async function expectNothingStored(run: () => Promise<void>): Promise<void> {
    const before = await service.service.infrastructure.store.headPosition();
    await run();
    expect(await service.service.infrastructure.store.headPosition()).toBe(before);
  }

  function expectProblem(
    answer: { status: number; headers: Headers; body: Record<string, unknown> },
    status: number,
    type: string,
  ): void {
    expect(answer.status).toBe(status);
    expect(answer.headers.get('content-type')).toBe(PROBLEM);
    expect(answer.body).toMatchObject({
      type: `urn:gongkai:problem:${type}`,
      status,
      title: expect.any(String),
      detail: expect.any(String),
    });
  }

  it('400 for malformed JSON', () =>
    expectNothingStored(async () => {
      const answer = await service.call('POST', eventsPath(transactionId), {
        token: centre,
        rawBody: '{"id": "x",',
      });
      expectProblem(answer, 400, 'malformed-request');
    }));

  it('400 with the failing fields for a schema failure', () =>
    expectNothingStored(async () => {
      const bad = event('QualificationResultPublished');
      const data = bad.data as Record<string, unknown>;
      delete data.tenderProjectName;
      const answer = await service.call('POST', eventsPath(transactionId), {
        token: centre,
        body: { ...bad, metadata: { ...bad.metadata, regionCode: 'nowhere' } },
      });
      expectProblem(answer, 400, 'validation-failed');
      const fields = (answer.body.errors as { field: string }[]).map((e) => e.field);
      expect(fields).toEqual(
        expect.arrayContaining(['/body/metadata/regionCode', '/body/data/tenderProjectName']),
      );

      const reserved = await service.call('POST', eventsPath(transactionId), {
        token: centre,
        body: {
          ...event('AnnouncementCorrected'),
          metadata: { ...event('AnnouncementCorrected').metadata, findings: [] },
        },
      });
      expectProblem(reserved, 400, 'validation-failed');
      expect(reserved.body.errors).toEqual([expect.objectContaining({ field: '/body/metadata/findings' })]);

      // Only `gongkai import` marks history as imported: a publisher claiming it would escape RECORDED_LATE.
      const imported = await service.call('POST', eventsPath(transactionId), {
        token: centre,
        body: {
          ...event('AnnouncementCorrected'),
          metadata: {
            ...event('AnnouncementCorrected').metadata,
            imported: { source: 'national-data-spec', records: ['503:x'] },
          },
        },
      });
      expectProblem(imported, 400, 'validation-failed');
      expect(imported.body.errors).toEqual([
        expect.objectContaining({
          field: '/body/metadata/imported',
          message: 'is set by the service, not by the publisher',
        }),
      ]);

      const envelope = await service.call('POST', eventsPath(transactionId), {
        token: centre,
        body: { id: 'not-a-uuid', type: 'NoSuchEvent', data: {}, metadata: {} },
      });
      expectProblem(envelope, 400, 'validation-failed');
      expect((envelope.body.errors as { field: string }[]).map((e) => e.field)).toEqual(
        expect.arrayContaining(['/body/id', '/body/type']),
      );
    }));

  it('400 when the event names another transaction than the path', () =>
    expectNothingStored(async () => {
      const answer = await service.call('POST', eventsPath('OTHER-0001'), {
        token: centre,
        body: event('AnnouncementCorrected'),
      });
      expectProblem(answer, 400, 'validation-failed');
    }));

  it('401 without a token, with an unknown token, and with a malformed header', () =>
    expectNothingStored(async () => {
      const body = event('AnnouncementCorrected');
      expectProblem(await service.call('POST', eventsPath(transactionId), { body }), 401, 'unauthenticated');
      expectProblem(
        await service.call('POST', eventsPath(transactionId), { body, token: 'gk_nope' }),
        401,
        'unauthenticated',
      );
      const basic = await service.call('POST', eventsPath(transactionId), {
        body,
        headers: { authorization: 'Basic Zm9vOmJhcg==' },
      });
      expectProblem(basic, 401, 'unauthenticated');
      expect(basic.headers.get('www-authenticate')).toContain('Bearer');
    }));

  it('403 for a centre of another region and for a subscriber', () =>
    expectNothingStored(async () => {
      const shenzhen = await createToken(service, {
        ...NANTONG_CENTRE,
        subject: '深圳',
        scope: { ...NANTONG_CENTRE.scope, regions: ['440300'] },
      });
      const subscriber = await createToken(service, { role: 'subscriber', subject: 'feed reader' });
      const body = event('AnnouncementCorrected');
      const other = await service.call('POST', eventsPath(transactionId), { token: shenzhen, body });
      expectProblem(other, 403, 'forbidden');
      expect(other.body.detail).toContain('320602');
      expectProblem(
        await service.call('POST', eventsPath(transactionId), { token: subscriber, body }),
        403,
        'forbidden',
      );
      expectProblem(
        await service.call('POST', '/v1/tokens', { token: centre, body: { role: 'admin', subject: 'x' } }),
        403,
        'forbidden',
      );
    }));

  it('404 for an unknown transaction and an unknown route', async () => {
    expectProblem(await service.call('GET', '/v1/transactions/NO-SUCH-TXN'), 404, 'not-found');
    expectProblem(await service.call('GET', '/v1/transactions/NO-SUCH-TXN/events'), 404, 'not-found');
    expectProblem(await service.call('GET', '/v1/transactions/NO-SUCH-TXN/verify'), 404, 'not-found');
    expectProblem(await service.call('GET', '/v2/nothing'), 404, 'not-found');
  });

  it('412 with the actual revision when If-Match is stale', () =>
    expectNothingStored(async () => {
      const answer = await service.call('POST', eventsPath(transactionId), {
        token: centre,
        body: event('AnnouncementCorrected'),
        headers: { 'if-match': '"5"' },
      });
      expectProblem(answer, 412, 'revision-mismatch');
      expect(answer.body).toMatchObject({ expectedRevision: 5, actualRevision: 0 });
      const garbage = await service.call('POST', eventsPath(transactionId), {
        token: centre,
        body: event('AnnouncementCorrected'),
        headers: { 'if-match': 'yesterday' },
      });
      expectProblem(garbage, 400, 'validation-failed');
    }));

  it('409 with the rule code for an event out of stage order', () =>
    expectNothingStored(async () => {
      const answer = await service.call('POST', eventsPath(transactionId), {
        token: centre,
        body: event('ContractSigned'),
      });
      expectProblem(answer, 409, 'rule-conflict');
      expect(answer.body).toMatchObject({ code: 'STAGE_OUT_OF_ORDER', detailZh: expect.any(String) });
    }));

  it('422 with the rule code for an event that breaks a rule by itself', () =>
    expectNothingStored(async () => {
      const late = event('AnnouncementCorrected');
      // Published before the fact was formed: a date contradiction, never acceptable.
      late.metadata = {
        ...late.metadata,
        occurredAt: '2026-03-10T09:00:00+08:00',
        publishedAt: '2026-03-05T09:00:00+08:00',
      };
      const answer = await service.call('POST', eventsPath(transactionId), { token: centre, body: late });
      expectProblem(answer, 422, 'rule-violation');
      expect(answer.body.code).toBe('DATE_CONTRADICTION');
    }));

  it('413 for a body over the limit', () =>
    expectNothingStored(async () => {
      const huge = event('AnnouncementCorrected');
      (huge.data as Record<string, unknown>).content = '公'.repeat(40_000);
      const answer = await service.call('POST', eventsPath(transactionId), { token: centre, body: huge });
      expectProblem(answer, 413, 'body-too-large');
    }));

  it('415 for a body that is not JSON', () =>
    expectNothingStored(async () => {
      const answer = await service.call('POST', eventsPath(transactionId), {
        token: centre,
        rawBody: '<event id="1"/>',
        headers: { 'content-type': 'application/xml' },
      });
      expectProblem(answer, 415, 'unsupported-media-type');
    }));

  it('answers no 5xx to hostile or odd input', async () => {
    const bodies: unknown[] = [
      null,
      [],
      42,
      'text',
      { id: null },
      { ...event('AnnouncementCorrected'), data: [] },
      { ...event('AnnouncementCorrected'), metadata: null },
      { ...event('AnnouncementCorrected'), data: { domain: 'engineering', __proto__: { x: 1 } } },
      { ...event('AnnouncementCorrected'), schemaVersion: 99 },
    ];
    for (const body of bodies) {
      const answer = await service.call('POST', eventsPath(transactionId), { token: centre, body });
      expect(answer.status).toBeGreaterThanOrEqual(400);
      expect(answer.status).toBeLessThan(500);
    }
    const paths = [
      '/v1/transactions/%00',
      '/v1/transactions/' + 'x'.repeat(5000),
      '/v1/transactions/a%2Fb/events',
      '/v1/transactions?limit=-1',
      '/v1/transactions?cursor=garbage',
      '/v1/transactions?from=2026-13-45',
      '/v1/calendar/deadline?from=1900-01-01&days=3',
      '/v1/calendar/deadline?from=2026-02-30&days=3',
      '/v1/calendar/deadline?from=2026-01-01&days=3&workingDays=2',
      '/v1/integrity/proof?position=1e309',
    ];
    for (const path of paths) {
      const answer = await service.call('GET', path);
      expect([path, answer.status < 500]).toEqual([path, true]);
    }
    const batch = await service.call('POST', '/v1/events:batch', {
      token: centre,
      body: { events: [null, 1, {}] },
    });
    expect(batch.status).toBe(200);
    expect((batch.body.items as { status: number }[]).map((i) => i.status)).toEqual([400, 400, 400]);
    expect((await service.call('DELETE', '/v1/tokens/nope', { token: ADMIN_TOKEN })).status).toBe(404);
  });

  it('429 once a caller passes its rate limit', async () => {
    const limited = await startService({ GONGKAI_RATE_LIMIT_PER_MINUTE: '3' });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await limited.call('GET', '/health')).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const answer = await limited.call('GET', '/health');
      expectProblem(answer, 429, 'rate-limited');
      expect(Number(answer.headers.get('retry-after'))).toBeGreaterThan(0);
    } finally {
      await limited.stop();
    }
  });
});
