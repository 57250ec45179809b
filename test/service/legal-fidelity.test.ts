import { EXAMPLE_PARTIES } from '@gongkai/domain';
import { startService, type RunningService } from './harness';
import { createToken, event, eventsPath, NANTONG_CENTRE } from './fixtures';

/** Issue 15 through the real service: statute-anchored findings, allowed paths and Order 36 over HTTP. */
describe('legal fidelity over HTTP', () => {
  let service: RunningService;
  let centre: string;

  beforeAll(async () => {
    service = await startService();
    centre = await createToken(service, NANTONG_CENTRE);
  });
  afterAll(() => service.stop());

  const creditPath = (code: string) => `/v1/credit-subjects/${code}/events`;

  it('a licence published 17 days after its decision is stored with LATE_DISCLOSURE citing 国办发〔2015〕51号', async () => {
    const licence = event('LicenceGranted');
    Object.assign(licence.data as Record<string, unknown>, {
      subject: EXAMPLE_PARTIES.winner,
      decidedOn: '2026-04-01',
      validFrom: '2026-04-01',
    });
    Object.assign(licence.metadata, {
      occurredAt: '2026-04-20T10:00:00+08:00',
      publishedAt: '2026-04-24T10:00:00+08:00',
    });
    const response = await service.call('POST', creditPath(EXAMPLE_PARTIES.winner.creditCode), {
      token: centre,
      body: licence,
    });
    expect(response.status).toBe(201);
    expect(JSON.stringify(response.body)).toContain('LATE_DISCLOSURE');
    expect(JSON.stringify(response.body)).toContain('国办发〔2015〕51号');
  });

  it('an ordinary listing on the blacklist is refused as problem+json (only 严重失信 is listed)', async () => {
    const entry = event('BlacklistEntered');
    Object.assign(entry.data as Record<string, unknown>, {
      subject: EXAMPLE_PARTIES.runnerUp,
      severity: 'ordinary',
      displayUntil: '2027-04-15',
    });
    const response = await service.call('POST', creditPath(EXAMPLE_PARTIES.runnerUp.creditCode), {
      token: centre,
      body: entry,
    });
    expect(response.status).toBe(422);
    expect(response.headers.get('content-type')).toContain('application/problem+json');
    expect(JSON.stringify(response.body)).toContain('BLACKLIST_REQUIRES_SERIOUS');
  });

  it('after the first winner declines, the award passes to the next candidate and both stay in the trail', async () => {
    const transaction = '3206022026A000915001';
    for (const type of [
      'AnnouncementPublished',
      'QualificationResultPublished',
      'CandidatesPublicized',
      'AwardPublished',
    ] as const) {
      const accepted = await service.call('POST', eventsPath(transaction), {
        token: centre,
        body: event(type, 'engineering', transaction),
      });
      expect([type, accepted.status]).toEqual([type, 201]);
    }
    const next = event('AwardPublished', 'engineering', transaction);
    Object.assign(next.data as Record<string, unknown>, {
      winBidder: EXAMPLE_PARTIES.runnerUp,
      bidAmount: '2688000.00',
      winnerChosen: '2026-04-02T10:00:00+08:00',
      awardNoticeIssued: '2026-04-02T16:00:00+08:00',
      reassignment: {
        previousWinner: EXAMPLE_PARTIES.winner,
        reason: 'declined',
        explanation: '第一中标候选人放弃中标',
      },
    });
    Object.assign(next.metadata, {
      occurredAt: '2026-04-02T10:00:00+08:00',
      publishedAt: '2026-04-02T17:00:00+08:00',
    });
    const reassigned = await service.call('POST', eventsPath(transaction), { token: centre, body: next });
    expect(reassigned.status).toBe(201);
    const trail = await service.call('GET', `/v1/transactions/${transaction}`, { token: centre });
    expect(trail.status).toBe(200);
    expect(JSON.stringify(trail.body).split('"AwardPublished"').length - 1).toBeGreaterThanOrEqual(2);
  });
});
