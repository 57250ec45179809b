import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CheckpointSigner,
  FileCheckpointStore,
  IntegrityLog,
  SqliteEventStore,
  SqliteTileStorage,
} from '@gongkai/event-store';
import type { Integrity } from '../../apps/gongkai/src/modules/integrity/core/open-integrity';
import {
  checkSize,
  currentCheckpoint,
  leafOfPosition,
} from '../../apps/gongkai/src/modules/integrity/transparency-log/log-access';
import { Problem } from '../../apps/gongkai/src/platform/http/problem';

/** The HTTP side of a Merkle tree still being built at start (a store without tiles, or tiles far behind). */
describe('proofs and checkpoints while the tree is built at start', () => {
  let dir: string;
  let store: SqliteEventStore;
  let integrity: Integrity | undefined;

  beforeEach(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-tree-at-start-'));
    store = await SqliteEventStore.open({ path: path.join(dir, 'events.sqlite'), synchronous: 'NORMAL' });
    for (let i = 0; i < 200; i += 20) {
      await store.append(
        `txn-${i}`,
        Array.from({ length: 20 }, (_, n) => ({ id: randomUUID(), type: 'Noted', data: { n: i + n } })),
      );
    }
  });

  afterEach(async () => {
    await integrity?.log.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers 503 with Retry-After for what the tree has not reached, then proves and signs all of it', async () => {
    const signer = await CheckpointSigner.open({ origin: 'tree.test', dataDir: dir });
    const checkpoints = FileCheckpointStore.inDataDir(dir);
    const log = await IntegrityLog.open({
      store,
      tiles: SqliteTileStorage.inDataDir(dir),
      signer,
      checkpoints,
      verifyAtStart: true,
      foregroundLeaves: 10,
      buildPageSize: 5,
    });
    integrity = { log, signer, checkpoints };
    expect(log.phase).toBe('building');

    const unavailable = (work: () => unknown) => {
      try {
        work();
      } catch (error) {
        expect(error).toBeInstanceOf(Problem);
        const problem = error as Problem;
        expect(problem.status).toBe(503);
        expect(problem.extensions['retryAfterSeconds']).toBeGreaterThan(0);
        expect(problem.extensions['phase']).toBe('building');
        return;
      }
      throw new Error('expected a 503 problem');
    };
    // The last event and a tree of the store's size are not in the tree yet: retry, not "not found".
    unavailable(() => leafOfPosition(integrity!, 200));
    unavailable(() => checkSize(integrity!, 200, '/query/size'));
    // What it has already reached is proven at once.
    expect(leafOfPosition(integrity, 1)).toBe(0);

    // A checkpoint request waits (bounded) for the build and the check at start, then covers every event.
    const { checkpoint } = await currentCheckpoint(integrity);
    expect(checkpoint.treeSize).toBe(200);
    expect(log.phase).toBe('live');
    expect(log.lastVerify).toMatchObject({ trigger: 'start', result: { ok: true } });
    expect(leafOfPosition(integrity, 200)).toBe(199);
    // Once built, a position past the store is "not found" again, not "retry".
    expect(() => leafOfPosition(integrity!, 201)).toThrow(/no event at position 201/);
  });
});
