import { startService, type RunningService } from './harness';
import { NANTONG_CENTRE, createToken, event, eventsPath, transactionIdOfExample } from './fixtures';

describe('health, metrics and the deadline calendar', () => {
  let service: RunningService;

  beforeAll(async () => {
    service = await startService();
  });
  afterAll(async () => {
    await service.stop();
  });

  it('reports liveness and readiness with the store state', async () => {
    const health = await service.call('GET', '/health');
    expect(health.status).toBe(200);
    expect(health.body).toMatchObject({ status: 'ok', live: true, ready: true, store: { ok: true } });
    // Whatever today is: next year's arrangement is reported, with a warning only from 1 November.
    const outlook = health.body.calendar as { nextYear: number; nextYearOfficial: boolean; warning?: string };
    const beijing = new Date(Date.now() + 8 * 3600_000).toISOString();
    expect(outlook.nextYear).toBe(Number(beijing.slice(0, 4)) + 1);
    expect(outlook.warning !== undefined).toBe(!outlook.nextYearOfficial && beijing.slice(5, 10) >= '11-01');
    const metrics = await service.call('GET', '/metrics');
    expect(metrics.text).toMatch(
      new RegExp(`gongkai_calendar_next_year_missing_warning ${outlook.warning ? 1 : 0}\\b`),
    );
    expect(metrics.text).toMatch(
      new RegExp(`gongkai_calendar_next_year_official ${outlook.nextYearOfficial ? 1 : 0}\\b`),
    );
  });

  it('exposes Prometheus metrics that count appends and requests', async () => {
    const centre = await createToken(service, NANTONG_CENTRE);
    const transactionId = transactionIdOfExample('procurement');
    expect(
      (
        await service.call('POST', eventsPath(transactionId), {
          token: centre,
          body: event('AnnouncementPublished', 'procurement'),
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await service.call('POST', eventsPath(transactionId), {
          token: centre,
          body: event('ContractSigned', 'procurement'),
        })
      ).status,
    ).toBe(409);
    const metrics = await service.call('GET', '/metrics');
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toContain('text/plain');
    expect(metrics.text).toContain('gongkai_events_appended_total{type="AnnouncementPublished"} 1');
    expect(metrics.text).toContain('gongkai_appends_rejected_total{reason="STAGE_OUT_OF_ORDER"} 1');
    expect(metrics.text).toMatch(
      /gongkai_http_requests_total\{method="POST",route="\/v1\/transactions\/:id\/events",status="201"\} 1/,
    );
    expect(metrics.text).toContain('gongkai_process_cpu_seconds_total');
  });

  it('computes statutory due dates in working days and in calendar days', async () => {
    // 2026 National Day holiday: 1-7 October; 5 working days from 30 September end on 13 October (make-up day 10 Oct).
    const working = await service.call('GET', '/v1/calendar/deadline?from=2026-09-30&workingDays=5');
    expect(working.status).toBe(200);
    expect(working.body).toMatchObject({ from: '2026-09-30', unit: 'workingDays', n: 5, due: '2026-10-13' });
    // 3 calendar days from 29 September end on 2 October, a holiday: the period runs to the next working day.
    const days = await service.call('GET', '/v1/calendar/deadline?from=2026-09-29&days=3');
    expect(days.body).toMatchObject({ unit: 'calendarDays', nominalDue: '2026-10-02', extended: true });
    expect(days.body.due).not.toBe('2026-10-02');
    const neither = await service.call('GET', '/v1/calendar/deadline?from=2026-09-29');
    expect(neither.status).toBe(400);
    const uncovered = await service.call('GET', '/v1/calendar/deadline?from=1990-01-01&workingDays=3');
    expect(uncovered.status).toBe(422);
  });

  it('answers a period reaching into 2027 (no official arrangement yet) with 200 and says it is provisional', async () => {
    const answer = await service.call('GET', '/v1/calendar/deadline?from=2026-12-10&workingDays=20');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      due: '2027-01-08',
      provisional: true,
      provisionalYears: [2027],
      provisionalBasis: { source: '全国年节及纪念日放假办法（2024年修订） 第二条、第六条' },
    });
    const official = await service.call('GET', '/v1/calendar/deadline?from=2026-09-30&workingDays=5');
    expect(official.body).toMatchObject({ due: '2026-10-13', provisional: false });
  });
});
