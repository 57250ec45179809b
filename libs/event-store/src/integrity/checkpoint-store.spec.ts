import { promises as fs, readFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Checkpoint } from './checkpoint';
import { CheckpointSigner } from './checkpoint-signer';
import { CheckpointHistoryError, FileCheckpointStore } from './checkpoint-store';

const ROOT = 'ab'.repeat(32);
const TIME = '2026-01-01T00:00:00.000Z';
const LINES = 200_000;

/** Bytes this process has read through read(2) and its kind so far (Linux /proc/self/io `rchar`). */
function bytesRead(): number {
  const match = /^rchar: (\d+)$/m.exec(readFileSync('/proc/self/io', 'utf8'));
  return Number(match![1]);
}

/** Bytes `work` reads: the counter's own read of /proc is subtracted by measuring an empty run. */
async function measure<T>(work: () => Promise<T>): Promise<{ value: T; bytes: number }> {
  const idle = -bytesRead() + bytesRead();
  const before = bytesRead();
  const value = await work();
  return { value, bytes: bytesRead() - before - idle };
}

describe('FileCheckpointStore over a long history', () => {
  let dataDir: string;
  let signer: CheckpointSigner;
  let store: FileCheckpointStore;
  let fileBytes: number;
  /** The checkpoint at line i (0-based): tree size 10·i, so sizes 0, 10, 20, ... */
  let line: (i: number) => Checkpoint;

  beforeAll(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'gongkai-checkpoint-history-'));
    signer = await CheckpointSigner.open({ origin: 'o', dataDir });
    store = FileCheckpointStore.inDataDir(dataDir);
    const template = signer.sign(1, ROOT, TIME);
    line = (i) => ({ ...template, treeSize: 10 * i, note: `${template.note!}#${i}` });
    // Years of signing: 200k lines written directly (signing each would take minutes).
    const parts: string[] = [];
    for (let i = 0; i < LINES; i += 1) parts.push(`${JSON.stringify(line(i))}\n`);
    await fs.writeFile(store.file, parts.join(''));
    fileBytes = (await fs.stat(store.file)).size;
  });
  afterAll(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('latest() and append() read the end of the file, not the whole history', async () => {
    expect(fileBytes).toBeGreaterThan(40_000_000);
    const latest = await measure(() => store.latest());
    expect(latest.value).toEqual(line(LINES - 1));
    const next = line(LINES);
    const append = await measure(() => store.append(next));
    expect(await store.latest()).toEqual(next);
    // The old store read (and parsed) every line at each: 40+ MB here. A few KiB now; the bound leaves room
    // for whatever else this process reads meanwhile (the counter is per process).
    expect(latest.bytes).toBeLessThan(1024 * 1024);
    expect(append.bytes).toBeLessThan(1024 * 1024);
  });

  it('page() finds its first checkpoint by binary search and reads only the page', async () => {
    const { value, bytes } = await measure(() => store.page(10 * 123_456 + 5, 3));
    expect(value).toEqual({
      checkpoints: [line(123_457), line(123_458), line(123_459)],
      nextSize: 10 * 123_460,
    });
    expect(bytes).toBeLessThan(1024 * 1024);
    expect(await store.page(0, 2)).toEqual({ checkpoints: [line(0), line(1)], nextSize: 20 });
    const last = await store.page(10 * LINES, 5);
    expect(last).toEqual({ checkpoints: [line(LINES)] });
    expect(await store.page(10 * LINES + 1, 5)).toEqual({ checkpoints: [] });
  });

  it('a damaged early line does not stop signing; the whole-history read still reports it', async () => {
    const copy = FileCheckpointStore.inDataDir(await fs.mkdtemp(path.join(dataDir, 'damaged-')));
    await fs.writeFile(copy.file, `${JSON.stringify(line(0))}\nnot json\n${JSON.stringify(line(2))}\n`);
    expect(await copy.latest()).toEqual(line(2));
    await copy.append(line(3));
    expect(await copy.latest()).toEqual(line(3));
    await expect(copy.list()).rejects.toThrow(/line 2 is not a checkpoint/);
    // A page that must cross the damaged line says so instead of skipping it.
    await expect(copy.page(0, 5)).rejects.toThrow(CheckpointHistoryError);
  });
});

describe('FileCheckpointStore tails and pages', () => {
  let dataDir: string;
  let signer: CheckpointSigner;

  beforeEach(async () => {
    dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'gongkai-checkpoint-tail-'));
    signer = await CheckpointSigner.open({ origin: 'o', dataDir });
  });
  afterEach(async () => {
    await fs.rm(dataDir, { recursive: true, force: true });
  });

  it('ignores an unterminated tail longer than a read chunk, then cuts it at the next append', async () => {
    const store = FileCheckpointStore.inDataDir(dataDir);
    const c1 = signer.sign(3, ROOT, TIME);
    await store.append(c1);
    const lengthAfterC1 = (await fs.stat(store.file)).size;
    await fs.appendFile(store.file, `{"origin":"o","treeSize":99,"note":"${'x'.repeat(20_000)}`);
    expect(await store.latest()).toEqual(c1);
    expect(await store.page(0, 10)).toEqual({ checkpoints: [c1] });
    const c2 = signer.sign(4, ROOT, TIME);
    await store.append(c2);
    expect(await store.list()).toEqual([c1, c2]);
    expect((await fs.stat(store.file)).size).toBe(lengthAfterC1 + Buffer.byteLength(JSON.stringify(c2)) + 1);
  });

  it('a file holding only a cut line, or nothing, has no latest checkpoint', async () => {
    const store = FileCheckpointStore.inDataDir(dataDir);
    expect(await store.latest()).toBeUndefined();
    expect(await store.page(0, 10)).toEqual({ checkpoints: [] });
    await fs.writeFile(store.file, '{"origin":"o","tree');
    expect(await store.latest()).toBeUndefined();
    const c1 = signer.sign(0, ROOT, TIME);
    await store.append(c1);
    expect(await fs.readFile(store.file, 'utf8')).toBe(`${JSON.stringify(c1)}\n`);
  });

  it('sees what another instance (another process) appended, and keeps sizes from going backwards', async () => {
    const first = FileCheckpointStore.inDataDir(dataDir);
    const second = FileCheckpointStore.inDataDir(dataDir);
    await first.append(signer.sign(5, ROOT, TIME));
    expect((await first.latest())?.treeSize).toBe(5);
    expect((await second.latest())?.treeSize).toBe(5);
    await second.append(signer.sign(9, ROOT, TIME));
    expect((await first.latest())?.treeSize).toBe(9);
    // A line cut by a crash, then replaced by another process's append of exactly its length.
    const c10 = signer.sign(10, ROOT, TIME);
    const line = JSON.stringify(c10);
    await fs.appendFile(first.file, `${line} `);
    const cutSize = (await fs.stat(first.file)).size;
    expect((await first.latest())?.treeSize).toBe(9);
    await second.append(c10);
    expect((await fs.stat(first.file)).size).toBe(cutSize);
    expect((await first.latest())?.treeSize).toBe(10);
    await expect(first.append(signer.sign(8, ROOT, TIME))).rejects.toThrow(/older than the latest \(10\)/);
  });

  it('keeps the checkpoints of one size (re-signed by another key) on one page', async () => {
    const store = FileCheckpointStore.inDataDir(dataDir);
    const other = await CheckpointSigner.open({ origin: 'o', dataDir: path.join(dataDir, 'other') });
    const sizes = [1, 2, 2, 2, 3, 4];
    const all = sizes.map((size, i) => (i === 2 ? other : signer).sign(size, ROOT, TIME));
    for (const checkpoint of all) await store.append(checkpoint);
    expect(await store.page(0, 2)).toEqual({ checkpoints: all.slice(0, 4), nextSize: 3 });
    expect(await store.page(2, 1)).toEqual({ checkpoints: all.slice(1, 4), nextSize: 3 });
    expect(await store.page(3, 10)).toEqual({ checkpoints: all.slice(4) });
    expect(() => store.page(0, 0)).rejects.toThrow(RangeError);
  });
});
