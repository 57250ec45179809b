import { mkdtempSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { RecordingReceiver } from '../../libs/sinks/src/testing/recording-receiver';
import { ConfigError, loadConfig } from '@gongkai/runtime';
import { ADMIN_TOKEN, startService, type RunningService } from './harness';
import { createToken, eventsPath, lifecycle, NANTONG_CENTRE } from './fixtures';

interface TargetStatusBody {
  target: string;
  checkpoint: number;
  headPosition: number;
  lag: number;
  delivered: number;
  openDeadLetters: number;
}

function writeTargets(dataDir: string, receiverUrl: string): string {
  const file = path.join(dataDir, 'targets.json');
  writeFileSync(
    file,
    JSON.stringify([
      {
        name: 'jiangsu',
        kind: 'provincial-platform',
        url: `${receiverUrl}/push`,
        regions: ['32'],
        platformCode: 'JSGGZY',
        pubServicePlatCode: 'QGGGZY',
        retry: { initialDelayMs: 10, maxDelayMs: 50, maxAttempts: 2 },
      },
    ]),
  );
  return file;
}

describe('sink delivery run by the service', () => {
  let receiver: RecordingReceiver;
  let service: RunningService;
  let centre: string;

  /** Appends a lifecycle; returns the ids of the events the province takes (not the complaint decision). */
  async function append(transactionId: string): Promise<string[]> {
    const ids: string[] = [];
    for (const stage of lifecycle('engineering', transactionId)) {
      const answer = await service.call('POST', eventsPath(transactionId), { token: centre, body: stage });
      expect(answer.status).toBe(201);
      if (stage.type !== 'ComplaintDecided') ids.push(stage.id);
    }
    return ids;
  }

  async function targetStatus(): Promise<TargetStatusBody> {
    const answer = await service.call('GET', '/v1/sinks', { token: ADMIN_TOKEN });
    expect(answer.status).toBe(200);
    return (answer.body.targets as TargetStatusBody[])[0]!;
  }

  beforeAll(async () => {
    receiver = await RecordingReceiver.start();
    const dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-service-sinks-'));
    service = await startService({ GONGKAI_SINK_TARGETS_FILE: writeTargets(dataDir, receiver.url) }, dataDir);
    centre = await createToken(service, NANTONG_CENTRE);
  });
  afterAll(async () => {
    await service.stop();
    await receiver.close();
  });

  it('refuses to start with a targets file that does not validate, naming the variable', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-bad-targets-'));
    const file = path.join(dir, 'targets.json');
    writeFileSync(file, JSON.stringify([{ name: 'x', kind: 'provincial-platform', url: 'ftp://nowhere' }]));
    expect(() => loadConfig({ GONGKAI_SINK_TARGETS_FILE: file })).toThrow(ConfigError);
    expect(() => loadConfig({ GONGKAI_SINK_TARGETS_FILE: file })).toThrow(/GONGKAI_SINK_TARGETS_FILE/);
    expect(() => loadConfig({ GONGKAI_SINK_TARGETS_FILE: path.join(dir, 'missing.json') })).toThrow(
      /cannot read/,
    );
  });

  it('delivers every appended event to the configured receiver, in order, keyed by event id', async () => {
    const ids = await append('3206022026A000700001');
    await receiver.waitFor(() => receiver.accepted.length >= ids.length, 10_000, 'every event');
    expect(receiver.acceptedKeysInOrder()).toEqual(ids);
    expect(receiver.duplicates).toBe(0);
    const status = await targetStatus();
    expect(status).toMatchObject({ target: 'jiangsu', delivered: ids.length, openDeadLetters: 0 });
    const metrics = await service.call('GET', '/metrics');
    expect(metrics.text).toContain('gongkai_sink_');
    expect(metrics.text).toContain('target="jiangsu"');
  });

  it('dead-letters a refused event, holds its stream, and releases it on retry (admin)', async () => {
    const [first, ...rest] = lifecycle('engineering', '3206022026A000700002');
    receiver.reject((request) => request.idempotencyKey === first!.id, 422, 1);
    for (const stage of [first!, ...rest]) {
      await service.call('POST', eventsPath('3206022026A000700002'), { token: centre, body: stage });
    }
    let open: Array<{ id: number; eventId: string; status: string }> = [];
    for (let tries = 0; tries < 200 && open.length === 0; tries++) {
      const answer = await service.call('GET', '/v1/sinks/dead-letters', { token: ADMIN_TOKEN });
      open = answer.body.items as typeof open;
      if (open.length === 0) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    expect(open).toEqual([expect.objectContaining({ eventId: first!.id, status: 'open' })]);
    const accepted = new Set(receiver.acceptedKeysInOrder());
    expect(rest.some((stage) => accepted.has(stage.id))).toBe(false);

    expect((await service.call('GET', '/v1/sinks/dead-letters', { token: centre })).status).toBe(403);
    expect(
      (await service.call('POST', '/v1/sinks/dead-letters/99999/retry', { token: ADMIN_TOKEN })).status,
    ).toBe(404);

    const retried = await service.call('POST', `/v1/sinks/dead-letters/${open[0]!.id}/retry`, {
      token: ADMIN_TOKEN,
      body: { note: 'field fixed on the platform side' },
    });
    expect(retried.status).toBe(200);
    expect(retried.body.outcome).toBe('delivered');
    const ids = [first!, ...rest]
      .filter((stage) => stage.type !== 'ComplaintDecided')
      .map((stage) => stage.id);
    await receiver.waitFor(
      () => ids.every((id) => receiver.acceptedKeysInOrder().includes(id)),
      15_000,
      'the held events',
    );
    const order = receiver.acceptedKeysInOrder().filter((key) => ids.includes(key));
    expect(order).toEqual(ids);

    const again = await service.call('POST', `/v1/sinks/dead-letters/${open[0]!.id}/discard`, {
      token: ADMIN_TOKEN,
    });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toContain('application/problem+json');
  });

  it('discards a dead letter on request and moves on', async () => {
    const [first, ...rest] = lifecycle('engineering', '3206022026A000700003');
    receiver.reject((request) => request.idempotencyKey === first!.id, 400);
    for (const stage of [first!, ...rest]) {
      await service.call('POST', eventsPath('3206022026A000700003'), { token: centre, body: stage });
    }
    let open: Array<{ id: number; eventId: string }> = [];
    for (let tries = 0; tries < 200 && open.length === 0; tries++) {
      const answer = await service.call('GET', '/v1/sinks/dead-letters?status=open', { token: ADMIN_TOKEN });
      open = answer.body.items as typeof open;
      if (open.length === 0) await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const discarded = await service.call('POST', `/v1/sinks/dead-letters/${open[0]!.id}/discard`, {
      token: ADMIN_TOKEN,
      body: { note: 'not for the province' },
    });
    expect(discarded.status).toBe(200);
    expect(discarded.body).toMatchObject({ status: 'discarded', note: 'not for the province' });
    await receiver.waitFor(
      () =>
        rest
          .filter((stage) => stage.type !== 'ComplaintDecided')
          .every((stage) => receiver.acceptedKeysInOrder().includes(stage.id)),
      15_000,
      'the rest of the stream',
    );
    expect(receiver.acceptedKeysInOrder()).not.toContain(first!.id);
    receiver.clearFaults();
    const status = await targetStatus();
    expect(status.openDeadLetters).toBe(0);
  });
});
