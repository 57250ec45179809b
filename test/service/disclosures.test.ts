import { randomUUID } from 'node:crypto';
import { EXAMPLE_DEPARTMENTS, EXAMPLE_PARTIES, exampleDisclosure, type DomainEvent } from '@gongkai/domain';
import {
  disclosureDetailSchema,
  disclosurePageSchema,
  publishDisclosureResultSchema,
} from '../../apps/gongkai/src/modules/disclosures/core/disclosure-responses';
import { startService, type RunningService } from './harness';
import { NANTONG_CENTRE, createToken, event, eventsPath, transactionIdOfExample } from './fixtures';
import { waitForProjections } from './read-model-support';
import { SseClient } from './sse-client';

/** 南通市自然资源和规划局: publishes land supply plans (producer), in Nantong, for land only. */
const NATURAL_RESOURCES = {
  role: 'centre',
  subject: EXAMPLE_DEPARTMENTS.naturalResources.name,
  scope: {
    creditCode: EXAMPLE_DEPARTMENTS.naturalResources.creditCode,
    regions: ['320600'],
    domains: ['land'],
    roles: ['producer', 'approver'],
  },
} as const;

/** The same department's token for Suzhou (another region's natural resources department). */
const SUZHOU_NATURAL_RESOURCES = {
  role: 'centre',
  subject: '苏州市自然资源和规划局',
  scope: { ...NATURAL_RESOURCES.scope, creditCode: EXAMPLE_PARTIES.runnerUp.creditCode, regions: ['320500'] },
} as const;

/** 南通市公共资源交易中心: a trading centre, publishing land transactions for the implementers it serves. */
const TRADING_CENTRE = {
  role: 'centre',
  subject: EXAMPLE_PARTIES.tradingCentre.name,
  scope: {
    creditCode: EXAMPLE_PARTIES.tradingCentre.creditCode,
    regions: ['320600'],
    domains: ['land', 'engineering'],
    roles: ['trading_centre'],
  },
} as const;

const fresh = (
  source: DomainEvent,
  data: Record<string, unknown> = {},
  metadata: Record<string, unknown> = {},
) =>
  ({
    ...source,
    id: randomUUID(),
    data: { ...(source.data as Record<string, unknown>), ...data },
    metadata: { ...source.metadata, ...metadata },
  }) as DomainEvent;

describe('disclosures outside a transaction over HTTP', () => {
  let service: RunningService;
  let naturalResources: string;
  let suzhou: string;
  let centre: string;
  let housing: string;
  const plan = exampleDisclosure('land_supply_plan');
  const engineering = transactionIdOfExample('engineering');

  beforeAll(async () => {
    service = await startService();
    naturalResources = await createToken(service, NATURAL_RESOURCES);
    suzhou = await createToken(service, SUZHOU_NATURAL_RESOURCES);
    centre = await createToken(service, TRADING_CENTRE);
    housing = await createToken(service, NANTONG_CENTRE);
    await waitForProjections(service, undefined, 60_000);
  });
  /** Reads once every read model has applied what was written (bounded, generous: CI may be slow). */
  const settled = () => waitForProjections(service, undefined, 60_000);
  afterAll(() => service.stop());

  it('refuses a trading centre, another region’s department and another domain; stores nothing', async () => {
    const asCentre = fresh(
      plan,
      {},
      { publisher: EXAMPLE_PARTIES.tradingCentre, publisherRole: 'trading_centre' },
    );
    const byCentre = await service.call('POST', '/v1/disclosures', { token: centre, body: asCentre });
    expect([byCentre.status, byCentre.body.code]).toEqual([422, 'PUBLISHER_ROLE_NOT_ALLOWED']);

    const intoNantong = fresh(
      plan,
      {},
      { publisher: { name: '苏州市自然资源和规划局', creditCode: EXAMPLE_PARTIES.runnerUp.creditCode } },
    );
    const bySuzhou = await service.call('POST', '/v1/disclosures', { token: suzhou, body: intoNantong });
    expect(bySuzhou.status).toBe(403);
    expect(bySuzhou.body.detail).toContain('320602');

    const catalogue = fresh(
      exampleDisclosure('procurement_catalogue'),
      {},
      {
        publisher: EXAMPLE_DEPARTMENTS.naturalResources,
      },
    );
    const otherDomain = await service.call('POST', '/v1/disclosures', {
      token: naturalResources,
      body: catalogue,
    });
    expect(otherDomain.status).toBe(403);
    expect(otherDomain.body.detail).toContain('procurement');

    const unknown = await service.call('POST', '/v1/disclosures', {
      token: naturalResources,
      body: fresh(plan, { plannedAreaMu: '1' }),
    });
    expect(unknown.status).toBe(400);
    expect(JSON.stringify(unknown.body.errors)).toContain('/body/data/plannedAreaMu');

    // A stage is not a disclosure outside a transaction: it is refused here, as a disclosure is in a transaction.
    const stage = await service.call('POST', '/v1/disclosures', {
      token: housing,
      body: event('AnnouncementPublished'),
    });
    expect([stage.status, stage.body.code]).toEqual([422, 'WRONG_STREAM']);

    const anonymous = await service.call('POST', '/v1/disclosures', { body: fresh(plan) });
    expect(anonymous.status).toBe(401);
    expect((await service.call('GET', '/v1/disclosures/NT-LSP-2026')).status).toBe(404);
  });

  it('publishes a land supply plan in its own stream, searchable and readable by anyone', async () => {
    const answer = await service.call('POST', '/v1/disclosures', {
      token: naturalResources,
      body: fresh(plan),
    });
    expect([answer.status, answer.text]).toEqual([201, answer.text]);
    const result = publishDisclosureResultSchema.parse(answer.body);
    expect(result).toMatchObject({
      disclosureId: 'NT-LSP-2026',
      streamId: 'disclosure-NT-LSP-2026',
      revision: 0,
    });
    expect(answer.headers.get('location')).toBe('/v1/disclosures/NT-LSP-2026');
    // Recorded months after its claimed publication: a late recording, never a refusal.
    expect(result.findings.map((f) => f.code)).toEqual(['RECORDED_LATE']);

    await settled();
    const one = await service.call('GET', `/v1/disclosures/NT-LSP-2026?minPosition=${result.position}`);
    expect(one.status).toBe(200);
    const detail = disclosureDetailSchema.parse(one.body);
    expect(detail).toMatchObject({
      kind: 'land_supply_plan',
      publisher: { creditCode: EXAMPLE_DEPARTMENTS.naturalResources.creditCode, role: 'producer' },
      version: 1,
      transactionIds: ['3206022026G0001'],
    });
    expect(detail.view.metadata).not.toHaveProperty('findings');

    const page = await service.call(
      'GET',
      '/v1/disclosures?kind=land_supply_plan&region=320600&from=2026-03-01',
    );
    expect(disclosurePageSchema.parse(page.body).items.map((d) => d.disclosureId)).toEqual(['NT-LSP-2026']);
    const none = await service.call('GET', '/v1/disclosures?region=320500');
    expect(disclosurePageSchema.parse(none.body).items).toEqual([]);
    expect((await service.call('GET', '/v1/disclosures?kind=annual_report')).status).toBe(400);
  });

  it('lets no other department amend it (403 NOT_OWNER), and its publisher amend it', async () => {
    const amendment = (metadata: Record<string, unknown>) =>
      ({
        ...fresh(plan, { reason: '调整工矿仓储用地规模' }, metadata),
        type: 'DisclosureAmended',
      }) as DomainEvent;
    const foreign = await service.call('POST', '/v1/disclosures', {
      token: suzhou,
      body: amendment({
        publisher: { name: '苏州市自然资源和规划局', creditCode: EXAMPLE_PARTIES.runnerUp.creditCode },
        regionCode: '320500',
      }),
    });
    expect([foreign.status, foreign.body.code]).toEqual([403, 'NOT_OWNER']);
    const own = await service.call('POST', '/v1/disclosures', {
      token: naturalResources,
      body: amendment({ occurredAt: '2026-03-20T09:00:00+08:00', publishedAt: '2026-03-23T09:00:00+08:00' }),
      headers: { 'if-match': '"0"' },
    });
    expect([own.status, own.text]).toEqual([201, own.text]);
    const again = await service.call('POST', '/v1/disclosures', {
      token: naturalResources,
      body: fresh(plan),
    });
    expect([again.status, again.body.code]).toEqual([409, 'DISCLOSURE_ALREADY_PUBLISHED']);
  });

  it('links to a transaction without writing into it: shown on GET /v1/transactions/{id}', async () => {
    const announcement = event('AnnouncementPublished');
    expect(
      (await service.call('POST', eventsPath(engineering), { token: housing, body: announcement })).status,
    ).toBe(201);
    // The approving department is not the transaction's owner: it links, it does not write there.
    const approvals = await createToken(service, {
      role: 'centre',
      subject: EXAMPLE_DEPARTMENTS.approvals.name,
      scope: {
        creditCode: EXAMPLE_DEPARTMENTS.approvals.creditCode,
        regions: ['320600'],
        domains: ['engineering'],
        roles: ['approver'],
      },
    });
    const approval = fresh(exampleDisclosure('project_approval'));
    const intoTransaction = await service.call('POST', eventsPath(engineering), {
      token: approvals,
      body: approval,
    });
    expect([intoTransaction.status, intoTransaction.body.code]).toEqual([422, 'WRONG_STREAM']);
    const published = await service.call('POST', '/v1/disclosures', { token: approvals, body: approval });
    expect([published.status, published.text]).toEqual([201, published.text]);

    const trail = await service.call('GET', eventsPath(engineering));
    expect((trail.body.events as unknown[]).length).toBe(1);
    await service.call(
      'GET',
      `/v1/disclosures/NT-APR-2026-0031?minPosition=${String(published.body.position)}`,
    );
    const transaction = await service.call('GET', `/v1/transactions/${engineering}`);
    expect(transaction.status).toBe(200);
    expect(transaction.body.relatedDisclosures).toEqual([
      expect.objectContaining({ disclosureId: 'NT-APR-2026-0031', kind: 'project_approval' }),
    ]);
  });

  it('carries them on the public feed, with natural persons masked', async () => {
    const feed = await SseClient.connect(
      `${service.url}/v1/feed?from=0&stage=DisclosurePublished&domain=housing&region=320600`,
    );
    try {
      const renovation = fresh(exampleDisclosure('rural_renovation'));
      const answer = await service.call('POST', '/v1/disclosures', { token: housing, body: renovation });
      expect([answer.status, answer.text]).toEqual([201, answer.text]);
      await feed.waitFor((c) => c.events.some((e) => e.data.includes(renovation.id)));
      const message = feed.events.find((e) => e.data.includes(renovation.id))!;
      expect(message.event).toBe('DisclosurePublished');
      expect(message.data).toContain('350582********4563');
      expect(message.data).not.toContain('350582199001014563');
      // The filter holds: the land plan and the approval published before are not housing.
      expect(
        feed.events.every((e) => e.event === 'DisclosurePublished' && e.data.includes('"housing"')),
      ).toBe(true);
    } finally {
      await feed.close();
    }
  });
});
