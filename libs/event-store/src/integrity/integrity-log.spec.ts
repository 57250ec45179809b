import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import lockfile from 'proper-lockfile';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EventData } from '../event-store.port';
import { EventStoreDbEventStore } from '../eventstoredb/eventstoredb-event-store';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import { EsdbDouble } from '../testing/esdb-double';
import { verifyCheckpoint } from './checkpoint';
import { CheckpointSigner } from './checkpoint-signer';
import { FileCheckpointStore } from './checkpoint-store';
import { IntegrityLog, SigningRefused, UnknownPosition } from './integrity-log';
import { EMPTY_ROOT, leafHash, verifyConsistency, verifyInclusion } from './merkle';
import { verifyAll } from './verify';
import { SqliteTileStorage } from './tile-storage';

const event = (n: number): EventData => ({
  id: randomUUID(),
  type: 'NoticePublished',
  data: { n, title: `第${n}号公告：某某县农村集体经营性建设用地使用权出让` },
  metadata: { region: '510107' },
});

const hexes = (xs: string[]): Buffer[] => xs.map((x) => Buffer.from(x, 'hex'));

describe('IntegrityLog over a real SQLite store', () => {
  let dir: string;
  let store: SqliteEventStore;
  let signer: CheckpointSigner;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gongkai-integrity-'));
    store = await SqliteEventStore.open({ path: path.join(dir, 'events.db') });
    signer = await CheckpointSigner.open({ origin: 'integrity.spec', dataDir: dir });
  });
  afterEach(async () => {
    await store.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  const tiles = () => SqliteTileStorage.open(path.join(dir, 'merkle-tiles.db'));

  async function appendMany(from: number, count: number): Promise<void> {
    for (let i = from; i < from + count; i++) {
      await store.append(`txn-${i % 4}`, [event(i)]);
    }
  }

  it("answers an unchanged checkpoint without the replicas' lock, and signs a grown tree under it", async () => {
    await appendMany(0, 5);
    const checkpoints = FileCheckpointStore.inDataDir(dir);
    const integrity = await IntegrityLog.open({ store, tiles: tiles(), signer, checkpoints });
    // Another replica holds the lock (it is signing, or it died and the lock is not stale yet).
    let release: (() => Promise<void>) | undefined;
    try {
      const first = await integrity.checkpoint();
      release = await lockfile.lock(checkpoints.file, { realpath: false, stale: 10_000 });
      const within = <T>(ms: number, work: Promise<T>) =>
        Promise.race([work, new Promise<'waiting'>((resolve) => setTimeout(() => resolve('waiting'), ms))]);
      // Nothing new: answered at once (it waited for the lock before, up to a minute).
      expect(await within(1_000, integrity.checkpoint())).toEqual(first);
      // Grown: the new checkpoint waits for the lock, and is signed once it is free.
      await appendMany(5, 1);
      const grown = integrity.checkpoint();
      expect(await within(300, grown)).toBe('waiting');
      await release();
      release = undefined;
      expect((await grown).treeSize).toBe(6);
      expect((await checkpoints.latest())?.treeSize).toBe(6);
      // The tiles and the checkpoint disagree at the same size: the lock-free path does not answer it.
      await checkpoints.append({ ...(await signer.sign(6, 'cd'.repeat(32))) });
      await expect(integrity.checkpoint()).rejects.toThrow(SigningRefused);
    } finally {
      await release?.();
      await integrity.close();
    }
  });

  it('a request finds nothing new without re-reading the last event; the follow timer still compares it', async () => {
    await appendMany(0, 5);
    let reads = 0;
    const counted = new Proxy(store, {
      get(target, name, receiver) {
        if (name !== 'readAll') return Reflect.get(target, name, receiver) as unknown;
        return (...args: Parameters<SqliteEventStore['readAll']>) => {
          reads += 1;
          return target.readAll(...args);
        };
      },
    });
    const integrity = await IntegrityLog.open({ store: counted, tiles: tiles(), signer });
    try {
      expect(await integrity.catchUp()).toBe(5);
      reads = 0;
      expect(await integrity.catchUp()).toBe(5);
      expect(reads).toBe(0);
      await appendMany(5, 2);
      expect(await integrity.catchUp()).toBe(7);
      expect(reads).toBeGreaterThan(0);
      // The last event rewritten in place: the timer's catch-up reads it again and raises the alarm.
      const db = new Database(path.join(dir, 'events.db'));
      // (re-sealed: its stored hash, the log's entry for it, changes too)
      db.prepare('UPDATE events SET hash = ? WHERE position = (SELECT max(position) FROM events)').run(
        'ab'.repeat(32),
      );
      db.close();
      integrity.follow(20);
      for (let i = 0; i < 100 && !integrity.alarm; i++) await new Promise((r) => setTimeout(r, 20));
      expect(integrity.alarm?.reason).toBe('tail-rewritten');
      expect(await integrity.checkpoint().catch((error: unknown) => error)).toBeInstanceOf(SigningRefused);
    } finally {
      await integrity.close();
    }
  });

  it('finds the leaf of a position in a store without gaps (SQLite) and in one with gaps (EventStoreDB)', async () => {
    await appendMany(0, 40);
    const dense = await IntegrityLog.open({ store, tiles: tiles(), signer });
    const double = await EsdbDouble.start();
    const gapped = await EventStoreDbEventStore.open({ connectionString: double.connectionString });
    const gappedDir = await fs.mkdtemp(path.join(dir, 'gapped-'));
    try {
      for (let i = 0; i < 40; i++) await gapped.append(`txn-${i % 3}`, [event(i)]);
      const overGaps = await IntegrityLog.open({
        store: gapped,
        tiles: SqliteTileStorage.open(path.join(gappedDir, 'tiles.db')),
        signer,
      });
      try {
        for (const [log, events] of [
          [dense, await store.readAll()],
          [overGaps, await gapped.readAll()],
        ] as const) {
          expect(log.size).toBe(40);
          events.forEach((e, i) => expect(log.leafIndexOf(e.position)).toBe(i));
          expect(() => log.leafIndexOf(events[39]!.position + 1)).toThrow(UnknownPosition);
        }
        // Byte offsets: far apart, so the guess (position - 1) is no leaf and the search does the work.
        const positions = (await gapped.readAll()).map((e) => e.position);
        expect(positions[1]! - positions[0]!).toBeGreaterThan(1);
        expect(() => overGaps.leafIndexOf(positions[5]! - 1)).toThrow(UnknownPosition);
      } finally {
        await overGaps.close();
      }
    } finally {
      await dense.close();
      await gapped.close();
      await double.stop();
    }
  });

  it('builds a large backlog in the background: open returns at once, nothing is signed before the tree is checked', async () => {
    await appendMany(0, 120);
    const checkpoints = FileCheckpointStore.inDataDir(dir);
    const integrity = await IntegrityLog.open({
      store,
      tiles: tiles(),
      signer,
      checkpoints,
      verifyAtStart: true,
      foregroundLeaves: 10,
      buildPageSize: 7,
    });
    try {
      // Returned before the tree reached the store (at most one more page was appended meanwhile).
      expect(integrity.phase).toBe('building');
      expect(integrity.size).toBeLessThan(120);
      // catchUp does not wait for the build: requests get the tree as it stands.
      expect(await integrity.catchUp()).toBeLessThan(120);
      // Appends go on meanwhile and are covered once the build is done.
      await appendMany(120, 5);
      const checkpoint = await integrity.checkpoint();
      expect(integrity.phase).toBe('live');
      expect(checkpoint.treeSize).toBe(125);
      expect(integrity.lastVerify).toMatchObject({ trigger: 'start', result: { ok: true } });
      expect(integrity.lastVerify!.finishedAt).toBeDefined();
      const all = await store.readAll();
      expect(checkpoint.rootHash).toBe(integrity.root(125));
      expect(integrity.inclusionProof(all[124]!.position).leafIndex).toBe(124);
    } finally {
      await integrity.close();
    }
    // Restarted on the tiles it built: nothing left to build.
    const reopened = await IntegrityLog.open({
      store,
      tiles: tiles(),
      signer,
      checkpoints,
      foregroundLeaves: 10,
    });
    try {
      expect(reopened.phase).toBe('live');
      expect(reopened.size).toBe(125);
    } finally {
      await reopened.close();
    }
  });

  it('a build at start stopped by close resumes from the tiles it wrote', async () => {
    await appendMany(0, 60);
    const first = await IntegrityLog.open({ store, tiles: tiles(), foregroundLeaves: 5, buildPageSize: 5 });
    expect(first.phase).toBe('building');
    await first.close();
    const second = await IntegrityLog.open({ store, tiles: tiles(), foregroundLeaves: 1000 });
    try {
      expect(second.phase).toBe('live');
      expect(second.size).toBe(60);
      const fresh = SqliteTileStorage.open(path.join(dir, 'fresh-tiles.db'));
      const rebuilt = await IntegrityLog.open({ store, tiles: fresh });
      expect(second.root()).toBe(rebuilt.root());
      await rebuilt.close();
    } finally {
      await second.close();
    }
  });

  it('builds the tree from readAll pages and proves every event is included', async () => {
    await appendMany(0, 23);
    const checkpoints = FileCheckpointStore.inDataDir(dir);
    const integrity = await IntegrityLog.open({ store, tiles: tiles(), signer, checkpoints, pageSize: 5 });
    try {
      expect(integrity.size).toBe(23);
      expect(integrity.leafIndexOfEvent((await store.readAll())[4]!.id)).toBe(4);
      const all = await store.readAll();
      for (const [i, e] of all.entries()) {
        const proof = integrity.inclusionProof(e.position);
        expect(proof).toMatchObject({
          leafIndex: i,
          treeSize: 23,
          eventHash: e.hash,
          rootHash: integrity.root(),
        });
        const leaf = leafHash(Buffer.from(e.hash, 'hex'));
        expect(verifyInclusion(i, 23, leaf, hexes(proof.path), Buffer.from(proof.rootHash, 'hex'))).toBe(
          true,
        );
        // An older tree size too.
        if (i < 10) {
          const old = integrity.inclusionProof(e.position, 10);
          expect(verifyInclusion(i, 10, leaf, hexes(old.path), Buffer.from(integrity.root(10), 'hex'))).toBe(
            true,
          );
        }
      }
      expect(() => integrity.inclusionProof(10_000)).toThrow(UnknownPosition);

      const checkpoint = await integrity.checkpoint();
      expect(checkpoint).toMatchObject({ treeSize: 23, rootHash: integrity.root() });
      expect(verifyCheckpoint(checkpoint, signer.verifierKey)).toBe(true);
      expect(await checkpoints.latest()).toEqual(checkpoint);
      expect(await verifyAll(store, { checkpoint, publicKey: signer.publicKey })).toMatchObject({
        ok: true,
        checked: 23,
        checkpointVerified: true,
      });
    } finally {
      await integrity.close();
    }
  });

  it('follows new events through a subscription and proves consistency between checkpoints', async () => {
    const integrity = await IntegrityLog.open({
      store,
      tiles: tiles(),
      signer,
      checkpoints: FileCheckpointStore.inDataDir(dir),
    });
    try {
      expect(integrity.size).toBe(0);
      expect(integrity.root()).toBe(EMPTY_ROOT.toString('hex'));
      await appendMany(0, 7);
      await integrity.catchUp();
      const first = await integrity.checkpoint();
      expect(first.treeSize).toBe(7);

      integrity.follow();
      await appendMany(7, 12);
      await integrity.waitFor(await store.headPosition());
      const second = await integrity.checkpoint();
      expect(second.treeSize).toBe(19);

      const proof = integrity.consistencyProof(first.treeSize, second.treeSize);
      expect(proof).toMatchObject({ fromRoot: first.rootHash, toRoot: second.rootHash });
      const ok = verifyConsistency(
        7,
        19,
        Buffer.from(first.rootHash, 'hex'),
        Buffer.from(second.rootHash, 'hex'),
        hexes(proof.path),
      );
      expect(ok).toBe(true);
      // The same proof does not link the first checkpoint to a different root.
      expect(
        verifyConsistency(7, 19, Buffer.from(first.rootHash, 'hex'), EMPTY_ROOT, hexes(proof.path)),
      ).toBe(false);
    } finally {
      await integrity.close();
    }
  });

  it('refuses to checkpoint without a signer', async () => {
    const integrity = await IntegrityLog.open({ store, tiles: tiles() });
    await expect(integrity.checkpoint()).rejects.toThrow(/without a CheckpointSigner/);
    await integrity.close();
  });

  it('keeps the tree in its tiles across a reopen and refuses to sign a tree inconsistent with its history', async () => {
    await appendMany(0, 300);
    const checkpoints = FileCheckpointStore.inDataDir(dir);
    const first = await IntegrityLog.open({ store, tiles: tiles(), signer, checkpoints });
    const signed = await first.checkpoint();
    await first.close();

    // Reopened with nothing new: the same checkpoint, not a new signature.
    const second = await IntegrityLog.open({ store, tiles: tiles(), signer, checkpoints });
    expect(second.size).toBe(300);
    expect(await second.checkpoint()).toEqual(signed);
    await second.close();

    // A tile store lost and rebuilt from a store whose history differs: the tree no longer has the signed root.
    await fs.rm(path.join(dir, 'merkle-tiles.db'));
    const other = await SqliteEventStore.open({ path: path.join(dir, 'other.db') });
    for (let i = 0; i < 301; i++) await other.append(`txn-${i % 4}`, [event(i)]);
    const alarms: string[] = [];
    const forged = await IntegrityLog.open({
      store: other,
      tiles: tiles(),
      signer,
      checkpoints,
      onAlarm: (alarm) => alarms.push(alarm.reason),
    });
    await expect(forged.checkpoint()).rejects.toThrow(SigningRefused);
    expect(alarms).toEqual(['tree-mismatch']);
    expect(await checkpoints.list()).toEqual([signed]);
    await forged.close();
    await other.close();
  });

  it('two processes sharing the tile store (two API replicas) each continue from what the other appended', async () => {
    const a = await IntegrityLog.open({ store, tiles: tiles() });
    const b = await IntegrityLog.open({ store, tiles: tiles() });
    await appendMany(0, 300);
    expect(await a.catchUp()).toBe(300);
    await appendMany(300, 20);
    // b's memory still says 0 leaves: its first write conflicts, it re-reads the store and goes on.
    expect(await b.catchUp()).toBe(320);
    await appendMany(320, 5);
    expect(await a.catchUp()).toBe(325);
    const all = await verifyAll(store);
    expect(all).toMatchObject({ ok: true, treeSize: 325 });
    expect(a.root()).toBe(all.ok && all.rootHash);
    expect(b.root(320)).toBe(a.root(320));
    await a.close();
    await b.close();
  });
});
