import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore, ReadAllOptions } from '../event-store.port';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import { CheckpointSigner } from './checkpoint-signer';
import { IntegrityLog } from './integrity-log';
import { SqliteTileStorage } from './tile-storage';
import { verifyAll } from './verify';

/**
 * The SQLite store's reads resolve at once, so a loop of awaits over them never lets timers or I/O run:
 * a whole-store verification at start-up would hold the service's event loop (no HTTP answer, plugins timing
 * out) until it had read every event. It must yield between pages.
 */
describe('integrity work over a large store', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-verify-yields-'));
    store = await SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
    for (let stream = 0; stream < 5; stream++)
      await store.append(
        `txn-${stream}`,
        Array.from({ length: 10 }, (_, i) => ({ id: randomUUID(), type: 'Thing', data: { i } })),
      );
  });

  afterEach(async () => {
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('verifyAll lets the event loop run between pages', async () => {
    let ranMeanwhile = false;
    const verifying = verifyAll(store, { pageSize: 10 });
    setImmediate(() => {
      ranMeanwhile = true;
    });
    const result = await verifying;
    expect(result.ok).toBe(true);
    expect(ranMeanwhile).toBe(true);
  });

  it('the Merkle log catching up lets the event loop run between pages', async () => {
    const signer = await CheckpointSigner.open({ origin: 'verify-yields.spec', dataDir: dir });
    const tiles = SqliteTileStorage.open(join(dir, 'merkle-tiles.db'));
    const log = await IntegrityLog.open({ store, tiles, signer, pageSize: 10 });
    try {
      for (let i = 0; i < 5; i++)
        await store.append(
          `txn-later-${i}`,
          Array.from({ length: 10 }, (_, n) => ({ id: randomUUID(), type: 'Thing', data: { n } })),
        );
      let ranMeanwhile = false;
      const catchingUp = log.catchUp();
      setImmediate(() => {
        ranMeanwhile = true;
      });
      expect(await catchingUp).toBe(100);
      expect(ranMeanwhile).toBe(true);
    } finally {
      await log.close();
    }
  });

  /**
   * A store whose events each take 1 ms to read (on a fake clock), recording every page size asked for:
   * work over it must come in slices of about 8 ms, not pages of 1,000 events (15 ms of decoding and hashing
   * on a quiet machine, hundreds under load, with every HTTP request waiting behind each page).
   */
  async function slowStore(): Promise<{ slow: EventStore; asked: number[]; now: () => number }> {
    for (let stream = 5; stream < 30; stream++)
      await store.append(
        `txn-${stream}`,
        Array.from({ length: 10 }, (_, i) => ({ id: randomUUID(), type: 'Thing', data: { i } })),
      );
    let clock = 0;
    const asked: number[] = [];
    const slow = new Proxy(store, {
      get(target, name, receiver) {
        if (name !== 'readAll') return Reflect.get(target, name, receiver) as unknown;
        return async (options: ReadAllOptions) => {
          const page = await target.readAll(options);
          if (options.direction !== 'backwards') asked.push(options.maxCount ?? Infinity);
          clock += page.length;
          return page;
        };
      },
    });
    return { slow, asked, now: () => clock };
  }

  it('verifyAll reads pages of about one 8 ms slice of work each', async () => {
    const { slow, asked, now } = await slowStore();
    const result = await verifyAll(slow, { slicing: { now } });
    expect(result).toMatchObject({ ok: true, checked: 300 });
    expect(asked.length).toBeGreaterThan(30);
    expect(Math.max(...asked.slice(1))).toBeLessThanOrEqual(8);
  });

  it('the Merkle log catches up in slices but writes its tiles in batches', async () => {
    const { slow, asked, now } = await slowStore();
    const tiles = SqliteTileStorage.open(join(dir, 'merkle-tiles.db'));
    const writes = jest.spyOn(tiles, 'write');
    const log = await IntegrityLog.open({ store: slow, tiles, slicing: { now } });
    try {
      expect(log.size).toBe(300);
      expect(asked.length).toBeGreaterThan(30);
      expect(Math.max(...asked.slice(1))).toBeLessThanOrEqual(8);
      expect(writes).toHaveBeenCalledTimes(1);
      expect((await verifyAll(store, { tree: log.tree })).ok).toBe(true);
    } finally {
      await log.close();
    }
  });

  it('close() stops an in-process verification at its next page instead of waiting for its end', async () => {
    const { slow, asked, now } = await slowStore();
    const signer = await CheckpointSigner.open({ origin: 'verify-yields.spec', dataDir: dir });
    const tiles = SqliteTileStorage.open(join(dir, 'merkle-tiles.db'));
    // No checkpoint signed yet: the check at start is a whole-store run, in process (no scrubber).
    const log = await IntegrityLog.open({
      store: slow,
      tiles,
      signer,
      slicing: { now },
      verifyAtStart: true,
    });
    asked.length = 0;
    await new Promise((resolve) => setImmediate(resolve));
    expect(log.phase).toBe('verifying');
    await log.close();
    // A page or two were read, not the 30+ pages of a complete run.
    expect(asked.length).toBeLessThan(5);
    expect(log.lastVerify?.error).toMatch(/stopped/);
  });
});
