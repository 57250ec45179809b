import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EventData, EventStore, ReadAllOptions } from '../event-store.port';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import type { Checkpoint } from './checkpoint';
import { CheckpointSigner } from './checkpoint-signer';
import { FileCheckpointStore } from './checkpoint-store';
import { resealStream } from '../testing/insider';
import { IntegrityLog, SigningRefused, type IntegrityAlarm } from './integrity-log';
import { verifyConsistency } from './merkle';
import { ThreadScrubber } from './scrub-thread';
import { SqliteTileStorage } from './tile-storage';
import { TiledTree } from './tiled-tree';
import { FileVerifiedMarkStore } from './verified-mark';
import { verifyAll } from './verify';

/**
 * A restart over a store and tiles someone may have edited while the service was stopped (the data directory:
 * events, tiles, history, mark). The last signed checkpoint is the anchor: before signing again the log checks
 * the tree against it and the events stored after it; the whole store is verified in the background and a
 * mismatch found there stops signing as at start.
 */

const event = (n: number): EventData => ({
  id: randomUUID(),
  type: 'NoticePublished',
  data: { n, title: `第${n}号公告：某某县农村集体经营性建设用地使用权出让` },
  metadata: { region: '510107' },
});

/** Edits one event's data and re-seals its stream's chain with the project's own chainHash, as an insider would. */
function rewriteEvent(file: string, position: number): void {
  const db = new Database(file);
  try {
    const target = db.prepare('SELECT stream_id, data FROM events WHERE position = ?').get(position) as {
      stream_id: string;
      data: string;
    };
    db.prepare('UPDATE events SET data = ? WHERE position = ?').run(
      JSON.stringify({ ...(JSON.parse(target.data) as object), rewritten: true }),
      position,
    );
    resealStream(db, target.stream_id);
  } finally {
    db.close();
  }
}

/** A store whose whole-store reads (from the start of $all) wait for `gate`: a verification that takes long. */
function slowFromStart(store: EventStore, gate: Promise<void>): EventStore {
  return new Proxy(store, {
    get(target, property) {
      if (property === 'readAll') {
        return async (options: ReadAllOptions = {}) => {
          const fromStart = (options.from ?? 'start') === 'start' && options.direction !== 'backwards';
          if (fromStart) await gate;
          return target.readAll(options);
        };
      }
      const value = Reflect.get(target, property, target) as unknown;
      return typeof value === 'function' ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

describe('a restart over a data directory that may have been edited', () => {
  let dir: string;
  let eventsFile: string;
  let store: SqliteEventStore;
  let signer: CheckpointSigner;
  let checkpoints: FileCheckpointStore;
  let marks: FileVerifiedMarkStore;
  let signed: Checkpoint;

  const tiles = () => SqliteTileStorage.open(path.join(dir, 'merkle-tiles.db'));

  /** Flips the lowest bit of byte `at` of hash tile `level`/0 in the tile file, behind the log's back. */
  function flipTileBit(level: number, at: number): void {
    const db = new Database(path.join(dir, 'merkle-tiles.db'));
    try {
      const select = db.prepare('SELECT bytes FROM tiles WHERE level = ? AND idx = 0');
      const tile = (select.get(level) as { bytes: Buffer }).bytes;
      tile[at] = tile[at]! ^ 1;
      db.prepare('UPDATE tiles SET bytes = ? WHERE level = ? AND idx = 0').run(tile, level);
    } finally {
      db.close();
    }
  }
  const open = (options: Partial<Parameters<typeof IntegrityLog.open>[0]> = {}) =>
    IntegrityLog.open({ store, tiles: tiles(), signer, checkpoints, marks, verifyAtStart: true, ...options });

  /**
   * 3 events of `old-stream` then 297 others, signed at 300 and verified once (the mark), then 5 more
   * appended and taken into the tiles but not signed; the log closed.
   */
  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gongkai-restart-'));
    eventsFile = path.join(dir, 'events.db');
    store = await SqliteEventStore.open({ path: eventsFile });
    signer = await CheckpointSigner.open({ origin: 'restart.spec', dataDir: dir });
    checkpoints = FileCheckpointStore.inDataDir(dir);
    marks = FileVerifiedMarkStore.inDataDir(dir);
    await store.append('old-stream', [event(0), event(1), event(2)]);
    for (let i = 3; i < 300; i++) await store.append(`txn-${i % 4}`, [event(i)]);
    const first = await open();
    signed = await first.checkpoint();
    expect(signed.treeSize).toBe(300);
    await first.verify();
    for (let i = 300; i < 305; i++) await store.append(`late-${i % 2}`, [event(i)]);
    expect(await first.catchUp()).toBe(305);
    await first.close();
  });

  afterEach(async () => {
    await store.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('signs once the tree gives the signed root and the events since check out, before the whole-store verification ends', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    await store.append('late-0', [event(305)]);
    const log = await open({ store: slowFromStart(store, gate) });
    try {
      // The whole-store verification is held at its first read; signing does not wait for it.
      const next = await log.checkpoint();
      expect(log.verifyInProgress).toBe(true);
      expect(log.phase).toBe('live');
      expect(next.treeSize).toBe(306);
      expect(log.startCheckReport).toMatchObject({ anchor: { treeSize: 300 }, checked: 6, ok: true });
      const proof = log.consistencyProof(300, 306);
      const root = (hex: string) => Buffer.from(hex, 'hex');
      expect(
        verifyConsistency(300, 306, root(signed.rootHash), root(next.rootHash), proof.path.map(root)),
      ).toBe(true);
      release();
      expect(await log.verify()).toMatchObject({
        trigger: 'start',
        result: { ok: true, leavesCompared: 306 },
      });
      expect(log.alarm).toBeUndefined();
    } finally {
      release();
      await log.close();
    }
  });

  it('an event stored after the last checkpoint, rewritten with its chain: refused before any signature', async () => {
    // Leaf 301, the first of late-1, whose stream does not end the log (so the tail check does not see it).
    const [late] = await store.readStream('late-1', { maxCount: 1 });
    rewriteEvent(eventsFile, late!.position);
    const log = await open();
    try {
      const refused = await log.checkpoint().catch((error: unknown) => error);
      expect(refused).toBeInstanceOf(SigningRefused);
      expect((refused as SigningRefused).last).toEqual(signed);
      expect(log.startCheckReport).toMatchObject({ anchor: { treeSize: 300 }, ok: false });
      expect(log.alarm).toMatchObject({ reason: 'verify-failed', failure: { reason: 'not-in-log' } });
      expect(await checkpoints.list()).toEqual([signed]);
    } finally {
      await log.close();
    }
  });

  it('an old event rewritten with its chain: the background verification names it and signing stops', async () => {
    const [old] = await store.readStream('old-stream', { fromRevision: 1, maxCount: 1 });
    rewriteEvent(eventsFile, old!.position);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const log = await open({ store: slowFromStart(store, gate) });
    try {
      // What the tree holds is what was signed: a checkpoint now extends it, it does not take in the rewrite.
      const next = await log.checkpoint();
      expect(next.treeSize).toBe(305);
      const [rewritten] = await store.readStream('old-stream', { fromRevision: 1, maxCount: 1 });
      expect(rewritten!.hash).not.toBe(old!.hash);
      expect(log.inclusionProofOfLeaf(1).eventHash).toBe(old!.hash);
      release();
      const report = await log.verify();
      expect(report.result).toMatchObject({ ok: false, reason: 'not-in-log', position: old!.position });
      expect(log.alarm).toMatchObject({ reason: 'verify-failed' });
      await store.append('late-1', [event(305)]);
      await expect(log.checkpoint()).rejects.toThrow(SigningRefused);
      expect((await checkpoints.list()).map((c) => c.treeSize)).toEqual([300, 305]);
    } finally {
      release();
      await log.close();
    }
  });

  it('a last checkpoint that claims the key but was not signed with it: refused at start', async () => {
    // Written into the history by someone without the key: the signed one with a root of their choosing.
    const history = await fs.readFile(checkpoints.file, 'utf8');
    const forged = { ...signed, rootHash: 'ab'.repeat(32) };
    await fs.writeFile(checkpoints.file, `${history}${JSON.stringify(forged)}\n`);
    const alarms: IntegrityAlarm[] = [];
    const log = await open({ onAlarm: (alarm) => alarms.push(alarm) });
    try {
      await expect(log.checkpoint()).rejects.toThrow(SigningRefused);
      expect(alarms[0]).toMatchObject({ reason: 'forged-record' });
    } finally {
      await log.close();
    }
  });

  it('a rewritten hash tile below the tile the root is read from: the background verification names it', async () => {
    flipTileBit(0, 5 * 32); // leaf 5's hash; the level-1 tile still holds the tile's old root
    const log = await open();
    try {
      // The root comes from the level-1 tile: the signed root still matches, so the start check passes.
      expect(log.root(300)).toBe(signed.rootHash);
      const report = await log.verify();
      expect(report.result).toMatchObject({ ok: false, reason: 'tile-mismatch' });
      expect(log.alarm).toMatchObject({ reason: 'verify-failed' });
      expect(log.alarm!.detail).toContain('level 0, index 5');
      await expect(log.checkpoint()).rejects.toThrow(SigningRefused);
    } finally {
      await log.close();
    }
  });

  it('a rewritten tile the signed root is read from: refused at start, before any signature', async () => {
    flipTileBit(1, 0);
    const alarms: IntegrityAlarm[] = [];
    const log = await open({ onAlarm: (alarm) => alarms.push(alarm) });
    try {
      expect(alarms[0]).toMatchObject({ reason: 'tree-mismatch' });
      await expect(log.checkpoint()).rejects.toThrow(SigningRefused);
      expect(await checkpoints.list()).toEqual([signed]);
    } finally {
      await log.close();
    }
  });

  it('tiles truncated below the signed size: rebuilt from the store and checked against the signed root', async () => {
    const db = new Database(path.join(dir, 'merkle-tiles.db'));
    db.prepare('DELETE FROM leaves WHERE idx >= 200').run();
    db.prepare('DELETE FROM tiles WHERE NOT (level IN (-1, 0) AND idx = 0)').run();
    db.close();
    const log = await open();
    try {
      expect(log.size).toBe(305);
      const next = await log.checkpoint();
      expect(next.treeSize).toBe(305);
      expect(log.alarm).toBeUndefined();
    } finally {
      await log.close();
    }
    // The same truncation over a rewritten old event: the rebuilt tree no longer gives the signed root.
    const db2 = new Database(path.join(dir, 'merkle-tiles.db'));
    db2.prepare('DELETE FROM leaves').run();
    db2.prepare('DELETE FROM tiles').run();
    db2.close();
    const [old] = await store.readStream('old-stream', { fromRevision: 1, maxCount: 1 });
    rewriteEvent(eventsFile, old!.position);
    const alarms: IntegrityAlarm[] = [];
    const rebuilt = await open({ onAlarm: (alarm) => alarms.push(alarm) });
    try {
      await expect(rebuilt.checkpoint()).rejects.toThrow(SigningRefused);
      expect(alarms[0]).toMatchObject({ reason: 'tree-mismatch' });
    } finally {
      await rebuilt.close();
    }
  });

  it('a complete verification leaves a signed mark; an edited mark raises the alarm, a deleted one does not', async () => {
    const mark = await marks.read();
    expect(mark).toMatchObject({ origin: 'restart.spec', treeSize: 300, rootHash: signed.rootHash });

    await fs.writeFile(marks.file, JSON.stringify({ ...mark, treeSize: 305 }));
    const alarms: IntegrityAlarm[] = [];
    const edited = await open({ onAlarm: (alarm) => alarms.push(alarm) });
    try {
      expect(alarms[0]).toMatchObject({ reason: 'forged-record' });
      await expect(edited.checkpoint()).rejects.toThrow(SigningRefused);
    } finally {
      await edited.close();
    }

    await fs.rm(marks.file);
    const log = await open();
    try {
      expect(log.verifiedMark).toBeUndefined();
      expect((await log.checkpoint()).treeSize).toBe(305);
      // Nothing is skipped for want of a mark: the whole store is verified again, and the mark written anew.
      expect(await log.verify()).toMatchObject({ result: { ok: true, leavesCompared: 305 } });
      expect(log.verifiedMark).toMatchObject({ treeSize: 305 });
      expect(await marks.read()).toEqual(log.verifiedMark);
      expect(log.alarm).toBeUndefined();
    } finally {
      await log.close();
    }
  });

  it('verifies in bounded memory: with one stream tip kept, streams are picked up again from the store', async () => {
    const tree = tiles();
    const recorded = new TiledTree(tree);
    try {
      expect(await verifyAll(store, { tree: recorded, streamTips: 1 })).toMatchObject({
        ok: true,
        checked: 305,
      });
      const [middle] = await store.readStream('txn-1', { fromRevision: 10, maxCount: 1 });
      const db = new Database(eventsFile);
      db.prepare('DELETE FROM events WHERE position = ?').run(middle!.position);
      db.close();
      expect(await verifyAll(store, { streamTips: 1 })).toMatchObject({
        ok: false,
        reason: 'revision-gap',
        streamId: 'txn-1',
        revision: 11,
      });
    } finally {
      recorded.close();
    }
  });

  it('on a worker thread, the whole-store verification finds what it finds in process', async () => {
    const [old] = await store.readStream('old-stream', { fromRevision: 1, maxCount: 1 });
    rewriteEvent(eventsFile, old!.position);
    const storage = tiles();
    const scrubber = new ThreadScrubber({ eventsFile, tilesFile: storage.file });
    storage.close();
    const log = await open({ scrubber });
    try {
      const report = await log.verify();
      expect(report.result).toMatchObject({ ok: false, reason: 'not-in-log', position: old!.position });
      expect(log.alarm).toMatchObject({ reason: 'verify-failed' });
    } finally {
      await log.close();
    }
  });
});
