import { EXAMPLE_PARTIES } from '@gongkai/domain';
import { startService, type RunningService } from './harness';
import { NANTONG_CENTRE, createToken, event } from './fixtures';
import { waitForProjections } from './read-model-support';

/** GET /v1/credit: the credit subjects a supervisor oversees, paged, within its regions only. */
describe('the credit subject list', () => {
  let service: RunningService;
  let nantong: string;
  let suzhou: string;
  const subject = EXAMPLE_PARTIES.third;

  beforeAll(async () => {
    service = await startService();
    const centre = await createToken(service, NANTONG_CENTRE);
    nantong = await createToken(service, {
      role: 'supervisor',
      subject: '南通',
      scope: { regions: ['320600'] },
    });
    suzhou = await createToken(service, {
      role: 'supervisor',
      subject: '苏州',
      scope: { regions: ['320500'] },
    });
    const answer = await service.call('POST', `/v1/credit-subjects/${subject.creditCode}/events`, {
      token: centre,
      body: event('PenaltyImposed'),
    });
    expect([answer.status, answer.text]).toEqual([201, answer.text]);
    await waitForProjections(service);
  });
  afterAll(async () => {
    await service.stop();
  });

  it("lists a subject with a record in the supervisor's regions, and not to a supervisor elsewhere", async () => {
    const mine = await service.call('GET', '/v1/credit', { token: nantong });
    expect(mine.status).toBe(200);
    expect(mine.body).toMatchObject({
      items: [{ creditCode: subject.creditCode, name: subject.name, penalties: 1 }],
      nextCursor: null,
      limit: 50,
    });
    const theirs = await service.call('GET', '/v1/credit', { token: suzhou });
    expect(theirs.body.items).toEqual([]);
  });

  it('refuses a region outside the scope (403), anonymous callers (401) and a bad cursor (400)', async () => {
    expect((await service.call('GET', '/v1/credit?region=320500', { token: nantong })).status).toBe(403);
    expect((await service.call('GET', '/v1/credit')).status).toBe(401);
    expect((await service.call('GET', '/v1/credit?cursor=x', { token: nantong })).status).toBe(400);
    expect((await service.call('GET', '/v1/credit?limit=0', { token: nantong })).status).toBe(400);
  });
});
