import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import type { Checkpoint } from './checkpoint';
import { CheckpointSigner } from './checkpoint-signer';
import { FileCheckpointStore, readHistory } from './checkpoint-store';
import { logEntry } from './commitments';
import { MerkleLog } from './merkle';
import { verifyAll } from './verify';

/**
 * The whole-store verification compares the root at every signed size. The history grows with every signing
 * (millions of lines), so it is read as the run passes each size, not loaded whole before it starts.
 */
describe('verifyAll over a history read as it goes', () => {
  let dir: string;
  let store: SqliteEventStore;
  let signer: CheckpointSigner;
  let history: FileCheckpointStore;
  const EVENTS = 300;

  beforeAll(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gongkai-signed-roots-'));
    store = await SqliteEventStore.open({ path: path.join(dir, 'events.sqlite') });
    signer = await CheckpointSigner.open({ origin: 'signed-roots.spec', dataDir: dir });
    for (let i = 0; i < EVENTS; i++)
      await store.append(`txn-${i % 7}`, [{ id: randomUUID(), type: 'Thing', data: { i } }]);
    // One checkpoint at every size, as a service signing after each event would have.
    const tree = new MerkleLog();
    history = FileCheckpointStore.inDataDir(dir);
    for (const event of await store.readAll()) {
      tree.append(logEntry(event));
      await history.append(signer.sign(tree.size, tree.root().toString('hex')));
    }
  });
  afterAll(async () => {
    await store.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  it('pulls checkpoints a page ahead of the events, and checks every one', async () => {
    let pulled = 0;
    async function* counted(): AsyncGenerator<Checkpoint> {
      for await (const checkpoint of readHistory(await history.history())) {
        pulled += 1;
        yield checkpoint;
      }
    }
    const pulledAtProgress: number[] = [];
    const result = await verifyAll(store, {
      signed: counted(),
      pageSize: 10,
      onProgress: () => pulledAtProgress.push(pulled),
    });
    expect(result).toMatchObject({ ok: true, checked: EVENTS });
    expect(pulled).toBe(EVENTS);
    // After the first page of 10 events: the checkpoints up to size 10 and one beyond, not all 300.
    expect(pulledAtProgress[0]).toBeLessThanOrEqual(12);
  });

  it('still names a wrong root in the middle of the history, and a history out of order', async () => {
    const lines = (await fs.readFile(history.file, 'utf8')).split('\n');
    const forged = { ...(JSON.parse(lines[149]!) as Checkpoint), rootHash: 'ab'.repeat(32) };
    const copy = path.join(dir, 'forged.jsonl');
    await fs.writeFile(
      copy,
      [...lines.slice(0, 149), JSON.stringify(forged), ...lines.slice(150)].join('\n'),
    );
    const length = (await fs.stat(copy)).size;
    expect(await verifyAll(store, { signed: readHistory({ file: copy, length }) })).toMatchObject({
      ok: false,
      reason: 'checkpoint-root-mismatch',
      treeSize: 150,
    });
    const swapped = [...lines.slice(0, 149), lines[150]!, lines[149]!, ...lines.slice(151)].join('\n');
    await fs.writeFile(copy, swapped);
    await expect(verifyAll(store, { signed: readHistory({ file: copy, length }) })).rejects.toThrow(
      /line 151: tree size 150 after 151 \(the history is out of order\)/,
    );
  });
});
