import { readdirSync, readFileSync } from 'node:fs';
import * as os from 'node:os';
import { threadId } from 'node:worker_threads';
import { ADMIN_TOKEN, startService, type RunningService } from './harness';
import { createToken, eventsPath, lifecycle, NANTONG_CENTRE } from './fixtures';
import { waitForProjections } from './read-model-support';

interface ReadModelsHealthBody {
  status: string;
  runsOn: string;
  thread?: { threadId?: number; restarts: number; lastExit?: { message: string } };
  projections: Array<{ name: string; phase: string; lagEvents: number }>;
}

async function readModelsHealth(service: RunningService): Promise<ReadModelsHealthBody> {
  const answer = await service.call('GET', '/health');
  expect(answer.status).toBe(200);
  return answer.body.readModels as ReadModelsHealthBody;
}

/** Appends the first `count` events of a procurement lifecycle; answers the last position. */
async function append(service: RunningService, token: string, id: string, count: number): Promise<number> {
  let position = 0;
  for (const body of lifecycle('procurement', id).slice(0, count)) {
    const answer = await service.call('POST', eventsPath(id), { token, body });
    expect(answer.status).toBe(201);
    position = answer.body.position as number;
  }
  return position;
}

function transactionIds(answer: { body: Record<string, unknown> }): string[] {
  return (answer.body.items as Array<{ transactionId: string }>).map((item) => item.transactionId);
}

describe('the projections on a worker thread of their own (GONGKAI_ROLE=all)', () => {
  let service: RunningService;
  let centre: string;

  beforeAll(async () => {
    service = await startService();
    centre = await createToken(service, NANTONG_CENTRE);
    await waitForProjections(service);
  });
  afterAll(() => service.stop());

  it('reports the thread they run on, which is not the request thread', async () => {
    const health = await readModelsHealth(service);
    expect(health.runsOn).toBe('worker-thread');
    expect(health.thread?.threadId).toEqual(expect.any(Number));
    // The service runs on this thread (in-process), and the projections on another one.
    expect(health.thread!.threadId).not.toBe(threadId);
  });

  it('answers writes, /health and the trail while the projection thread is blocked, then reads its writes', async () => {
    const id = 'NTCG2026-THREAD-PAUSED';
    const resume = await service.service.background.readModels.projectionThread!.pause();
    let resumed = false;
    try {
      // Nothing of this waits for the projection thread: it is blocked (Atomics.wait) for all of it.
      const position = await append(service, centre, id, 3);
      const health = await readModelsHealth(service);
      expect(health.projections.every((p) => p.lagEvents > 0)).toBe(true);
      const trail = await service.call('GET', `/v1/transactions/${id}`);
      expect(trail.status).toBe(200);
      const projections = await service.call('GET', '/v1/projections');
      expect(projections.status).toBe(200);

      // Read-your-writes: the search waits (bounded) until the read model has the write.
      const search = service.call('GET', `/v1/transactions?minPosition=${position}`);
      resume();
      resumed = true;
      const found = await search;
      expect(found.status).toBe(200);
      expect(transactionIds(found)).toContain(id);
    } finally {
      if (!resumed) resume();
    }
  });

  it('posts one commit notice while the thread has not taken the last, and a new one once it has', async () => {
    const thread = service.service.background.readModels.projectionThread!;
    const id = 'NTCG2026-THREAD-NOTICES';
    const resume = await thread.pause();
    let resumed = false;
    try {
      const before = thread.state.commitNotices.sent;
      // Four appends, four commits: the blocked thread holds the first notice, the others would add nothing.
      const position = await append(service, centre, id, 4);
      expect(thread.state.commitNotices).toEqual({ sent: before + 1, pending: true });
      const search = service.call('GET', `/v1/transactions?minPosition=${position}`);
      resume();
      resumed = true;
      const found = await search;
      expect(found.status).toBe(200);
      expect(transactionIds(found)).toContain(id);
      for (let waited = 0; thread.state.commitNotices.pending; waited += 10) {
        if (waited > 5_000) throw new Error('the thread never took the notice');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }

      // Taken: the next commit posts again, and the thread applies it.
      const fifth = lifecycle('procurement', id)[4]!;
      const answer = await service.call('POST', eventsPath(id), { token: centre, body: fifth });
      expect(answer.status).toBe(201);
      expect(thread.state.commitNotices.sent).toBe(before + 2);
      const again = await service.call('GET', `/v1/transactions?minPosition=${String(answer.body.position)}`);
      expect(again.status).toBe(200);
      expect(transactionIds(again)).toContain(id);
    } finally {
      if (!resumed) resume();
    }
  });

  it('posts at most one commit notice per interval to an idle thread, and one after the burst', async () => {
    const spaced = await startService({ GONGKAI_PROJECTION_NOTICE_MS: '5000' });
    try {
      const token = await createToken(spaced, NANTONG_CENTRE);
      await waitForProjections(spaced);
      const thread = spaced.service.background.readModels.projectionThread!;
      const id = 'NTCG2026-THREAD-SPACED';
      const lifecycleEvents = lifecycle('procurement', id);
      const post = async (index: number): Promise<number> => {
        const answer = await spaced.call('POST', eventsPath(id), { token, body: lifecycleEvents[index] });
        expect(answer.status).toBe(201);
        return answer.body.position as number;
      };
      await post(0);
      const first = thread.state.commitNotices.sent;
      // Three more commits within the interval: none posts now, one timer covers them all.
      await post(1);
      await post(2);
      const last = await post(3);
      expect(thread.state.commitNotices.sent).toBe(first);
      for (let waited = 0; thread.state.commitNotices.sent === first; waited += 20) {
        if (waited > 10_000) throw new Error('no notice followed the burst');
        await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(thread.state.commitNotices.sent).toBe(first + 1);
      const found = await spaced.call('GET', `/v1/transactions?minPosition=${last}`);
      expect(found.status).toBe(200);
      expect(transactionIds(found)).toContain(id);
    } finally {
      await spaced.stop();
    }
  });

  const nicePerThread = (): number[] =>
    readdirSync('/proc/self/task').map((tid) => {
      const stat = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]); // field 19: nice
    });

  (process.platform === 'linux' ? it : it.skip)(
    'GONGKAI_PROJECTION_NICE lowers the priority of the projection thread alone',
    async () => {
      const base = os.getPriority();
      const before = nicePerThread().filter((nice) => nice === Math.min(19, base + 7)).length;
      const niced = await startService({ GONGKAI_PROJECTION_NICE: '7' });
      try {
        const after = nicePerThread();
        // One thread more at base + 7 (the projection thread); this one and the rest stay at the base.
        expect(after.filter((nice) => nice === Math.min(19, base + 7)).length).toBe(before + 1);
        expect(os.getPriority()).toBe(base);
        // It still follows the store: a write is applied.
        const token = await createToken(niced, NANTONG_CENTRE);
        const id = 'NTCG2026-THREAD-NICE';
        const answer = await niced.call('POST', eventsPath(id), {
          token,
          body: lifecycle('procurement', id)[0],
        });
        expect(answer.status).toBe(201);
        const found = await niced.call('GET', `/v1/transactions?minPosition=${String(answer.body.position)}`);
        expect(transactionIds(found)).toContain(id);
      } finally {
        await niced.stop();
      }
    },
  );

  it('forwards a rebuild to the thread: one at a time (409), switched when done', async () => {
    const readModels = service.service.background.readModels;
    const before = await service.call('GET', '/v1/transactions?limit=100');
    const generation = (await waitForProjections(service)).find(
      (r) => r.name === 'public-disclosure',
    )!.generation;
    const resume = await readModels.projectionThread!.pause();
    // Both requests reach the thread before it handles either: the second finds the first running.
    const first = readModels.rebuild('public-disclosure');
    const second = readModels.rebuild('public-disclosure');
    resume();
    await expect(first).resolves.toBeUndefined();
    await expect(second).rejects.toMatchObject({ status: 409 });

    await waitForProjections(service, (reports) =>
      reports.some((r) => r.name === 'public-disclosure' && r.generation > generation),
    );
    const after = await service.call('GET', '/v1/transactions?limit=100');
    expect(after.body.items).toEqual(before.body.items);
    const again = await service.call('POST', '/v1/projections/public-disclosure/rebuild', {
      token: ADMIN_TOKEN,
    });
    expect(again.status).toBe(202);
    await waitForProjections(service, (reports) =>
      reports.some((r) => r.name === 'public-disclosure' && r.generation > generation + 1),
    );
  });

  it('reports a thread that died as failing, restarts it, and applies each event once', async () => {
    const readModels = service.service.background.readModels;
    await readModels.projectionThread!.kill();
    const down = await readModels.health();
    expect(down.status).toBe('failing');
    expect(down.thread).toMatchObject({
      restarts: 1,
      lastExit: { message: expect.stringContaining('exited') },
    });
    const report = (await readModels.status())[0]!;
    expect(report.phase).toBe('failing');
    expect(report.lastError?.message).toContain('restarting');

    const id = 'NTCG2026-THREAD-RESTART';
    const position = await append(service, centre, id, 2);
    await waitForProjections(service, () => true, 60_000);
    const health = await readModelsHealth(service);
    expect(health.status).toBe('live');
    expect(health.thread?.restarts).toBe(1);
    const search = await service.call('GET', `/v1/transactions?minPosition=${position}&limit=100`);
    expect(transactionIds(search).filter((t) => t === id)).toHaveLength(1);
  }, 90_000);
});

describe('GONGKAI_PROJECTION_THREAD=0', () => {
  let service: RunningService | undefined;
  afterAll(() => service?.stop());

  it('runs the projections on the event loop, as before', async () => {
    service = await startService({ GONGKAI_PROJECTION_THREAD: '0' });
    await waitForProjections(service);
    const health = await readModelsHealth(service);
    expect(health).toMatchObject({ status: 'live', runsOn: 'event-loop' });
    expect(health.thread).toBeUndefined();
    expect(service.service.background.readModels.projectionThread).toBeUndefined();
  });
});
