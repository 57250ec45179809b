import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore } from '@gongkai/event-store';
import { eventStorePath } from '@gongkai/runtime';
import { FeedWorkload } from '../../bench/lib/feed-workload';
import { startChildService, type ChildService } from '../service/child-service';

/** Enough events that the whole-store verification on its thread takes seconds (~14k events/s). */
const EVENTS = 40_000;
const ADMIN = 'sigterm-verify-admin-token-0123456789ab';

interface Health {
  integrity: {
    phase: string;
    treeSize: number;
    scrub?: { checked: number; treeSize: number };
    verified?: { treeSize: number };
  };
}

async function health(service: ChildService): Promise<Health> {
  return (await (await fetch(`${service.url}/health`)).json()) as Health;
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = await probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`${what}: not in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * A store never signed (no checkpoint): the service verifies the whole store on its scrub thread before it
 * signs anything. A SIGTERM then must stop the process at once, not after the verification (at 10M events,
 * the process was still running 80 s after SIGTERM, and was killed).
 */
describe('SIGTERM during the first whole-store verification', () => {
  let dataDir: string;
  let running: ChildService | undefined;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-sigterm-verify-'));
    const store = await SqliteEventStore.open({ path: eventStorePath(dataDir), synchronous: 'NORMAL' });
    await new FeedWorkload().load(store, EVENTS, 32, 'sigterm-verify load');
    await store.close();
  }, 120_000);
  afterAll(() => {
    if (running && running.child.exitCode === null && running.child.signalCode === null)
      running.child.kill('SIGKILL');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('exits 0 within seconds, and a restart verifies the store again and signs', async () => {
    const env = {
      GONGKAI_DATA_DIR: dataDir,
      GONGKAI_ADMIN_TOKEN: ADMIN,
      GONGKAI_CHECKPOINT_INTERVAL_MS: '0',
      // The read models are not what this is about: their build would only compete for the cores.
      GONGKAI_ROLE: 'api',
    };
    running = await startChildService(env);
    const first = running;
    const atKill = await until(
      'the whole-store verification under way',
      async () => {
        const { integrity } = await health(first);
        const scrub = integrity.scrub;
        return integrity.phase === 'verifying' && scrub && scrub.checked > 0 && scrub.checked < scrub.treeSize
          ? scrub
          : undefined;
      },
      120_000,
    );
    expect(atKill.treeSize).toBe(EVENTS);
    const signalled = Date.now();
    first.child.kill('SIGTERM');
    const exit = await first.exited;
    const stopMs = Date.now() - signalled;
    expect(exit).toEqual({ code: 0, signal: null });
    expect(stopMs).toBeLessThan(5_000);
    // The run was cut, not finished: no verified-through mark, no checkpoint signed.
    expect(existsSync(path.join(dataDir, 'verified-through.json'))).toBe(false);
    expect(existsSync(path.join(dataDir, 'checkpoints.jsonl'))).toBe(false);

    running = await startChildService(env);
    const second = running;
    const verified = await until(
      'the restart verified the whole store',
      async () => {
        const { integrity } = await health(second);
        return integrity.phase === 'live' && integrity.verified ? integrity : undefined;
      },
      120_000,
    );
    expect(verified.verified!.treeSize).toBe(EVENTS);
    const checkpoint = await fetch(`${second.url}/v1/log/checkpoint`);
    expect(checkpoint.status).toBe(200);
    expect((await checkpoint.text()).split('\n')[1]).toBe(String(EVENTS));
    second.child.kill('SIGTERM');
    expect((await second.exited).code).toBe(0);
  }, 300_000);
});
