import { randomUUID } from 'node:crypto';
import {
  existsSync,
  mkdtempSync,
  openSync,
  closeSync,
  readFileSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  CheckpointSigner,
  IntegrityLog,
  SqliteEventStore,
  SqliteTileStorage,
  verifyAll,
  verifyStream,
  type EventData,
  type EventStore,
} from '@gongkai/event-store';

/**
 * Edits bytes of a real SQLite event store file behind the store's back and checks that verification
 * locates the damaged event by stream, revision and position.
 */

const TENDER = 'txn-E4403040012025000117';
const PROCUREMENT = 'txn-G3301062025000042';
const CREDIT = 'credit-91440300MA5DC1XX3B';

function announcement(title: string, extra: Record<string, unknown> = {}): EventData {
  return {
    id: randomUUID(),
    type: 'AnnouncementPublished',
    data: {
      title,
      body: '本招标项目已由深圳市福田区发展和改革局批准建设，建设资金来自财政资金，现对该项目施工进行公开招标。',
      tenderer: { name: '深圳市福田区住房和建设局', creditCode: '11440304MB2C02343M' },
      ...extra,
    },
    metadata: { publisher: '深圳市福田区住房和建设局', role: '招标人', region: '440304' },
  };
}

/** Three interleaved streams; the event at TENDER revision 2 carries `marker`. */
async function seed(store: EventStore, marker: Record<string, unknown>): Promise<void> {
  await store.append(TENDER, [announcement('福田区道路改造工程招标公告')], { expectedRevision: 'no_stream' });
  await store.append(PROCUREMENT, [announcement('人民医院医疗设备采购公告')], {
    expectedRevision: 'no_stream',
  });
  await store.append(TENDER, [announcement('答疑澄清公告')], { expectedRevision: 0 });
  await store.append(CREDIT, [announcement('信用承诺书公示'), announcement('行政许可公示')]);
  await store.append(TENDER, [announcement('开标记录公示', marker), announcement('中标候选人公示')], {
    expectedRevision: 1,
  });
  await store.append(PROCUREMENT, [announcement('更正公告'), announcement('中标结果公告')], {
    expectedRevision: 0,
  });
  await store.append(TENDER, [announcement('中标结果公告')], { expectedRevision: 3 });
}

/** Finds `needle` exactly once in the database file and overwrites the byte at `offsetInNeedle`. */
function editByte(file: string, needle: string, offsetInNeedle: number, replacement: string): void {
  const bytes = readFileSync(file);
  const needleBytes = Buffer.from(needle, 'utf8');
  const at = bytes.indexOf(needleBytes);
  expect(at).toBeGreaterThanOrEqual(0);
  expect(bytes.indexOf(needleBytes, at + 1)).toBe(-1);
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, Buffer.from(replacement, 'latin1'), 0, 1, at + offsetInNeedle);
  } finally {
    closeSync(fd);
  }
}

describe('tamper detection on a real SQLite event store', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-tamper-'));
    file = path.join(dir, 'events.db');
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  async function seedAndClose(marker: Record<string, unknown>): Promise<{ position: number; total: number }> {
    const store = await SqliteEventStore.open({ path: file });
    await seed(store, marker);
    const [target] = await store.readStream(TENDER, { fromRevision: 2, maxCount: 1 });
    expect(await verifyAll(store)).toMatchObject({ ok: true, checked: 10 });
    const total = await store.headPosition();
    await store.close();
    // Closing checkpoints the WAL: every byte now lives in the main database file.
    expect(!existsSync(`${file}-wal`) || statSync(`${file}-wal`).size === 0).toBe(true);
    return { position: target!.position, total };
  }

  it('locates a one-byte edit of an event by stream, revision and position', async () => {
    const { position } = await seedAndClose({ note: 'TAMPER-MARK-7F3A 开标记录' });
    editByte(file, 'TAMPER-MARK-7F3A', 15, 'B');

    const store = await SqliteEventStore.open({ path: file });
    try {
      const [edited] = await store.readStream(TENDER, { fromRevision: 2, maxCount: 1 });
      expect((edited!.data as { note: string }).note).toBe('TAMPER-MARK-7F3B 开标记录');

      const all = await verifyAll(store);
      expect(all).toMatchObject({
        ok: false,
        reason: 'hash-mismatch',
        streamId: TENDER,
        revision: 2,
        position,
      });
      expect(all.ok === false && 'expectedHash' in all && all.expectedHash).toBe(edited!.hash);
      expect(await verifyStream(store, TENDER)).toMatchObject({
        ok: false,
        streamId: TENDER,
        revision: 2,
        position,
      });

      expect(await verifyStream(store, PROCUREMENT)).toEqual({ ok: true, checked: 3 });
      expect(await verifyStream(store, CREDIT)).toEqual({ ok: true, checked: 2 });
    } finally {
      await store.close();
    }
  });

  it('locates an edit that breaks the stored JSON (the adapter reports CorruptEvent)', async () => {
    const { position } = await seedAndClose({ note: 'BREAK-JSON-MARK' });
    // Overwrite the closing quote of the string value: the stored JSON no longer parses.
    editByte(file, 'BREAK-JSON-MARK"', 15, 'x');

    const store = await SqliteEventStore.open({ path: file });
    try {
      const all = await verifyAll(store, { pageSize: 4 });
      expect(all).toMatchObject({ ok: false, reason: 'corrupt', streamId: TENDER, revision: 2, position });
      expect(await verifyStream(store, TENDER)).toMatchObject({
        ok: false,
        reason: 'corrupt',
        revision: 2,
        position,
      });
      expect(await verifyStream(store, PROCUREMENT)).toEqual({ ok: true, checked: 3 });
    } finally {
      await store.close();
    }
  });

  it('detects a rewritten stored hash as a broken link at the next event', async () => {
    const store = await SqliteEventStore.open({ path: file });
    await seed(store, { note: 'plain' });
    const events = await store.readStream(PROCUREMENT);
    await store.close();
    // Change one hex digit of the stored hash of PROCUREMENT@1 (it appears as its hash and as the
    // prevHash of revision 2: edit the first occurrence only, whichever it is).
    const stored = events[1]!.hash;
    const bytes = readFileSync(file);
    const at = bytes.indexOf(Buffer.from(stored, 'latin1'));
    expect(at).toBeGreaterThanOrEqual(0);
    const fd = openSync(file, 'r+');
    writeSync(fd, Buffer.from(stored[0] === 'a' ? 'b' : 'a', 'latin1'), 0, 1, at);
    closeSync(fd);

    const reopened = await SqliteEventStore.open({ path: file });
    try {
      const result = await verifyStream(reopened, PROCUREMENT);
      expect(result.ok).toBe(false);
      if (result.ok || !('streamId' in result)) throw new Error('expected an event failure');
      expect(result.streamId).toBe(PROCUREMENT);
      // Either the edited hash no longer matches its content (revision 1), or revision 2's prevHash no
      // longer matches revision 1's hash: both name the damaged pair.
      expect(['hash-mismatch', 'broken-link']).toContain(result.reason);
      expect([1, 2]).toContain(result.revision);
    } finally {
      await reopened.close();
    }
  });

  it('verifyAll checks the Merkle root against a signed checkpoint', async () => {
    const store = await SqliteEventStore.open({ path: file });
    await seed(store, { note: 'REWRITE-MARK-0001' });
    const signer = await CheckpointSigner.open({ origin: 'tamper.test', dataDir: dir });
    const integrity = await IntegrityLog.open({ store, signer, tiles: SqliteTileStorage.inDataDir(dir) });
    const checkpoint = await integrity.checkpoint();
    await integrity.close();
    const publicKey = signer.verifierKey;
    expect(await verifyAll(store, { checkpoint, publicKey })).toMatchObject({
      ok: true,
      checked: 10,
      treeSize: 10,
      rootHash: checkpoint.rootHash,
      checkpointVerified: true,
    });
    // A checkpoint altered after signing, one whose root is not the log's, one beyond the log.
    expect(await verifyAll(store, { checkpoint: { ...checkpoint, treeSize: 9 }, publicKey })).toMatchObject({
      ok: false,
      reason: 'checkpoint-signature',
    });
    const otherRoot = signer.sign(10, 'ab'.repeat(32));
    expect(await verifyAll(store, { checkpoint: otherRoot, publicKey })).toMatchObject({
      ok: false,
      reason: 'checkpoint-root-mismatch',
      expectedHash: 'ab'.repeat(32),
      actualHash: checkpoint.rootHash,
    });
    expect(
      await verifyAll(store, { checkpoint: signer.sign(11, checkpoint.rootHash), publicKey }),
    ).toMatchObject({
      ok: false,
      reason: 'checkpoint-beyond-log',
    });
    await store.close();

    // After a byte edit the first failing event is reported before any checkpoint comparison.
    editByte(file, 'REWRITE-MARK-0001', 16, '2');
    const reopened = await SqliteEventStore.open({ path: file });
    try {
      expect(await verifyAll(reopened, { checkpoint, publicKey })).toMatchObject({
        ok: false,
        reason: 'hash-mismatch',
        streamId: TENDER,
        revision: 2,
      });
    } finally {
      await reopened.close();
    }
  });
});
