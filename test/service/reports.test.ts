import { connectToService } from '../../apps/cli/src/demo/demo-service';
import { DEMO_SCENARIO } from '../../apps/cli/src/demo/demo-scenario';
import { runDemo } from '../../apps/cli/src/demo/run-demo';
import { ADMIN_TOKEN, startService, type RunningService } from './harness';
import { createToken } from './fixtures';
import { waitForProjections } from './read-model-support';

const TIANJIN = '1201162026E000058001';
const supervisorOf = (...regions: string[]) => ({
  role: 'supervisor',
  subject: `监督 ${regions}`,
  scope: { regions },
});

/** The report APIs over the demo's data, on a real HTTP server with a real SQLite store. */
describe('supervisors’ reports and transaction versions', () => {
  let service: RunningService;
  let tianjin: string;
  let jiangsu: string;

  beforeAll(async () => {
    service = await startService();
    const run = await runDemo(connectToService(service.url, ADMIN_TOKEN), DEMO_SCENARIO);
    expect(run.outcomes.every((o) => o.asExpected)).toBe(true);
    tianjin = await createToken(service, supervisorOf('120000'));
    jiangsu = await createToken(service, supervisorOf('320000'));
    await waitForProjections(service);
  });
  afterAll(() => service.stop());

  it('timeliness: the late candidates publicity in Tianjin, only within the token’s regions', async () => {
    const answer = await service.call('GET', '/v1/reports/timeliness?groupBy=region', { token: tianjin });
    expect(answer.status).toBe(200);
    expect(answer.body.rows).toEqual([{ key: '120116', published: 6, onTime: 5, late: 1, missing: 0 }]);
    const jiangsuRows = (
      await service.call('GET', '/v1/reports/timeliness?groupBy=publisher', { token: jiangsu })
    ).body.rows as Array<{ key: string; late: number }>;
    expect(jiangsuRows.length).toBeGreaterThanOrEqual(2);
    expect(jiangsuRows.every((r) => r.late === 0)).toBe(true);

    expect((await service.call('GET', '/v1/reports/timeliness')).status).toBe(401);
    const outside = await service.call('GET', '/v1/reports/timeliness?region=320500', { token: tianjin });
    expect(outside.status).toBe(403);
    expect(outside.headers.get('content-type')).toContain('application/problem+json');
    const bad = await service.call('GET', '/v1/reports/timeliness?groupBy=colour', { token: tianjin });
    expect(bad.status).toBe(400);
  });

  it('completeness against the catalogue: every lifecycle item of the demo was published', async () => {
    const answer = await service.call('GET', '/v1/reports/completeness', { token: jiangsu });
    expect(answer.status).toBe(200);
    const body = answer.body as unknown as {
      totals: { due: number; missing: number; coverage: number };
      catalogues: Array<{ catalogueId: string }>;
      transactions: {
        nextCursor: string | null;
        items: Array<{ transactionId: string; items: Array<{ status: string }> }>;
      };
    };
    // Nantong, Suzhou procurement and the Suzhou engineering transaction.
    expect(body.transactions.items).toHaveLength(3);
    expect(body.transactions.nextCursor).toBeNull();
    const paged = (await service.call('GET', '/v1/reports/completeness?limit=2', { token: jiangsu }))
      .body as typeof body;
    expect(paged.transactions.items).toHaveLength(2);
    const rest = (
      await service.call('GET', `/v1/reports/completeness?limit=2&cursor=${paged.transactions.nextCursor}`, {
        token: jiangsu,
      })
    ).body as typeof body;
    expect([...paged.transactions.items, ...rest.transactions.items].map((t) => t.transactionId)).toEqual(
      body.transactions.items.map((t) => t.transactionId),
    );
    // The city catalogues answer for their items; the national one for the stages a city does not list.
    expect(body.catalogues.map((c) => c.catalogueId).sort()).toEqual(['nantong', 'national', 'suzhou']);
    expect(body.totals.missing).toBe(0);
    expect(body.totals.coverage).toBe(1);
    const tianjinReport = (
      await service.call('GET', `/v1/reports/completeness?transactionId=${TIANJIN}`, { token: tianjin })
    ).body as typeof body;
    const statuses = tianjinReport.transactions.items[0]!.items.map((i) => i.status);
    expect(statuses).toContain('late');
  });

  it('annual report figures for a year and region, with the template cells they fill', async () => {
    const answer = await service.call('GET', '/v1/reports/annual?year=2026&region=120000', {
      token: tianjin,
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({
      year: 2026,
      region: '120000',
      timeliness: { published: 6, onTime: 5, late: 1 },
      proactive: { total: 6 },
    });
    const template = answer.body.template as Array<{ table: string; row: string; value: number }>;
    expect(template.find((c) => c.row === '其中逾期公开')?.value).toBe(1);
    // Table 二 of the 2021 format has a row for licences beside penalties: both are filled, by decision year.
    expect(template.filter((c) => c.table === '二、主动公开政府信息情况').map((c) => c.row)).toEqual([
      '行政许可',
      '行政处罚',
    ]);
    expect(template.find((c) => c.row === '行政许可')?.value).toBe(answer.body.licences);
    expect((await service.call('GET', '/v1/reports/annual', { token: tianjin })).status).toBe(400);
  });

  it('versions, the version in force at an instant, and a field-by-field diff', async () => {
    const versions = await service.call('GET', `/v1/transactions/${TIANJIN}/versions`);
    expect(versions.status).toBe(200);
    const list = versions.body.versions as Array<{
      revision: number;
      eventType: string;
      publishedAt: string;
      findings: string[];
    }>;
    expect(list.map((v) => v.eventType)).toEqual([
      'AnnouncementPublished',
      'QualificationResultPublished',
      'CandidatesPublicized',
      'AwardPublished',
      'ContractSigned',
      'ContractChanged',
    ]);
    expect(list[2]!.findings.length).toBeGreaterThan(0);

    const award = list[3]!;
    const inForce = await service.call(
      'GET',
      `/v1/transactions/${TIANJIN}/versions?at=${encodeURIComponent(award.publishedAt)}&by=published`,
    );
    expect(inForce.body.inForce).toBe(3);

    const diff = await service.call('GET', `/v1/transactions/${TIANJIN}/diff?from=4&to=5`);
    expect(diff.status).toBe(200);
    const changes = diff.body.changes as Array<{
      path: string;
      change: string;
      before?: unknown;
      after?: unknown;
    }>;
    expect(changes).toContainEqual({
      path: 'state.contract.amount',
      change: 'changed',
      before: '48650000.00',
      after: '49910000.00',
    });
    expect(changes.some((c) => c.path.startsWith('stages.ContractChanged.') && c.change === 'added')).toBe(
      true,
    );

    const document = await service.call('GET', `/v1/transactions/${TIANJIN}/versions/2`, { token: tianjin });
    expect(document.body).toMatchObject({ view: 'full', revision: 2, state: { history: expect.any(Array) } });
    expect(Object.keys(document.body.stages as object)).toEqual([
      'AnnouncementPublished',
      'QualificationResultPublished',
      'CandidatesPublicized',
    ]);
    expect((await service.call('GET', `/v1/transactions/${TIANJIN}/versions/9`)).status).toBe(404);
    expect((await service.call('GET', `/v1/transactions/${TIANJIN}/diff?from=3&to=1`)).status).toBe(400);
  });

  it('red flags with their evidence, within the token’s regions', async () => {
    const answer = await service.call('GET', '/v1/red-flags', { token: jiangsu });
    expect(answer.status).toBe(200);
    const items = answer.body.items as Array<{
      code: string;
      cardinal: boolean;
      transactionId: string;
      evidence: { lowest?: { bidPrice: string } };
    }>;
    // 吴中: the first-ranked (lowest) bidder was blacklisted, the award went to the second.
    const r036 = items.find((f) => f.code === 'R036');
    expect(r036).toMatchObject({ cardinal: true, transactionId: '3205062026A000215001' });
    expect(r036!.evidence.lowest?.bidPrice).toBe('12380000.00');
    expect(answer.body.byCode).toEqual(expect.arrayContaining([{ code: 'R036', count: expect.any(Number) }]));

    const filtered = await service.call('GET', '/v1/red-flags?code=R036&transactionId=3205062026A000215001', {
      token: jiangsu,
    });
    expect(filtered.body.total).toBe(1);
    const tianjinFlags = await service.call('GET', '/v1/red-flags', { token: tianjin });
    expect(
      (tianjinFlags.body.items as Array<{ regionCode: string }>).every((f) => f.regionCode.startsWith('12')),
    ).toBe(true);
    expect((await service.call('GET', '/v1/red-flags?region=320500', { token: tianjin })).status).toBe(403);
    expect((await service.call('GET', '/v1/red-flags?code=R999', { token: tianjin })).status).toBe(400);
    expect((await service.call('GET', '/v1/red-flags')).status).toBe(401);
  });
});
