import type { DomainEvent } from '@gongkai/domain';
import { ADMIN_TOKEN, startService, type RunningService } from './harness';
import { NANTONG_CENTRE, createToken, event, eventsPath } from './fixtures';
import { waitForProjections } from './read-model-support';

/**
 * 2027 has no official arrangement (chinese-days 1.5.7 stops at 2026): answers reaching into it are
 * provisional. Loading a made-up arrangement changes the answers in every process and re-evaluates the
 * findings computed on the provisional days.
 */

const T1 = '3206022026A000127001';
const T2 = '3206022026A000127002';

/** Candidates publicised on `publishedAt` for an evaluation report received Wed 2026-12-30 (3 days to publish). */
function engineeringUpTo(transactionId: string, publishedAt: string): DomainEvent[] {
  const candidates = event('CandidatesPublicized', 'engineering', transactionId);
  const data = candidates.data as Record<string, unknown>;
  Object.assign(data, {
    evaluationReportReceived: '2026-12-30T10:00:00+08:00',
    publicityStart: `${publishedAt}T09:00:00+08:00`,
    publicityEnd: '2027-01-20T17:00:00+08:00',
  });
  return [
    event('AnnouncementPublished', 'engineering', transactionId),
    event('QualificationResultPublished', 'engineering', transactionId),
    {
      ...candidates,
      metadata: {
        ...candidates.metadata,
        occurredAt: '2026-12-30T10:00:00+08:00',
        publishedAt: `${publishedAt}T09:00:00+08:00`,
      },
    } as DomainEvent,
  ];
}

/** A made-up 2027 arrangement: 元旦 alone, with Sat 01-02 a working day (the provisional calendar rests then). */
const MADE_UP_2027 = {
  source: '国办发明电〔2026〕99号（测试用，虚构）',
  holidays: [
    '2027-01-01',
    '2027-02-05',
    '2027-02-08',
    '2027-02-09',
    '2027-02-10',
    '2027-04-05',
    '2027-05-03',
    '2027-05-04',
    '2027-06-09',
    '2027-09-15',
    '2027-10-01',
    '2027-10-04',
    '2027-10-05',
  ],
  workdays: ['2027-01-02'],
};

async function eventually<T>(
  read: () => Promise<T>,
  accept: (value: T) => boolean,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (accept(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The events of this test are published in the provisional year 2027, ahead of the service's clock: the
 * check of claimed publication against recording time (test/service/honest-time.test.ts) is widened here.
 */
const PUBLISHED_AHEAD = { GONGKAI_PUBLISHED_AHEAD_TOLERANCE_SECONDS: String(5 * 365 * 86_400) };

describe('the calendar past the published years', () => {
  let service: RunningService;
  let replica: RunningService;
  let centre: string;

  beforeAll(async () => {
    service = await startService(PUBLISHED_AHEAD);
    // A second process on the same store (an API replica): it must follow loads without a restart.
    replica = await startService({ ...PUBLISHED_AHEAD, GONGKAI_ROLE: 'api' }, service.dataDir);
    centre = await createToken(service, NANTONG_CENTRE);
  });
  afterAll(async () => {
    await replica.stop({ keepData: true });
    await service.stop();
  });

  it('records findings on provisional days, marked provisional with the rule cited', async () => {
    for (const [transactionId, publishedAt] of [
      [T1, '2027-01-08'],
      [T2, '2027-01-04'],
    ] as const) {
      for (const body of engineeringUpTo(transactionId, publishedAt)) {
        const answer = await service.call('POST', eventsPath(transactionId), { token: centre, body });
        expect(answer.status).toBe(201);
        if (body.type === 'CandidatesPublicized' && transactionId === T1) {
          // 3 days from 12-30: nominal Sat 01-02, a rest day, so Mon 01-04; published 01-08.
          expect(answer.body.findings).toEqual([
            expect.objectContaining({
              ruleId: 'engineering.candidates.publish-within-3d',
              due: '2027-01-04',
              provisional: true,
              provisionalYears: [2027],
            }),
          ]);
        }
        if (body.type === 'CandidatesPublicized' && transactionId === T2)
          expect(answer.body.findings).toEqual([]);
      }
    }
    const years = await replica.call('GET', '/v1/calendar/years');
    expect(years.status).toBe(200);
    expect((years.body.items as Array<{ year: number }>).find((y) => y.year === 2027)).toMatchObject({
      provisional: true,
      origin: 'statute',
      source: '全国年节及纪念日放假办法（2024年修订） 第二条、第六条',
    });
  });

  it('refuses an arrangement that does not fit its year, naming each problem, and stores nothing', async () => {
    const publisher = await service.call('PUT', '/v1/calendar/years/2027', {
      token: centre,
      body: MADE_UP_2027,
    });
    expect(publisher.status).toBe(403);
    const anonymous = await service.call('PUT', '/v1/calendar/years/2027', { body: MADE_UP_2027 });
    expect(anonymous.status).toBe(401);
    const bad = await service.call('PUT', '/v1/calendar/years/2027', {
      token: ADMIN_TOKEN,
      body: {
        source: 'x',
        holidays: ['2027-01-01', '2026-12-31', '2027-02-30', '2027-01-04'],
        workdays: ['2027-01-05', '2027-01-04'],
      },
    });
    expect(bad.status).toBe(400);
    const messages = (bad.body.errors as Array<{ field: string; message: string }>).map(
      (e) => `${e.field}: ${e.message}`,
    );
    expect(messages).toEqual(
      expect.arrayContaining([
        '/body/holidays/1: 2026-12-31 is not in 2027',
        '/body/holidays/2: "2027-02-30" is not a date YYYY-MM-DD',
        expect.stringContaining('/body/workdays/0: 2027-01-05 is a weekday'),
        '/body/workdays/1: 2027-01-04 is listed both as a holiday and as a workday',
        expect.stringContaining('2027-02-05 (春节) is a statutory holiday'),
      ]),
    );
    const outside = await service.call('PUT', '/v1/calendar/years/2100', {
      token: ADMIN_TOKEN,
      body: MADE_UP_2027,
    });
    expect(outside.status).toBe(400);
    const years = await service.call('GET', '/v1/calendar/years');
    expect((years.body.items as Array<{ year: number; provisional: boolean }>).at(-1)).toMatchObject({
      year: 2027,
      provisional: true,
    });
  });

  it('loads the arrangement: answers change at once here and in the replica; findings are re-evaluated', async () => {
    const before = await replica.call('GET', '/v1/calendar/deadline?from=2026-12-29&days=3');
    expect(before.body).toMatchObject({ due: '2027-01-04', provisional: true });

    const loaded = await service.call('PUT', '/v1/calendar/years/2027', {
      token: ADMIN_TOKEN,
      body: MADE_UP_2027,
    });
    expect(loaded.status).toBe(200);
    expect(loaded.body).toMatchObject({
      year: 2027,
      replaced: 'provisional',
      coverage: { provisional: false, origin: 'loaded', source: MADE_UP_2027.source },
      load: { loadedBy: { subject: expect.any(String), via: 'api' } },
      // T1's finding stays a finding with an earlier due date; T2, on time provisionally, is now late.
      reevaluation: {
        year: 2027,
        reevaluated: 2,
        recorded: 2,
        changes: { changed: 1, raised: 1, withdrawn: 0 },
      },
    });

    const here = await service.call('GET', '/v1/calendar/deadline?from=2026-12-29&days=3');
    expect(here.body).toMatchObject({ due: '2027-01-02', provisional: false });
    const there = await eventually(
      () => replica.call('GET', '/v1/calendar/deadline?from=2026-12-29&days=3'),
      (answer) => answer.body.due === '2027-01-02',
    );
    expect(there.body).toMatchObject({ due: '2027-01-02', provisional: false });
    const years = await replica.call('GET', '/v1/calendar/years');
    expect((years.body.items as Array<{ year: number }>).find((y) => y.year === 2027)).toMatchObject({
      provisional: false,
      origin: 'loaded',
      source: MADE_UP_2027.source,
      loadedBy: { via: 'api' },
    });

    // New events are decided on the loaded year: no longer provisional.
    const later = event('AnnouncementPublished', 'engineering', '3206022026A000127003');
    const late = await service.call('POST', eventsPath('3206022026A000127003'), {
      token: centre,
      body: later,
    });
    expect(late.status).toBe(201);

    await waitForProjections(service);
    const findings = await service.call('GET', '/v1/findings?rule=engineering.candidates.publish-within-3d', {
      token: ADMIN_TOKEN,
    });
    const items = findings.body.items as Array<Record<string, unknown>>;
    const t1 = items.filter((f) => f.transactionId === T1);
    const t2 = items.filter((f) => f.transactionId === T2);
    // Provisional, then re-evaluated: the old record is kept as it was, its fate beside it.
    expect(t1).toEqual([
      expect.objectContaining({
        due: '2027-01-04',
        provisional: true,
        reevaluation: expect.objectContaining({
          change: 'changed',
          due: '2027-01-02',
          source: MADE_UP_2027.source,
        }),
      }),
    ]);
    expect(t2).toEqual([
      expect.objectContaining({
        due: '2027-01-02',
        code: 'LATE_DISCLOSURE',
        reevaluation: expect.objectContaining({ change: 'raised', source: MADE_UP_2027.source }),
      }),
    ]);
    expect(t2[0]).not.toHaveProperty('provisional');
  });

  it('takes a correction as another load; disclosures already re-evaluated are not re-evaluated again', async () => {
    const corrected = await service.call('PUT', '/v1/calendar/years/2027', {
      token: ADMIN_TOKEN,
      body: { ...MADE_UP_2027, source: `${MADE_UP_2027.source}（更正）`, workdays: [] },
    });
    expect(corrected.status).toBe(200);
    expect(corrected.body).toMatchObject({
      replaced: 'loaded',
      reevaluation: { year: 2027, reevaluated: 0, recorded: 0 },
    });
    const answer = await service.call('GET', '/v1/calendar/deadline?from=2026-12-29&days=3');
    expect(answer.body).toMatchObject({ due: '2027-01-04', provisional: false });
  });
});
