import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore, type RecordedEvent } from '@gongkai/event-store';
import { RecordingReceiver } from '../../libs/sinks/src/testing/recording-receiver';
import { startChildService, type ChildService } from './child-service';
import { eventsPath, lifecycle, NANTONG_CENTRE } from './fixtures';
import { expectReadModelsEqualRebuild } from './read-model-support';

const ADMIN = 'crash-admin-token-0123456789abcdef';
const STREAMS = 30;

async function json(
  url: string,
  init: RequestInit = {},
): Promise<{ status: number; body: Record<string, unknown> }> {
  const response = await fetch(url, init);
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('the service killed with SIGKILL mid-projection and mid-delivery', () => {
  let dataDir: string;
  let receiver: RecordingReceiver;
  let running: ChildService | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-crash-'));
    receiver = await RecordingReceiver.start();
  });
  afterAll(async () => {
    if (running && running.child.exitCode === null && running.child.signalCode === null)
      running.child.kill('SIGKILL');
    await receiver.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  // Its own waits add up to more than jest's default 60 s (delivery under way, 30 s; every event after the
  // restart, 60 s; the catch-up): on a loaded machine the test, not the service, ran out of time.
  it('restarts to read models equal to a rebuild from zero, and delivers every event without gap', async () => {
    const targetsFile = path.join(dataDir, 'targets.json');
    writeFileSync(
      targetsFile,
      JSON.stringify([
        {
          name: 'jiangsu',
          kind: 'provincial-platform',
          url: `${receiver.url}/push`,
          regions: ['32'],
          platformCode: 'JSGGZY',
          pubServicePlatCode: 'QGGGZY',
          retry: { initialDelayMs: 10, maxDelayMs: 100 },
        },
      ]),
    );
    const env = {
      GONGKAI_DATA_DIR: dataDir,
      GONGKAI_ADMIN_TOKEN: ADMIN,
      GONGKAI_SINK_TARGETS_FILE: targetsFile,
    };
    running = await startChildService(env);
    const first = running;
    const token = (
      await json(`${first.url}/v1/tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${ADMIN}`, 'content-type': 'application/json' },
        body: JSON.stringify(NANTONG_CENTRE),
      })
    ).body.token as string;
    // The receiver answers slowly, so delivery trails the appends and is in full flow at the kill.
    receiver.slowDown(3);

    // Steady append load: every stream appends its lifecycle in order; the kill interrupts some of them.
    let killed = false;
    const statuses: number[] = [];
    const appendStream = async (index: number): Promise<void> => {
      const transactionId = `3206022026A8${String(index).padStart(6, '0')}01`;
      for (const stage of lifecycle('engineering', transactionId)) {
        if (killed) return;
        try {
          const answer = await fetch(`${first.url}${eventsPath(transactionId)}`, {
            method: 'POST',
            headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
            body: JSON.stringify(stage),
          });
          statuses.push(answer.status);
        } catch {
          return; // the process is gone; whether this one was stored is read back from the store below
        }
      }
    };
    const load = Promise.all(Array.from({ length: STREAMS }, (_, i) => appendStream(i)));
    await receiver
      .waitFor(() => receiver.accepted.length >= 40, 30_000, 'delivery under way')
      .catch((error: unknown) => {
        throw new Error(
          `${String(error)}; append statuses ${statuses.slice(0, 5).join(',')}\n${first.output()}`,
        );
      });
    expect(statuses.every((status) => status === 201)).toBe(true);
    killed = true;
    first.child.kill('SIGKILL');
    expect((await first.exited).signal).toBe('SIGKILL');
    await load;
    const deliveredBeforeCrash = receiver.accepted.length;

    running = await startChildService(env);
    const second = running;
    const store = await SqliteEventStore.open({ path: path.join(dataDir, 'events.sqlite') });
    let events: RecordedEvent[];
    try {
      events = await store.readAll();
    } finally {
      await store.close();
    }
    expect(events.length).toBeGreaterThan(deliveredBeforeCrash);

    // Every stored event the province takes reaches the receiver once per idempotency key, in order within
    // its stream (complaint decisions are not a trading-platform data set: skipped).
    const ids = events.filter((event) => event.type !== 'ComplaintDecided').map((event) => event.id);
    await receiver.waitFor(
      () => ids.every((id) => receiver.accepted.some((a) => a.idempotencyKey === id)),
      60_000,
      'every event after the restart',
    );
    const accepted = receiver.acceptedKeysInOrder();
    expect(new Set(accepted)).toEqual(new Set(ids));
    expect(accepted.length).toBe(ids.length);
    const streamOf = new Map(events.map((event) => [event.id, event.streamId]));
    const positionOf = new Map(events.map((event) => [event.id, event.position]));
    const byStream = new Map<string, number[]>();
    for (const key of accepted) {
      const list = byStream.get(streamOf.get(key)!) ?? [];
      list.push(positionOf.get(key)!);
      byStream.set(streamOf.get(key)!, list);
    }
    for (const positions of byStream.values())
      expect(positions).toEqual([...positions].sort((a, b) => a - b));

    // Projections and the sink checkpoint catch up to the head after the restart.
    const head = events.at(-1)!.position;
    const deadline = Date.now() + 30_000;
    for (;;) {
      const projections = (await json(`${second.url}/v1/projections`)).body.projections as Array<{
        phase: string;
        position: number;
      }>;
      const sinks = (await json(`${second.url}/v1/sinks`, { headers: { authorization: `Bearer ${ADMIN}` } }))
        .body.targets as Array<{ checkpoint: number }>;
      if (projections.every((p) => p.phase === 'live' && p.position >= head) && sinks[0]!.checkpoint >= head)
        break;
      if (Date.now() > deadline) throw new Error(`not caught up: ${JSON.stringify({ projections, sinks })}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);

    await expectReadModelsEqualRebuild(dataDir);
  }, 300_000);
});
