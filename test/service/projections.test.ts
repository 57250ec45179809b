import { EXAMPLE_PARTIES } from '@gongkai/domain';
import { ADMIN_TOKEN, startService, type RunningService } from './harness';
import { createToken, event, eventsPath, NANTONG_CENTRE } from './fixtures';
import { waitForProjections } from './read-model-support';

const SUPERVISOR = { role: 'supervisor', subject: '南通市住房和城乡建设局', scope: { regions: ['320600'] } };
const TRANSACTION = '3206022026A000999001';

/** Candidates publicized on 3 April for an evaluation report received on 26 March: later than 3 days. */
function lateCandidates() {
  const late = event('CandidatesPublicized', 'engineering', TRANSACTION);
  Object.assign(late.data as Record<string, unknown>, {
    publicityStart: '2026-04-03T09:00:00+08:00',
    publicityEnd: '2026-04-08T17:00:00+08:00',
  });
  Object.assign(late.metadata, { occurredAt: '2026-04-03T09:00:00+08:00', publishedAt: '2026-04-03T09:00:00+08:00' });
  return late;
}

describe('read models served by the service (projections)', () => {
  let service: RunningService;
  let centre: string;
  let supervisor: string;

  beforeAll(async () => {
    service = await startService();
    centre = await createToken(service, NANTONG_CENTRE);
    supervisor = await createToken(service, SUPERVISOR);
  });
  afterAll(() => service.stop());

  it('reports every projection live, with position and lag, in /v1/projections and /metrics', async () => {
    const reports = await waitForProjections(service);
    expect(reports.map((r) => r.name).sort()).toEqual([
      'credit-registry',
      'disclosure-reports',
      'public-disclosure',
      'red-flags',
      'standalone-disclosures',
      'supervision-findings',
    ]);
    const metrics = await service.call('GET', '/metrics');
    expect(metrics.text).toMatch(/gongkai_projection_lag_events\{projection="supervision-findings"\} 0/);
    expect(metrics.text).toMatch(/gongkai_projection_position\{projection="credit-registry"\} \d+/);
  });

  it('lists a late disclosure as a finding for supervisors, filtered and paged', async () => {
    const announced = await service.call('POST', eventsPath(TRANSACTION), {
      token: centre,
      body: event('AnnouncementPublished', 'engineering', TRANSACTION),
    });
    expect(announced.status).toBe(201);
    const late = await service.call('POST', eventsPath(TRANSACTION), { token: centre, body: lateCandidates() });
    expect(late.status).toBe(201);
    expect(JSON.stringify(late.body)).toContain('LATE_DISCLOSURE');
    await waitForProjections(service);

    const found = await service.call('GET', `/v1/findings?region=320600&code=LATE_DISCLOSURE`, {
      token: supervisor,
    });
    expect(found.status).toBe(200);
    expect(found.body).toMatchObject({ total: 1, totalCapped: false, limit: 50, nextCursor: null });
    expect(found.body.items).toEqual([
      expect.objectContaining({
        code: 'LATE_DISCLOSURE',
        eventType: 'CandidatesPublicized',
        transactionId: TRANSACTION,
        regionCode: '320602',
        ruleId: 'engineering.candidates.publish-within-3d',
      }),
    ]);
    const byRule = await service.call(
      'GET',
      `/v1/findings?rule=engineering.candidates.publish-within-3d&from=2026-04-03&to=2026-04-03`,
      { token: ADMIN_TOKEN },
    );
    expect(byRule.body.total).toBe(1);
    const elsewhere = await service.call('GET', '/v1/findings?region=320500', { token: supervisor });
    expect(elsewhere.status).toBe(403); // outside the supervisor's regions (see supervisor-scope.test.ts)
    const beforeIt = await service.call('GET', '/v1/findings?code=LATE_DISCLOSURE&to=2026-04-02', {
      token: supervisor,
    });
    expect(beforeIt.body.total).toBe(0);
    // Every event of this March sample was recorded months later: each carries a RECORDED_LATE finding (补录).
    const recordedLate = await service.call('GET', '/v1/findings?code=RECORDED_LATE', { token: supervisor });
    expect(recordedLate.body.total).toBeGreaterThan(0);

    expect((await service.call('GET', '/v1/findings')).status).toBe(401);
    expect((await service.call('GET', '/v1/findings', { token: centre })).status).toBe(403);
    const bad = await service.call('GET', '/v1/findings?region=32&limit=0', { token: supervisor });
    expect(bad.status).toBe(400);
    expect(bad.headers.get('content-type')).toContain('application/problem+json');
    const forged = await service.call('GET', '/v1/findings?cursor=bm90LW91cnM', { token: supervisor });
    expect(forged.status).toBe(400);
    expect(forged.body.errors).toEqual([{ field: '/query/cursor', message: 'unknown cursor' }]);
  });

  it('lists the award still missing after its due date as an open item', async () => {
    const later = await service.call('GET', '/v1/findings/open-items?asOf=2027-01-01T00:00:00Z&region=320602', {
      token: supervisor,
    });
    expect(later.status).toBe(200);
    expect(later.body.items).toEqual([
      expect.objectContaining({ transactionId: TRANSACTION, awaiting: 'award', domain: 'engineering' }),
    ]);
    const early = await service.call('GET', '/v1/findings/open-items?asOf=2026-04-09', { token: supervisor });
    expect(early.body.total).toBe(0);
  });

  it('answers the credit registry once a blacklist entry is recorded', async () => {
    const subject = EXAMPLE_PARTIES.runnerUp;
    expect((await service.call('GET', `/v1/credit/${subject.creditCode}`)).status).toBe(404);

    const entry = event('BlacklistEntered');
    Object.assign(entry.data as Record<string, unknown>, { subject });
    const recorded = await service.call('POST', `/v1/credit-subjects/${subject.creditCode}/events`, {
      token: centre,
      body: entry,
    });
    expect(recorded.status).toBe(201);
    await waitForProjections(service);

    const profile = await service.call('GET', `/v1/credit/${subject.creditCode}`);
    expect(profile.status).toBe(200);
    expect(profile.body).toMatchObject({
      creditCode: subject.creditCode,
      name: subject.name,
      blacklisted: true,
      blacklist: [expect.objectContaining({ decisionNumber: '通住建失信〔2026〕第3号', inForce: true })],
    });
    const before = await service.call('GET', `/v1/credit/${subject.creditCode}?at=2026-04-01T00:00:00%2B08:00`);
    expect(before.body.blacklisted).toBe(false);
    expect((await service.call('GET', '/v1/credit/not-a-code')).status).toBe(400);
  });

  it('rebuilds a projection beside the live one and switches, answering the same', async () => {
    const before = await service.call('GET', '/v1/findings', { token: supervisor });
    const generation = (await waitForProjections(service)).find((r) => r.name === 'supervision-findings')!
      .generation;

    expect((await service.call('POST', '/v1/projections/supervision-findings/rebuild', { token: supervisor })).status).toBe(403);
    expect((await service.call('POST', '/v1/projections/nope/rebuild', { token: ADMIN_TOKEN })).status).toBe(404);
    const started = await service.call('POST', '/v1/projections/supervision-findings/rebuild', { token: ADMIN_TOKEN });
    expect(started.status).toBe(202);

    await waitForProjections(service, (reports) =>
      reports.some((r) => r.name === 'supervision-findings' && r.generation > generation),
    );
    const after = await service.call('GET', '/v1/findings', { token: supervisor });
    expect(after.body).toEqual(before.body);
  });
});
