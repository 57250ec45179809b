import { ADMIN_TOKEN, startService, type RunningService } from './harness';
import { NANTONG_CENTRE, createToken, eventsPath, lifecycle } from './fixtures';

const PROBLEM = 'application/problem+json; charset=utf-8';

interface FieldErrors {
  errors?: { field: string; message: string }[];
}

const fieldsOf = (body: unknown): string[] => ((body as FieldErrors).errors ?? []).map((e) => e.field);

/** Nothing a publisher sends is silently dropped, replaced or half-stored. */
describe('nothing silently lost', () => {
  let service: RunningService;
  let centre: string;
  const id = 'NTCG2026-STRICT';
  const trail = lifecycle('procurement', id);

  beforeAll(async () => {
    service = await startService();
    centre = await createToken(service, NANTONG_CENTRE);
    for (const body of trail.slice(0, 7)) {
      const answer = await service.call('POST', eventsPath(id), { token: centre, body });
      expect([answer.status, answer.text]).toEqual([201, answer.text]);
    }
  });
  afterAll(async () => {
    await service.stop();
  });

  async function expectNothingStored(run: () => Promise<void>): Promise<void> {
    const before = await service.service.infrastructure.store.headPosition();
    await run();
    expect(await service.service.infrastructure.store.headPosition()).toBe(before);
  }

  it('refuses unknown fields in data, metadata and the envelope, naming each path (single and batch)', () =>
    expectNothingStored(async () => {
      const change = trail[7]!;
      const typo = {
        ...change,
        extra: 1,
        data: { ...change.data, contractAmountAfter: '1.00' },
        metadata: {
          ...change.metadata,
          sourceSytem: 'typo',
          publisher: { ...change.metadata.publisher, x: 1 },
        },
      };
      const answer = await service.call('POST', eventsPath(id), { token: centre, body: typo });
      expect(answer.status).toBe(400);
      expect(answer.headers.get('content-type')).toBe(PROBLEM);
      expect(fieldsOf(answer.body)).toEqual(
        expect.arrayContaining([
          '/body/extra',
          '/body/data/contractAmountAfter',
          '/body/metadata/sourceSytem',
          '/body/metadata/publisher/x',
        ]),
      );
      const batch = await service.call('POST', '/v1/events:batch', {
        token: centre,
        body: { events: [typo] },
      });
      const item = (batch.body.items as { status: number; problem: FieldErrors }[])[0]!;
      expect(item.status).toBe(400);
      expect(fieldsOf(item.problem)).toEqual(
        expect.arrayContaining(['/body/events/0/extra', '/body/events/0/data/contractAmountAfter']),
      );
    }));

  it('caps the length of each text field and of an event', () =>
    expectNothingStored(async () => {
      const change = trail[7]!;
      const long = { ...change, metadata: { ...change.metadata, sourceSystem: 'x'.repeat(2 * 1024 * 1024) } };
      const answer = await service.call('POST', eventsPath(id), { token: centre, body: long });
      expect(answer.status).toBe(400);
      expect(fieldsOf(answer.body)).toContain('/body/metadata/sourceSystem');
      const content = { ...change, data: { ...change.data, description: '公'.repeat(200_000) } };
      const big = await service.call('POST', eventsPath(id), { token: centre, body: content });
      expect(big.status).toBe(400);
      expect(fieldsOf(big.body)).toContain('/body/data/description');
      // Each field within its cap, the event as a whole beyond EVENT_MAX_BYTES.
      const correction = trail[1]!;
      const corrections = Array.from({ length: 200 }, (_, i) => ({
        field: `f${i}`,
        after: '公'.repeat(3_000),
      }));
      const whole = await service.call('POST', eventsPath(id), {
        token: centre,
        body: { ...correction, id: crypto.randomUUID(), data: { ...correction.data, corrections } },
      });
      expect(whole.status).toBe(400);
      expect(whole.text).toContain('at most 524288');
    }));

  it('refuses invalid UTF-8, NUL in text and duplicate keys with 400; a __proto__ key is an unknown field', () =>
    expectNothingStored(async () => {
      const change = trail[7]!;
      const json = JSON.stringify(change);
      const invalid = Buffer.concat([
        Buffer.from(json.slice(0, json.indexOf('"sourceSystem":"') + 16)),
        Buffer.from([0xc3, 0x28]),
        Buffer.from(json.slice(json.indexOf('"sourceSystem":"') + 16)),
      ]);
      const response = await fetch(`${service.url}${eventsPath(id)}`, {
        method: 'POST',
        headers: { authorization: `Bearer ${centre}`, 'content-type': 'application/json' },
        body: invalid,
      });
      expect(response.status).toBe(400);
      expect(await response.text()).toContain('UTF-8');

      const nul = await service.call('POST', eventsPath(id), {
        token: centre,
        body: { ...change, metadata: { ...change.metadata, sourceSystem: 'a\u0000b' } },
      });
      expect(nul.status).toBe(400);
      expect(fieldsOf(nul.body)).toContain('/body/metadata/sourceSystem');

      const duplicate = await service.call('POST', eventsPath(id), {
        token: centre,
        rawBody: json.replace('"id":', '"id":"00000000-0000-4000-8000-00000000dead","id":'),
      });
      expect(duplicate.status).toBe(400);
      expect(duplicate.text).toContain('/id');

      const proto = await service.call('POST', eventsPath(id), {
        token: centre,
        rawBody: json.replace('"data":{', '"data":{"__proto__":{"x":1},'),
      });
      expect(proto.status).toBe(400);
      expect(proto.body.type).toBe('urn:gongkai:problem:validation-failed');
      expect(fieldsOf(proto.body)).toContain('/body/data/__proto__');
    }));

  it('fails the later items of a stream after an invalid item in a batch, as after a refusal', async () => {
    const hole = 'NTCG2026-HOLE';
    const [announcement, , qualification, candidates] = lifecycle('procurement', hole);
    const invalid = { ...qualification!, data: { ...qualification!.data, reviewedAt: 'yesterday' } };
    const answer = await service.call('POST', '/v1/events:batch', {
      token: centre,
      body: { events: [announcement, invalid, candidates] },
    });
    const items = answer.body.items as { status: number; problem?: { code?: string } }[];
    expect(items.map((i) => i.status)).toEqual([201, 400, 409]);
    expect(items[2]!.problem?.code).toBe('PRECEDING_EVENT_FAILED');
    const stored = await service.call('GET', eventsPath(hole));
    expect((stored.body.events as unknown[]).length).toBe(1);
  });

  it('answers 415 for text/plain and a Location that exists', async () => {
    const plain = await service.call('POST', eventsPath(id), {
      token: centre,
      rawBody: JSON.stringify(trail[7]),
      headers: { 'content-type': 'text/plain' },
    });
    expect(plain.status).toBe(415);
    expect(plain.headers.get('content-type')).toBe(PROBLEM);

    const created = await service.call('POST', eventsPath(id), { token: centre, body: trail[7] });
    expect(created.status).toBe(201);
    const location = created.headers.get('location')!;
    const fetched = await service.call('GET', location);
    expect(fetched.status).toBe(200);
    expect(fetched.body).toMatchObject({ id: trail[7]!.id, revision: created.body.revision });
  });

  it('answers 414 and a bad %-escape as problem+json', async () => {
    const long = await service.call('GET', `/v1/transactions/${'x'.repeat(5000)}`);
    expect(long.status).toBe(414);
    expect(long.headers.get('content-type')).toBe(PROBLEM);
    const escape = await service.call('GET', '/v1/transactions/%E0%A4%A');
    expect(escape.status).toBe(400);
    expect(escape.headers.get('content-type')).toBe(PROBLEM);
  });

  it('refuses a token scope whose credit code has a wrong check character', async () => {
    const answer = await service.call('POST', '/v1/tokens', {
      token: ADMIN_TOKEN,
      body: { ...NANTONG_CENTRE, scope: { ...NANTONG_CENTRE.scope, creditCode: '113206000141234569' } },
    });
    expect(answer.status).toBe(400);
  });

  it('answers a year below 100 with 422 problem+json naming the field, and stores nothing', () =>
    expectNothingStored(async () => {
      const early = 'NTCG2026-EARLY';
      const [announcement] = lifecycle('procurement', early);
      for (const [field, value] of [
        ['metadata.publishedAt', '0099-03-02T09:30:00+08:00'],
        ['metadata.occurredAt', '0001-01-01T00:00:00Z'],
      ] as const) {
        const [part, key] = field.split('.') as ['metadata', string];
        const body = { ...announcement!, [part]: { ...announcement![part], [key]: value } };
        const answer = await service.call('POST', eventsPath(early), { token: centre, body });
        expect([answer.status, answer.headers.get('content-type')]).toEqual([422, PROBLEM]);
        expect(answer.body.code).toBe('YEAR_OUT_OF_RANGE');
        expect(answer.body.detail).toContain(`${field} ${value}`);
      }
    }));

  it('keeps the data path out of /health for anonymous callers', async () => {
    const anonymous = await service.call('GET', '/health');
    expect(anonymous.status).toBe(200);
    expect(anonymous.text).not.toContain(service.dataDir);
    const admin = await service.call('GET', '/health', { token: ADMIN_TOKEN });
    expect(admin.text).toContain(service.dataDir);
  });
});
