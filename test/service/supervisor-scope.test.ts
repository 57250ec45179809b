import { ADMIN_TOKEN, startService, type RunningService } from './harness';
import { createToken, event, eventsPath, PUBLISHER } from './fixtures';
import { waitForProjections } from './read-model-support';

/** One publisher allowed all of Jiangsu, so it can publish in Nantong (3206) and in Suzhou (3205). */
const JIANGSU_CENTRE = {
  role: 'centre',
  subject: '江苏省公共资源交易中心',
  scope: {
    creditCode: PUBLISHER,
    regions: ['320000'],
    domains: ['engineering'],
    roles: ['implementer', 'producer', 'approver'],
  },
};
const supervisorOf = (...regions: string[]) => ({
  role: 'supervisor',
  subject: `监督 ${regions.join(',')}`,
  scope: { regions },
});

const NANTONG_TXN = '3206022026A000777001';
const SUZHOU_TXN = '3205062026A000777002';

/** Announcement, then candidates publicized 8 days after the report: a LATE_DISCLOSURE finding and an open award. */
function lateTrail(transactionId: string, regionCode: string) {
  const announced = event('AnnouncementPublished', 'engineering', transactionId);
  const late = event('CandidatesPublicized', 'engineering', transactionId);
  Object.assign(late.data as Record<string, unknown>, {
    publicityStart: '2026-04-03T09:00:00+08:00',
    publicityEnd: '2026-04-08T17:00:00+08:00',
  });
  Object.assign(late.metadata, {
    occurredAt: '2026-04-03T09:00:00+08:00',
    publishedAt: '2026-04-03T09:00:00+08:00',
  });
  for (const e of [announced, late]) Object.assign(e.metadata, { regionCode });
  return [announced, late];
}

function regionsOf(body: Record<string, unknown>): string[] {
  return (body.items as Array<{ regionCode: string }>).map((item) => item.regionCode).sort();
}

describe('a supervisor reads supervision data of its own regions only', () => {
  let service: RunningService;
  let nantong: string;
  let both: string;

  beforeAll(async () => {
    service = await startService();
    const centre = await createToken(service, JIANGSU_CENTRE);
    nantong = await createToken(service, supervisorOf('320600'));
    both = await createToken(service, supervisorOf('320600', '320506'));
    for (const [transactionId, region] of [
      [NANTONG_TXN, '320602'],
      [SUZHOU_TXN, '320506'],
    ] as const) {
      for (const body of lateTrail(transactionId, region)) {
        const answer = await service.call('POST', eventsPath(transactionId), { token: centre, body });
        if (answer.status !== 201) throw new Error(`append failed: ${answer.status} ${answer.text}`);
      }
    }
    await waitForProjections(service);
  });
  afterAll(() => service.stop());

  it('answers findings of every region to an admin', async () => {
    const all = await service.call('GET', '/v1/findings?code=LATE_DISCLOSURE', { token: ADMIN_TOKEN });
    expect(all.status).toBe(200);
    expect(regionsOf(all.body)).toEqual(['320506', '320602']);
  });

  it('limits findings to the supervisor regions when no region is asked for, nested codes included', async () => {
    const own = await service.call('GET', '/v1/findings?code=LATE_DISCLOSURE', { token: nantong });
    expect(own.status).toBe(200);
    expect(own.body.total).toBe(1);
    expect(regionsOf(own.body)).toEqual(['320602']);

    const several = await service.call('GET', '/v1/findings?code=LATE_DISCLOSURE', { token: both });
    expect(regionsOf(several.body)).toEqual(['320506', '320602']);
    expect(several.body.total).toBe(2);
  });

  it('accepts a region filter inside the scope and refuses one outside it with a 403 problem', async () => {
    const district = await service.call('GET', '/v1/findings?region=320602&code=LATE_DISCLOSURE', { token: nantong });
    expect(district.status).toBe(200);
    expect(regionsOf(district.body)).toEqual(['320602']);

    for (const region of ['320500', '320506', '320000']) {
      const refused = await service.call('GET', `/v1/findings?region=${region}`, { token: nantong });
      expect(refused.status).toBe(403);
      expect(refused.headers.get('content-type')).toContain('application/problem+json');
      expect(refused.body).toMatchObject({ status: 403, region, allowedRegions: ['320600'] });
    }
    const suzhou = await service.call('GET', '/v1/findings?region=320506&code=LATE_DISCLOSURE', { token: both });
    expect(regionsOf(suzhou.body)).toEqual(['320506']);
  });

  it('scopes open items the same way', async () => {
    const asOf = 'asOf=2027-01-01T00:00:00Z';
    const all = await service.call('GET', `/v1/findings/open-items?${asOf}`, { token: ADMIN_TOKEN });
    expect(regionsOf(all.body)).toEqual(['320506', '320602']);

    const own = await service.call('GET', `/v1/findings/open-items?${asOf}`, { token: nantong });
    expect(own.status).toBe(200);
    expect(own.body.items).toEqual([
      expect.objectContaining({ transactionId: NANTONG_TXN, regionCode: '320602' }),
    ]);
    expect(own.body.total).toBe(1);

    const refused = await service.call('GET', `/v1/findings/open-items?${asOf}&region=320500`, {
      token: nantong,
    });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('content-type')).toContain('application/problem+json');
  });

  it('gives the full transaction view only inside the supervisor regions', async () => {
    const own = await service.call('GET', `/v1/transactions/${NANTONG_TXN}`, { token: nantong });
    expect(own.body.view).toBe('full');
    const other = await service.call('GET', `/v1/transactions/${SUZHOU_TXN}`, { token: nantong });
    expect(other.status).toBe(200);
    expect(other.body.view).toBe('public');
  });
});
