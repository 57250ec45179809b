import { createHmac, timingSafeEqual } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { EXAMPLE_PERSONS } from '@gongkai/domain';
import { RecordingReceiver, type AcceptedDelivery } from '../../libs/sinks/src/testing/recording-receiver';
import { ADMIN_TOKEN, startService, type RunningService } from './harness';
import { createToken, event, eventsPath, lifecycle, NANTONG_CENTRE } from './fixtures';

/**
 * Saved subscriptions over HTTP (按需定制、精准推送): managed by the subscriber's own token, delivered by the
 * real service to real HTTP receivers, signed per Standard Webhooks (checked here with node:crypto, not with
 * the service's code), durable across a restart, never pointed at an internal address.
 */

const SUBSCRIBER = { role: 'subscriber', subject: '某新闻媒体', scope: {} };
const OTHER_SUBSCRIBER = { role: 'subscriber', subject: '某研究机构', scope: {} };

/**
 * Quick retries and probes, so an outage in a test lasts milliseconds, not minutes; a generous timeout, so a
 * receiver slowed by a loaded machine is not taken for a failing one.
 */
const FAST = {
  GONGKAI_WEBHOOK_TIMEOUT_MS: '10000',
  GONGKAI_WEBHOOK_RETRY_MAX_DELAY_MS: '50',
  GONGKAI_WEBHOOK_PROBE_MS: '100',
};
const LOOPBACK_ALLOWED = { GONGKAI_WEBHOOK_ALLOWED_NETWORKS: '127.0.0.1/32', ...FAST };

interface SubscriptionBody {
  id: string;
  ownerTokenId: string;
  url: string;
  status: string;
  filter: Record<string, unknown>;
  secrets: { createdAt: string; expiresAt?: string }[];
  delivery?: { delivered: number; openDeadLetters: number; checkpoint: number; headPosition: number };
}

/** The receiver's check as docs/api.md prints it (Subscriptions, Signature), copied verbatim. */
function verifyGongkaiWebhook(
  secret: string,
  headers: Record<string, string>,
  rawBody: string,
  toleranceSeconds = 300,
): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp']!;
  if (!/^\d+$/.test(timestamp) || Math.abs(Date.now() / 1000 - Number(timestamp)) > toleranceSeconds)
    return false;
  const key = Buffer.from(secret.slice('whsec_'.length), 'base64');
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.${rawBody}`).digest();
  return headers['webhook-signature']!.split(' ').some((entry) => {
    const [version, signature] = entry.split(',');
    const given = Buffer.from(signature ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

/**
 * Standard Webhooks verification, independent of the service's code (node:crypto only): HMAC-SHA256 keyed
 * with the base64 part of `whsec_…`, over `id.timestamp.body`, compared with each `v1,` entry.
 */
function verifiesWith(secret: string, delivery: AcceptedDelivery): boolean {
  return verifyGongkaiWebhook(secret, delivery.headers as Record<string, string>, delivery.body);
}

/**
 * Checks an answer against the schema /openapi.json gives for it (the document is generated from the zod schemas
 * the controller's types come from; this checks what the service really answers).
 */
async function conformsToOpenApi(
  service: RunningService,
  method: string,
  template: string,
  answer: { status: number; body: unknown },
): Promise<void> {
  const document = (await service.call('GET', '/openapi.json')).body as {
    paths: Record<
      string,
      Record<string, { responses: Record<string, { content?: Record<string, { schema: object }> }> }>
    >;
  };
  const schema =
    document.paths[template]?.[method.toLowerCase()]?.responses[String(answer.status)]?.content?.[
      'application/json'
    ]?.schema;
  expect([method, template, answer.status, schema === undefined]).toEqual([
    method,
    template,
    answer.status,
    false,
  ]);
  const validate = new Ajv2020({ strict: false, allErrors: true }).compile(schema!);
  const valid = validate(answer.body);
  expect([method, template, valid ? [] : validate.errors]).toEqual([method, template, []]);
}

async function appendLifecycle(
  service: RunningService,
  centre: string,
  transactionId: string,
): Promise<string[]> {
  const ids: string[] = [];
  for (const stage of lifecycle('engineering', transactionId)) {
    const answer = await service.call('POST', eventsPath(transactionId), { token: centre, body: stage });
    expect(answer.status).toBe(201);
    ids.push(stage.id);
  }
  return ids;
}

async function subscribe(
  service: RunningService,
  token: string,
  body: unknown,
): Promise<{ subscription: SubscriptionBody; secret: string }> {
  const answer = await service.call('POST', '/v1/subscriptions', { token, body });
  expect([answer.status, answer.text]).toEqual([201, expect.any(String)]);
  return answer.body as unknown as { subscription: SubscriptionBody; secret: string };
}

async function waitForDelivery(
  service: RunningService,
  token: string,
  id: string,
  done: (delivery: NonNullable<SubscriptionBody['delivery']>) => boolean,
): Promise<SubscriptionBody> {
  const deadline = Date.now() + 30_000;
  for (;;) {
    const answer = await service.call('GET', `/v1/subscriptions/${id}`, { token });
    const body = answer.body as unknown as SubscriptionBody;
    if (body.delivery && done(body.delivery)) return body;
    if (Date.now() > deadline) throw new Error(`subscription ${id} never got there: ${answer.text}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('subscriptions over HTTP', () => {
  let service: RunningService;
  let receivers: RecordingReceiver[];
  let dataDir: string;
  let subscriber: string;
  let other: string;
  let centre: string;

  beforeAll(async () => {
    receivers = await Promise.all([0, 1, 2, 3].map(() => RecordingReceiver.start()));
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-subscriptions-'));
    const targets = path.join(dataDir, 'targets.json');
    writeFileSync(
      targets,
      JSON.stringify([
        {
          name: 'jiangsu',
          kind: 'provincial-platform',
          url: receivers[3]!.url,
          regions: ['32'],
          platformCode: 'JSGGZY',
          pubServicePlatCode: 'QGGGZY',
          retry: { initialDelayMs: 10, maxDelayMs: 50, maxAttempts: 3 },
        },
      ]),
    );
    service = await startService(
      { ...LOOPBACK_ALLOWED, GONGKAI_SUBSCRIPTIONS_PER_TOKEN: '3', GONGKAI_SINK_TARGETS_FILE: targets },
      dataDir,
    );
    subscriber = await createToken(service, SUBSCRIBER);
    other = await createToken(service, OTHER_SUBSCRIBER);
    centre = await createToken(service, NANTONG_CENTRE);
  });

  afterAll(async () => {
    await service.stop();
    await Promise.all(receivers.map((receiver) => receiver.close()));
  });

  it('is managed by the token that created it: others see nothing of it, admins see all', async () => {
    expect(
      (await service.call('POST', '/v1/subscriptions', { body: { url: receivers[0]!.url } })).status,
    ).toBe(401);
    const { subscription, secret } = await subscribe(service, subscriber, {
      url: receivers[0]!.url,
      filter: { stages: ['AwardPublished'], regions: ['3206'] },
      description: 'awards in Nantong',
    });
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(subscription).toMatchObject({
      status: 'active',
      filter: { stages: ['AwardPublished'], regions: ['3206'] },
    });
    expect(JSON.stringify(subscription)).not.toContain(secret.slice(6)); // shown once, in `secret` only
    const path = `/v1/subscriptions/${subscription.id}`;

    await conformsToOpenApi(service, 'POST', '/v1/subscriptions', {
      status: 201,
      body: { subscription, secret },
    });
    const own = await service.call('GET', '/v1/subscriptions', { token: subscriber });
    await conformsToOpenApi(service, 'GET', '/v1/subscriptions', own);
    const one = await service.call('GET', path, { token: subscriber });
    expect(one.body).toMatchObject({ delivery: { running: true, delivered: 0 } });
    await conformsToOpenApi(service, 'GET', '/v1/subscriptions/{id}', one);
    expect((own.body.items as SubscriptionBody[]).map((each) => each.id)).toEqual([subscription.id]);
    expect(JSON.stringify(own.body)).not.toContain(secret.slice(6));
    const theirs = await service.call('GET', '/v1/subscriptions', { token: other });
    expect(theirs.body.items).toEqual([]);
    for (const [method, suffix] of [
      ['GET', ''],
      ['POST', '/pause'],
      ['POST', '/resume'],
      ['POST', '/rotate-secret'],
      ['DELETE', ''],
      ['GET', '/dead-letters'],
    ] as const) {
      const answer = await service.call(method, `${path}${suffix}`, { token: other });
      expect([method, suffix, answer.status]).toEqual([method, suffix, 404]);
    }
    const admin = await service.call('GET', '/v1/subscriptions', { token: ADMIN_TOKEN });
    expect((admin.body.items as SubscriptionBody[]).map((each) => each.id)).toContain(subscription.id);

    expect((await service.call('POST', `${path}/pause`, { token: subscriber })).body).toMatchObject({
      status: 'paused',
    });
    expect((await service.call('POST', `${path}/resume`, { token: subscriber })).body).toMatchObject({
      status: 'active',
    });
    expect((await service.call('DELETE', path, { token: subscriber })).status).toBe(204);
    expect((await service.call('GET', path, { token: subscriber })).status).toBe(404);
  });

  it('caps subscriptions per token and the size of a filter', async () => {
    const codes = Array.from({ length: 51 }, () => '91440200MA4W7D8E99');
    const tooBig = await service.call('POST', '/v1/subscriptions', {
      token: other,
      body: { url: receivers[0]!.url, filter: { parties: codes } },
    });
    expect(tooBig.status).toBe(400);
    expect(tooBig.text).toContain('/body/filter/parties');
    const unknown = await service.call('POST', '/v1/subscriptions', {
      token: other,
      body: { url: receivers[0]!.url, filter: { stages: ['Awarded'] }, extra: true },
    });
    expect(unknown.status).toBe(400);
    const made: string[] = [];
    for (let i = 0; i < 3; i++)
      made.push((await subscribe(service, other, { url: receivers[0]!.url })).subscription.id);
    const fourth = await service.call('POST', '/v1/subscriptions', {
      token: other,
      body: { url: receivers[0]!.url },
    });
    expect(fourth.status).toBe(409);
    expect(fourth.body).toMatchObject({ code: 'SUBSCRIPTION_LIMIT_REACHED', limit: 3 });
    for (const id of made)
      expect((await service.call('DELETE', `/v1/subscriptions/${id}`, { token: other })).status).toBe(204);
  });

  it('delivers to two receivers, one down then up, signed, public view only; a hanging one stalls nobody', async () => {
    const [up, downThenUp, hanging, province] = receivers as [
      RecordingReceiver,
      RecordingReceiver,
      RecordingReceiver,
      RecordingReceiver,
    ];
    up.accepted.length = 0;
    hanging.addFault({ fault: { mode: 'hang' } });
    await downThenUp.goDown();
    const awards = await subscribe(service, subscriber, {
      url: up.url,
      filter: { domains: ['engineering'], regions: ['3206'] },
    });
    const watch = await subscribe(service, other, {
      url: downThenUp.url,
      filter: { stages: ['AwardPublished', 'ContractSigned'] },
    });
    await subscribe(service, centre, { url: hanging.url });
    const before = province.accepted.length;

    const ids = await appendLifecycle(service, centre, '3206022026A000900001');
    const stages = lifecycle('engineering').map((stage) => stage.type);
    const watched = ids.filter((_, index) => ['AwardPublished', 'ContractSigned'].includes(stages[index]!));

    // The live receiver and the province get everything while one subscriber is down and another hangs.
    await up.waitFor(() => ids.every((id) => up.acceptedKeysInOrder().includes(id)), 30_000, 'every event');
    expect(up.acceptedKeysInOrder()).toEqual(ids);
    await province.waitFor(() => province.accepted.length > before, 30_000, 'the province');
    expect(downThenUp.accepted).toEqual([]);

    await downThenUp.comeBack();
    await downThenUp.waitFor(
      () => downThenUp.accepted.length === watched.length,
      30_000,
      'the watched stages',
    );
    expect(downThenUp.acceptedKeysInOrder()).toEqual(watched);

    for (const delivery of up.accepted) expect(verifiesWith(awards.secret, delivery)).toBe(true);
    for (const delivery of downThenUp.accepted) expect(verifiesWith(watch.secret, delivery)).toBe(true);
    expect(verifiesWith(watch.secret, up.accepted[0]!)).toBe(false); // another subscriber's secret
    expect(up.accepted[0]!.headers['webhook-id']).toBe(ids[0]);

    // The centre owns these events and may read them in full; its subscription still carries the public view.
    const bodies = [...up.accepted, ...downThenUp.accepted].map((delivery) => delivery.body).join('\n');
    for (const person of EXAMPLE_PERSONS) expect(bodies).not.toContain(person.idNumber);
    expect(bodies).not.toContain('"findings"');
    expect(bodies).not.toContain('"confidentialFields"');
    const first = up.accepted[0]!.json as { data: { data: Record<string, unknown> } };
    expect(first).toMatchObject({ specversion: '1.0', id: ids[0], data: { type: stages[0] } });
  });

  it('rotates the secret with an overlap: both sign meanwhile, only the new one after', async () => {
    const receiver = await RecordingReceiver.start();
    receivers.push(receiver);
    const { subscription, secret: old } = await subscribe(service, subscriber, {
      url: receiver.url,
      filter: { stages: ['AnnouncementPublished'] },
    });
    const rotated = await service.call('POST', `/v1/subscriptions/${subscription.id}/rotate-secret`, {
      token: subscriber,
      body: { overlapSeconds: 3600 },
    });
    expect(rotated.status).toBe(200);
    await conformsToOpenApi(service, 'POST', '/v1/subscriptions/{id}/rotate-secret', rotated);
    const fresh = rotated.body.secret as string;
    expect(fresh).not.toBe(old);
    expect((rotated.body.subscription as SubscriptionBody).secrets).toHaveLength(2);
    const announcement = event('AnnouncementPublished', 'engineering', '3206022026A000900002');
    expect(
      (await service.call('POST', eventsPath('3206022026A000900002'), { token: centre, body: announcement }))
        .status,
    ).toBe(201);
    await receiver.waitFor(
      () => receiver.acceptedKeysInOrder().includes(announcement.id),
      30_000,
      'the announcement',
    );
    const delivery = receiver.accepted.find((each) => each.idempotencyKey === announcement.id)!;
    expect(String(delivery.headers['webhook-signature']).split(' ')).toHaveLength(2);
    expect(verifiesWith(fresh, delivery)).toBe(true);
    expect(verifiesWith(old, delivery)).toBe(true);

    const ended = await service.call('POST', `/v1/subscriptions/${subscription.id}/rotate-secret`, {
      token: subscriber,
      body: { overlapSeconds: 0 },
    });
    expect((ended.body.subscription as SubscriptionBody).secrets).toHaveLength(1);
    const newest = ended.body.secret as string;
    const later = event('AnnouncementPublished', 'engineering', '3206022026A000900006');
    expect(
      (await service.call('POST', eventsPath('3206022026A000900006'), { token: centre, body: later })).status,
    ).toBe(201);
    await receiver.waitFor(() => receiver.acceptedKeysInOrder().includes(later.id), 30_000, 'the later one');
    const signedOnce = receiver.accepted.find((each) => each.idempotencyKey === later.id)!;
    expect(String(signedOnce.headers['webhook-signature']).split(' ')).toHaveLength(1);
    expect(verifiesWith(newest, signedOnce)).toBe(true);
    expect(verifiesWith(fresh, signedOnce)).toBe(false);
    await service.call('DELETE', `/v1/subscriptions/${subscription.id}`, { token: subscriber });
  });

  it('follows no redirect: a 3xx is a dead letter, the place it points to gets nothing', async () => {
    const target = receivers[1]!;
    const before = target.requests.length;
    const redirecting: Server = createServer((_request, response) => {
      response.writeHead(307, { location: target.url }).end();
    });
    await new Promise<void>((resolve) => redirecting.listen(0, '127.0.0.1', resolve));
    try {
      const port = (redirecting.address() as AddressInfo).port;
      const { subscription } = await subscribe(service, subscriber, {
        url: `http://127.0.0.1:${port}/hook`,
        filter: { stages: ['AnnouncementPublished'] },
      });
      const announcement = event('AnnouncementPublished', 'engineering', '3206022026A000900003');
      await service.call('POST', eventsPath('3206022026A000900003'), { token: centre, body: announcement });
      await waitForDelivery(
        service,
        subscriber,
        subscription.id,
        (delivery) => delivery.openDeadLetters === 1,
      );
      const letters = await service.call('GET', `/v1/subscriptions/${subscription.id}/dead-letters`, {
        token: subscriber,
      });
      expect(letters.body.items).toEqual([
        expect.objectContaining({ eventId: announcement.id, reason: 'rejected', httpStatus: 307 }),
      ]);
      expect(target.requests.length).toBe(before);
      await conformsToOpenApi(service, 'GET', '/v1/subscriptions/{id}/dead-letters', letters);
      const deadLetterId = (letters.body.items as Array<{ id: number }>)[0]!.id;
      const retried = await service.call(
        'POST',
        `/v1/subscriptions/${subscription.id}/dead-letters/${deadLetterId}/retry`,
        { token: subscriber },
      );
      expect(retried.body).toMatchObject({
        outcome: 'failed',
        deadLetter: { status: 'open', httpStatus: 307 },
      });
      await conformsToOpenApi(
        service,
        'POST',
        '/v1/subscriptions/{id}/dead-letters/{deadLetterId}/retry',
        retried,
      );
      const discarded = await service.call(
        'POST',
        `/v1/subscriptions/${subscription.id}/dead-letters/${deadLetterId}/discard`,
        { token: subscriber },
      );
      expect(discarded.body).toMatchObject({ status: 'discarded' });
      await conformsToOpenApi(
        service,
        'POST',
        '/v1/subscriptions/{id}/dead-letters/{deadLetterId}/discard',
        discarded,
      );
      expect(target.requests.length).toBe(before);
      await service.call('DELETE', `/v1/subscriptions/${subscription.id}`, { token: subscriber });
    } finally {
      await new Promise<void>((resolve) => redirecting.close(() => resolve()));
    }
  });
});

describe('subscriptions survive a restart and deliver what happened meanwhile', () => {
  it('resumes from its checkpoint: nothing lost while the receiver and the service were down', async () => {
    const receiver = await RecordingReceiver.start();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-subscriptions-restart-'));
    let service = await startService(LOOPBACK_ALLOWED, dataDir);
    try {
      const subscriber = await createToken(service, SUBSCRIBER);
      const centre = await createToken(service, NANTONG_CENTRE);
      const { subscription, secret } = await subscribe(service, subscriber, { url: receiver.url });
      await receiver.goDown();
      const before = await appendLifecycle(service, centre, '3206022026A000900004');
      await service.stop({ keepData: true });

      service = await startService(LOOPBACK_ALLOWED, dataDir);
      const listed = await service.call('GET', '/v1/subscriptions', { token: subscriber });
      expect((listed.body.items as SubscriptionBody[]).map((each) => each.id)).toEqual([subscription.id]);
      const after = await appendLifecycle(service, centre, '3206022026A000900005');
      await receiver.comeBack();
      const all = [...before, ...after];
      await receiver.waitFor(() => receiver.accepted.length === all.length, 30_000, 'every event');
      // Every event once, each transaction's in its order (transactions are delivered side by side).
      const got = receiver.acceptedKeysInOrder();
      expect([...got].sort()).toEqual([...all].sort());
      expect(got.filter((id) => before.includes(id))).toEqual(before);
      expect(got.filter((id) => after.includes(id))).toEqual(after);
      for (const delivery of receiver.accepted) expect(verifiesWith(secret, delivery)).toBe(true);
    } finally {
      await service.stop();
      await receiver.close();
    }
  });
});

describe('webhook URLs that point inside are refused (SSRF)', () => {
  let service: RunningService;
  let subscriber: string;

  beforeAll(async () => {
    service = await startService(FAST);
    subscriber = await createToken(service, SUBSCRIBER);
  });
  afterAll(async () => {
    await service.stop();
  });

  it.each([
    'http://127.0.0.1:8080/hook',
    'http://127.1/hook',
    'http://2130706433/hook',
    'http://0x7f000001/hook',
    'http://localhost/hook',
    'http://localhost./hook',
    'http://app.localhost/hook',
    'http://[::1]/hook',
    'http://[::ffff:127.0.0.1]/hook',
    'http://[::ffff:a9fe:a9fe]/latest/meta-data',
    'http://169.254.169.254/latest/meta-data',
    'http://[fe80::1]/hook',
    'http://[fd00::1]/hook',
    'http://10.0.0.1/hook',
    'http://172.16.5.4/hook',
    'http://192.168.1.1/hook',
    'http://100.64.0.1/hook',
    'http://0.0.0.0/hook',
    'http://[::]/hook',
    'http://224.0.0.1/hook',
    'http://[64:ff9b::a9fe:a9fe]/hook',
    'http://user:secret@203.0.113.9/hook',
    'http://metadata.invalid/hook',
  ])('refuses %s', async (url) => {
    const answer = await service.call('POST', '/v1/subscriptions', { token: subscriber, body: { url } });
    expect([url, answer.status, answer.body.type]).toEqual([
      url,
      422,
      'urn:gongkai:problem:webhook-url-refused',
    ]);
  });

  it('refuses other schemes before looking at the host', async () => {
    const answer = await service.call('POST', '/v1/subscriptions', {
      token: subscriber,
      body: { url: 'file:///etc/passwd' },
    });
    expect(answer.status).toBe(400);
    expect((await service.call('GET', '/v1/subscriptions', { token: subscriber })).body.items).toEqual([]);
  });
});
