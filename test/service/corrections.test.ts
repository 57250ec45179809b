import type { DomainEvent } from '@gongkai/domain';
import { ADMIN_TOKEN, startService, type RunningService } from './harness';
import { NANTONG_CENTRE, SUZHOU, SUZHOU_CENTRE, createToken, event, eventsPath } from './fixtures';
import { waitForProjections } from './read-model-support';

const SUPERVISOR = { role: 'supervisor', subject: '南通市住建局', scope: { regions: ['320600'] } } as const;

/** The example's stage with other data (a fresh id, the Nantong centre's organisation as publisher). */
function withData(type: Parameters<typeof event>[0], data: Record<string, unknown>, id: string): DomainEvent {
  const base = event(type, 'engineering', id);
  return { ...base, data: { ...(base.data as object), ...data } } as DomainEvent;
}

function correctionOf(
  type: 'CandidatesCorrected',
  id: string,
  restated: Record<string, unknown>,
): DomainEvent {
  const base = event(type, 'engineering', id);
  const data = base.data as { restated: Record<string, unknown> };
  return { ...base, data: { ...data, restated: { ...data.restated, ...restated } } } as DomainEvent;
}

describe('corrections of every stage over HTTP (更正公告)', () => {
  let service: RunningService;
  let owner: string;
  let foreign: string;
  let supervisor: string;
  const id = '3206022026A000999001';
  const post = (body: unknown, token = owner) => service.call('POST', eventsPath(id), { token, body });

  beforeAll(async () => {
    service = await startService();
    owner = await createToken(service, NANTONG_CENTRE);
    foreign = await createToken(service, SUZHOU_CENTRE);
    supervisor = await createToken(service, SUPERVISOR);
    // A bid period of 17 days (PERIOD_TOO_SHORT), then the qualification result.
    for (const body of [
      withData('AnnouncementPublished', { bidDeadline: '2026-03-20T09:30:00+08:00' }, id),
      event('QualificationResultPublished', 'engineering', id),
    ]) {
      const answer = await post(body);
      expect([answer.status, answer.text]).toEqual([201, answer.text]);
    }
  });
  afterAll(async () => {
    await service.stop();
  });

  it('refuses a correction from another organisation with 403 NOT_OWNER and stores nothing', async () => {
    const before = await service.call('GET', eventsPath(id), { token: ADMIN_TOKEN });
    const stranger = event('QualificationResultCorrected', 'engineering', id);
    const answer = await post(
      { ...stranger, metadata: { ...stranger.metadata, publisher: SUZHOU, regionCode: '320500' } },
      foreign,
    );
    expect(answer.status).toBe(403);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body.code).toBe('NOT_OWNER');
    const after = await service.call('GET', eventsPath(id), { token: ADMIN_TOKEN });
    expect((after.body.events as unknown[]).length).toBe((before.body.events as unknown[]).length);
  });

  it('refuses a correction of a stage that never happened with 422 STAGE_NOT_PUBLISHED', async () => {
    for (const type of ['CandidatesCorrected', 'AwardCorrected', 'ContractCorrected'] as const) {
      const answer = await post(event(type, 'engineering', id));
      expect([type, answer.status, answer.body.code]).toEqual([type, 422, 'STAGE_NOT_PUBLISHED']);
    }
  });

  it('refuses unknown fields in a correction or in its restated stage with 400', async () => {
    const base = event('QualificationResultCorrected', 'engineering', id);
    const data = base.data as { restated: Record<string, unknown> };
    const typo = await post({ ...base, data: { ...data, restated: { ...data.restated, reviewedOn: 'x' } } });
    expect(typo.status).toBe(400);
    expect(JSON.stringify(typo.body)).toContain('/body/data/restated/reviewedOn');
    const extra = await post({ ...base, data: { ...data, curedFindings: [] } });
    expect(extra.status).toBe(400);
    expect(JSON.stringify(extra.body)).toContain('/body/data/curedFindings');
  });

  it('keeps both versions: the as-of view and the versions show which was in force when', async () => {
    const candidates = withData('CandidatesPublicized', { publicityEnd: '2026-03-28T17:00:00+08:00' }, id);
    expect((await post(candidates)).status).toBe(201);
    const corrected = correctionOf('CandidatesCorrected', id, { publicityEnd: '2026-03-30T17:00:00+08:00' });
    const answer = await post(corrected);
    expect([answer.status, answer.text]).toEqual([201, answer.text]);

    const versions = await service.call('GET', `/v1/transactions/${id}/versions`);
    const list = versions.body.versions as Array<{
      revision: number;
      eventType: string;
      publishedAt: string;
    }>;
    expect(list.map((v) => v.eventType)).toEqual([
      'AnnouncementPublished',
      'QualificationResultPublished',
      'CandidatesPublicized',
      'CandidatesCorrected',
    ]);
    // Before the correction was published, the publicity as first published was in force.
    const justBefore = new Date(Date.parse(corrected.metadata.publishedAt) - 1000).toISOString();
    const inForce = await service.call(
      'GET',
      `/v1/transactions/${id}/versions?at=${encodeURIComponent(justBefore)}&by=published`,
    );
    expect(inForce.body.inForce).toBe(2);
    const first = await service.call('GET', `/v1/transactions/${id}/versions/2`);
    const second = await service.call('GET', `/v1/transactions/${id}/versions/3`);
    expect(
      (first.body.stages as Record<string, { publicityEnd: string }>).CandidatesPublicized.publicityEnd,
    ).toBe('2026-03-28T17:00:00+08:00');
    expect(
      (second.body.stages as Record<string, { publicityEnd: string }>).CandidatesPublicized.publicityEnd,
    ).toBe('2026-03-30T17:00:00+08:00');
    const diff = await service.call('GET', `/v1/transactions/${id}/diff?from=2&to=3`);
    expect(diff.body.changes).toContainEqual({
      path: 'stages.CandidatesPublicized.publicityEnd',
      change: 'changed',
      before: '2026-03-28T17:00:00+08:00',
      after: '2026-03-30T17:00:00+08:00',
    });
    // The as-of view by publication time: the state's publicity end before and after.
    const asOf = await service.call(
      'GET',
      `/v1/transactions/${id}?asOf=${encodeURIComponent(justBefore)}&asOfBasis=published`,
    );
    expect((asOf.body.state as { candidates: { publicityEnd: string } }).candidates.publicityEnd).toBe(
      '2026-03-28T17:00:00+08:00',
    );
    const now = await service.call('GET', `/v1/transactions/${id}`);
    expect((now.body.state as { candidates: { publicityEnd: string } }).candidates.publicityEnd).toBe(
      '2026-03-30T17:00:00+08:00',
    );
    expect(now.body.state).not.toHaveProperty('shortPeriods');
  });

  it('a correction extending the bid deadline cures the PERIOD_TOO_SHORT: the findings API shows raised, then cured', async () => {
    const moved = withData('AnnouncementCorrected', { bidDeadline: '2026-03-25T09:30:00+08:00' }, id);
    const answer = await post(moved);
    expect([answer.status, answer.text]).toEqual([201, answer.text]);
    const rule = 'engineering.tender.documents-to-bid-deadline-min-20d';
    type Listed = {
      items: Array<{ code: string; ruleId: string; eventType: string; cure?: { eventId: string } }>;
    };
    // The read model follows the store: wait for it, then (bounded) for the cure to show.
    await waitForProjections(service);
    let cured: Listed['items'][number] | undefined;
    for (let i = 0; i < 600 && !cured?.cure; i++) {
      const page = await service.call('GET', `/v1/findings?rule=${rule}`, { token: supervisor });
      cured = (page.body as unknown as Listed).items.find((f) => f.code === 'PERIOD_TOO_SHORT');
      if (!cured?.cure) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(cured).toMatchObject({ eventType: 'AnnouncementPublished', cure: { eventId: moved.id } });
    const standing = await service.call('GET', `/v1/findings?rule=${rule}&cured=false`, {
      token: supervisor,
    });
    expect((standing.body as unknown as Listed).items).toEqual([]);
    expect((await service.call('GET', '/v1/findings?cured=maybe', { token: supervisor })).status).toBe(400);
    const annual = await service.call('GET', '/v1/reports/annual?year=2026', { token: supervisor });
    expect(annual.body.periodFindings).toMatchObject({ cured: expect.any(Number) });
    expect((annual.body.periodFindings as { cured: number }).cured).toBeGreaterThanOrEqual(1);
  });
});
