import { EXAMPLE_PARTIES, EXAMPLE_PERSONS, type DomainEvent } from '@gongkai/domain';
import { startService, type RunningService } from './harness';
import {
  NANTONG_CENTRE,
  SUZHOU,
  SUZHOU_CENTRE,
  createToken,
  event,
  eventsPath,
  lifecycle,
  transactionIdOfExample,
} from './fixtures';

/** The event as published by another organisation, in its own region. */
function asOther(source: DomainEvent, publisher: { name: string; creditCode: string }, regionCode: string) {
  return { ...source, metadata: { ...source.metadata, publisher, regionCode } };
}

describe('ownership of a transaction (谁实施谁公开, enforced)', () => {
  let service: RunningService;
  let owner: string;
  let foreign: string;
  const engineering = transactionIdOfExample('engineering');
  const housing = transactionIdOfExample('housing');

  beforeAll(async () => {
    service = await startService();
    owner = await createToken(service, NANTONG_CENTRE);
    foreign = await createToken(service, SUZHOU_CENTRE);
    for (const [domain, id] of [
      ['engineering', engineering],
      ['housing', housing],
    ] as const) {
      for (const body of lifecycle(domain).slice(0, 7)) {
        const answer = await service.call('POST', eventsPath(id), { token: owner, body });
        expect([answer.status, answer.text]).toEqual([201, answer.text]);
      }
    }
  });
  afterAll(async () => {
    await service.stop();
  });

  it.each(['ContractChanged', 'AnnouncementCorrected', 'TransactionTerminated'] as const)(
    'refuses %s from another organisation with 403 naming the owner, and stores nothing',
    async (type) => {
      const before = await service.call('GET', eventsPath(engineering));
      const answer = await service.call('POST', eventsPath(engineering), {
        token: foreign,
        body: asOther(event(type, 'engineering'), SUZHOU, '320500'),
      });
      expect(answer.status).toBe(403);
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
      expect(answer.body.code).toBe('NOT_OWNER');
      expect(answer.body.detail).toContain(EXAMPLE_PARTIES.authority.creditCode);
      expect(answer.body).toMatchObject({
        details: { owner: { creditCode: EXAMPLE_PARTIES.authority.creditCode } },
      });
      const after = await service.call('GET', eventsPath(engineering));
      expect((after.body.events as unknown[]).length).toBe((before.body.events as unknown[]).length);
    },
  );

  it('refuses the same in a batch', async () => {
    const answer = await service.call('POST', '/v1/events:batch', {
      token: foreign,
      body: { events: [asOther(event('TransactionTerminated', 'engineering'), SUZHOU, '320500')] },
    });
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ accepted: 0, failed: 1 });
    expect((answer.body.items as { status: number; problem: { code: string } }[])[0]).toMatchObject({
      status: 403,
      problem: { code: 'NOT_OWNER' },
    });
  });

  it('lets a supervisory department whose region covers the transaction append its complaint decision, not one elsewhere', async () => {
    const province = { name: '江苏省财政厅', creditCode: '113200000140001410' };
    const jiangsu = await createToken(service, {
      role: 'centre',
      subject: province.name,
      scope: {
        creditCode: province.creditCode,
        regions: ['320000'],
        domains: ['engineering'],
        roles: ['producer'],
      },
    });
    const decided = await service.call('POST', eventsPath(engineering), {
      token: jiangsu,
      body: asOther(event('ComplaintDecided', 'engineering'), province, '320000'),
    });
    expect([decided.status, decided.text]).toEqual([201, decided.text]);

    const elsewhere = await service.call('POST', eventsPath(engineering), {
      token: foreign,
      body: { ...asOther(event('ComplaintDecided', 'engineering'), SUZHOU, '320500') },
    });
    expect(elsewhere.status).toBe(403);
    expect(elsewhere.body.code).toBe('NOT_OWNER');
    // ... and a department may not publish the owner's stages, whatever its region.
    const stage = await service.call('POST', eventsPath(engineering), {
      token: jiangsu,
      body: {
        ...asOther(event('ContractChanged', 'engineering'), province, '320000'),
        metadata: {
          ...asOther(event('ContractChanged', 'engineering'), province, '320000').metadata,
          publisherRole: 'producer',
        },
      },
    });
    expect(stage.status).toBe(403);
  });

  it('keeps personal data from another organisation, even one that wrote to the trail', async () => {
    const person = EXAMPLE_PERSONS[0];
    const full = await service.call('GET', eventsPath(housing), { token: owner });
    expect(full.body.view).toBe('full');
    expect(full.text).toContain(person.idNumber);
    for (const path of [eventsPath(housing), `/v1/transactions/${housing}`]) {
      const answer = await service.call('GET', path, { token: foreign });
      expect(answer.body.view).toBe('public');
      expect(answer.text).not.toContain(person.idNumber);
    }
  });

  it('lets a trading centre publish for an implementer it serves (scope.actsFor), and no other centre', async () => {
    const tenderer = EXAMPLE_PARTIES.tenderer;
    const implementer = await createToken(service, {
      role: 'centre',
      subject: tenderer.name,
      scope: {
        creditCode: tenderer.creditCode,
        regions: ['320600'],
        domains: ['procurement'],
        roles: ['implementer'],
      },
    });
    const centre = EXAMPLE_PARTIES.tradingCentre;
    const serving = await createToken(service, {
      role: 'centre',
      subject: centre.name,
      scope: {
        creditCode: centre.creditCode,
        regions: ['320600'],
        domains: ['procurement'],
        roles: ['trading_centre'],
        actsFor: [tenderer.creditCode],
      },
    });
    const notServing = await createToken(service, {
      role: 'centre',
      subject: `${centre.name} (other scope)`,
      scope: {
        creditCode: centre.creditCode,
        regions: ['320600'],
        domains: ['procurement'],
        roles: ['trading_centre'],
      },
    });
    const id = 'NTCG2026-OWN1';
    const [announcement, correction] = lifecycle('procurement', id);
    const opened = await service.call('POST', eventsPath(id), {
      token: implementer,
      body: {
        ...announcement!,
        metadata: { ...announcement!.metadata, publisher: tenderer, publisherRole: 'implementer' },
      },
    });
    expect([opened.status, opened.text]).toEqual([201, opened.text]);
    const onBehalf = {
      ...correction!,
      metadata: {
        ...correction!.metadata,
        publisher: centre,
        publisherRole: 'trading_centre',
        onBehalfOf: tenderer,
      },
    };
    const refused = await service.call('POST', eventsPath(id), { token: notServing, body: onBehalf });
    expect(refused.status).toBe(403);
    const ownAccount = await service.call('POST', eventsPath(id), {
      token: notServing,
      body: { ...onBehalf, metadata: { ...onBehalf.metadata, onBehalfOf: undefined } },
    });
    expect(ownAccount.status).toBe(403);
    expect(ownAccount.body.code).toBe('NOT_OWNER');
    const accepted = await service.call('POST', eventsPath(id), { token: serving, body: onBehalf });
    expect([accepted.status, accepted.text]).toEqual([201, accepted.text]);
  });
});

describe('ownership in a credit subject’s stream (谁作出谁公开)', () => {
  let service: RunningService;
  let nantong: string;
  let suzhou: string;
  const subject = EXAMPLE_PARTIES.third.creditCode;
  const creditPath = `/v1/credit-subjects/${subject}/events`;

  beforeAll(async () => {
    service = await startService();
    nantong = await createToken(service, NANTONG_CENTRE);
    suzhou = await createToken(service, SUZHOU_CENTRE);
    const listing = await service.call('POST', creditPath, {
      token: nantong,
      body: event('BlacklistEntered'),
    });
    expect([listing.status, listing.text]).toEqual([201, listing.text]);
  });
  afterAll(async () => {
    await service.stop();
  });

  it('refuses the removal of a listing by another authority with 403 NOT_OWNER naming the decider, and stores nothing', async () => {
    const before = await service.call('GET', creditPath);
    const answer = await service.call('POST', creditPath, {
      token: suzhou,
      body: asOther(event('BlacklistRemoved'), SUZHOU, '320500'),
    });
    expect(answer.status).toBe(403);
    expect(answer.headers.get('content-type')).toContain('application/problem+json');
    expect(answer.body).toMatchObject({
      code: 'NOT_OWNER',
      details: { owner: { creditCode: EXAMPLE_PARTIES.authority.creditCode }, actor: SUZHOU.creditCode },
    });
    const after = await service.call('GET', creditPath);
    expect(after.body).toEqual(before.body);
  });

  it('accepts another authority’s own record in the same stream, and the removal by the authority that listed', async () => {
    const penalty = asOther(event('PenaltyImposed'), SUZHOU, '320500');
    Object.assign(penalty.data as Record<string, unknown>, { decisionNumber: '苏市监罚〔2026〕77号' });
    const own = await service.call('POST', creditPath, { token: suzhou, body: penalty });
    expect([own.status, own.text]).toEqual([201, own.text]);
    // Revoked last week (the example's repair lies in the future, which the recording time refuses).
    const revoked = event('BlacklistRemoved');
    Object.assign(revoked.data as Record<string, unknown>, {
      removalReason: 'decision_revoked',
      removedOn: '2026-11-20',
    });
    Object.assign(revoked.metadata, {
      occurredAt: '2026-11-20T10:00:00+08:00',
      publishedAt: '2026-11-20T10:00:00+08:00',
    });
    const removal = await service.call('POST', creditPath, { token: nantong, body: revoked });
    expect([removal.status, removal.text]).toEqual([201, removal.text]);
  });
});
