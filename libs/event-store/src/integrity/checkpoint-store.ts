import { promises as fs, statSync, type BigIntStats } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import * as path from 'node:path';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import type { Checkpoint } from './checkpoint';
import { syncDirectory } from './checkpoint-signer';
import { LineFile, type Line } from './line-file';

/** The history of signed checkpoints, append-only and ordered by tree size. */
export interface CheckpointStore {
  /** Appends a checkpoint; rejects one whose tree size is below the latest stored one. */
  append(checkpoint: Checkpoint): Promise<void>;
  latest(): Promise<Checkpoint | undefined>;
  /** The whole history, oldest first, in memory (small histories and tests; it grows with every signing). */
  list(): Promise<Checkpoint[]>;
  /**
   * The history as it stands now, to be read later, a line at a time, by `readHistory` (on another thread
   * too): what the whole-store verification compares every signed root with.
   */
  history(): Promise<CheckpointHistory>;
  /**
   * Up to `limit` checkpoints of tree size `fromSize` or more, oldest first; `nextSize` (when more follow) is
   * the `fromSize` of the next page. Checkpoints of one size (another key re-signed it) share a page.
   */
  page(fromSize: number, limit: number): Promise<CheckpointPage>;
  /**
   * Runs `work` while no other process holding the same history runs its own (API replicas sharing a data
   * directory), so that reading the latest checkpoint and appending the next one is one step.
   */
  exclusive?<T>(work: () => Promise<T>): Promise<T>;
}

/** A checkpoints file up to a length: the complete lines it held when taken (structured-clonable). */
export interface CheckpointHistory {
  file: string;
  length: number;
}

export interface CheckpointPage {
  checkpoints: Checkpoint[];
  nextSize?: number;
}

const checkpointSchema = z.object({
  origin: z.string(),
  treeSize: z.number().int().nonnegative(),
  rootHash: z.string().regex(/^[0-9a-f]{64}$/),
  timestamp: z.string(),
  note: z.string().optional(),
  keyId: z.string().optional(),
  signature: z.string().optional(),
});

export class CheckpointHistoryError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'CheckpointHistoryError';
  }
}

/**
 * Checkpoints as JSON lines in one file. Each append is one `write` of one complete line to a file
 * opened in append mode, followed by fsync, so a line is either fully there or (after a crash mid-write)
 * an unterminated tail, which reading ignores and the next append cuts.
 *
 * The history grows with every signing (every few seconds, for years), so nothing but `list()` reads it
 * whole: `latest()` and `append()` read the file backwards from its end to the last complete line, and
 * `page()` finds its first line by binary search over byte offsets (tree sizes never go backwards). Nothing
 * is cached between calls: another process sharing the data directory may have appended since.
 */
export class FileCheckpointStore implements CheckpointStore {
  private queue: Promise<unknown> = Promise.resolve();
  /** The last checkpoint as of the file's identity when it was read. */
  private cached: { identity: string; last: Checkpoint | undefined } | undefined;

  constructor(readonly file: string) {}

  /** `<dataDir>/checkpoints.jsonl` */
  static inDataDir(dataDir: string): FileCheckpointStore {
    return new FileCheckpointStore(path.join(dataDir, 'checkpoints.jsonl'));
  }

  append(checkpoint: Checkpoint): Promise<void> {
    const parsed = checkpointSchema.parse(checkpoint);
    const run = this.queue.then(() => this.appendNow(parsed));
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** A lock directory beside the file (`checkpoints.jsonl.lock`, proper-lockfile), taken over when stale. */
  async exclusive<T>(work: () => Promise<T>): Promise<T> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const release = await lockfile.lock(this.file, {
      realpath: false,
      // A holder that died leaves the lock; it is taken over once not refreshed for 10 s.
      stale: 10_000,
      retries: { retries: 200, factor: 1.3, minTimeout: 5, maxTimeout: 250 },
    });
    try {
      return await work();
    } finally {
      await release();
    }
  }

  /**
   * The last complete checkpoint. Kept with the file's identity and size when read: a call whose `stat`
   * finds the same file unchanged (another process may have appended or cut it) answers without reading.
   */
  async latest(): Promise<Checkpoint | undefined> {
    const now = this.identity();
    if (now === undefined) return undefined;
    if (this.cached?.identity === now) return this.cached.last;
    const read = await this.withFile('r', async (lines, size, identity) => {
      const { last, completeLength } = await this.tail(lines, size);
      // Kept only when the file ends with a complete line: every change it may see then makes it longer
      // (an append; only a cut tail is ever truncated), whatever the resolution of its change time.
      return { last, identity: completeLength === size ? identity : undefined };
    });
    this.cached = read?.identity === undefined ? undefined : { identity: read.identity, last: read.last };
    return read?.last;
  }

  /**
   * Device, inode, size and change time of the file (undefined if absent). A synchronous stat: one metadata
   * call on a local file costs less than a round trip through libuv's thread pool, which under load is
   * where the time of a checkpoint request went.
   */
  private identity(): string | undefined {
    const stat = statSync(this.file, { bigint: true, throwIfNoEntry: false });
    return stat && identityOf(stat);
  }

  async list(): Promise<Checkpoint[]> {
    const all: Checkpoint[] = [];
    for await (const checkpoint of readHistory(await this.history())) all.push(checkpoint);
    return all;
  }

  async history(): Promise<CheckpointHistory> {
    const length = await this.withFile('r', (lines, size) => lines.completeLength(size));
    return { file: this.file, length: length ?? 0 };
  }

  async page(fromSize: number, limit: number): Promise<CheckpointPage> {
    if (!Number.isSafeInteger(limit) || limit < 1) throw new RangeError(`invalid page limit ${limit}`);
    return (
      (await this.withFile('r', async (lines, size) => {
        const end = await lines.completeLength(size);
        const checkpoints: Checkpoint[] = [];
        for await (const line of lines.linesFrom(await this.firstOfSize(lines, fromSize, end), end)) {
          if (line.bytes.length === 0) continue;
          const checkpoint = this.parseLine(line);
          const last = checkpoints[checkpoints.length - 1];
          // Full, and not in the middle of one size's checkpoints: the next page starts here.
          if (checkpoints.length >= limit && last!.treeSize !== checkpoint.treeSize) {
            return { checkpoints, nextSize: checkpoint.treeSize };
          }
          checkpoints.push(checkpoint);
        }
        return { checkpoints };
      })) ?? { checkpoints: [] }
    );
  }

  /** Offset of the first line whose tree size is `treeSize` or more (`end` if none): a binary search. */
  private async firstOfSize(lines: LineFile, treeSize: number, end: number): Promise<number> {
    // Invariant: every line before `low` is smaller; `high` is `end` or a line at least `treeSize`.
    let low = 0;
    let high = end;
    while (low < high) {
      let probe = await lines.lineStartFrom(low + Math.floor((high - low) / 2), high);
      // No line starts in the upper half: the one at `low` spans it.
      if (probe >= high) probe = low;
      const line = await lines.lineAt(probe, high);
      if (line.bytes.length > 0 && this.parseLine(line).treeSize >= treeSize) high = probe;
      else low = line.next;
    }
    return high;
  }

  /** The last complete checkpoint and the length of the complete lines (what follows was cut by a crash). */
  private async tail(lines: LineFile, size: number): Promise<{ last?: Checkpoint; completeLength: number }> {
    const completeLength = await lines.completeLength(size);
    for (let end = completeLength; ;) {
      const line = await lines.lineBefore(end);
      if (!line) return { completeLength };
      if (line.bytes.length > 0) return { last: this.parseLine(line), completeLength };
      end = line.start;
    }
  }

  /** Runs `read` on the open file and its size; undefined when there is no file yet. */
  private async withFile<T>(
    flags: 'r',
    read: (lines: LineFile, size: number, identity: string) => Promise<T>,
  ): Promise<T | undefined> {
    let handle: FileHandle;
    try {
      handle = await fs.open(this.file, flags);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const stat = await handle.stat({ bigint: true });
      return await read(new LineFile(handle), Number(stat.size), identityOf(stat));
    } finally {
      await handle.close();
    }
  }

  /** One line read by offset (its number is unknown without reading what precedes it). */
  private parseLine(line: Line): Checkpoint {
    return parseCheckpointLine(line.bytes, () => `${this.file} at byte ${line.start}`);
  }

  private async appendNow(checkpoint: Checkpoint): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    // Append mode: every write lands at the end whatever the position; reads are positional.
    const handle = await fs.open(this.file, 'a+', 0o644);
    let isNew: boolean;
    try {
      const size = (await handle.stat()).size;
      isNew = size === 0;
      const { last, completeLength } = await this.tail(new LineFile(handle), size);
      if (last && checkpoint.treeSize < last.treeSize) {
        throw new CheckpointHistoryError(
          `checkpoint of size ${checkpoint.treeSize} is older than the latest (${last.treeSize})`,
        );
      }
      if (completeLength < size) await handle.truncate(completeLength);
      await handle.write(`${JSON.stringify(checkpoint)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (isNew) await syncDirectory(path.dirname(this.file));
  }
}

function identityOf(stat: BigIntStats): string {
  return `${stat.dev}:${stat.ino}:${stat.size}:${stat.ctimeNs}`;
}

/**
 * The checkpoints of a history, oldest first, read in blocks: memory for one block, whatever its length.
 * Tree sizes must not go backwards (append refuses it): a line that does is reported, not skipped.
 */
export async function* readHistory(history: CheckpointHistory): AsyncGenerator<Checkpoint> {
  if (history.length === 0) return;
  const handle = await fs.open(history.file, 'r');
  try {
    let number = 0;
    let previous = 0;
    for await (const line of new LineFile(handle).linesFrom(0, history.length)) {
      number += 1;
      if (line.bytes.length === 0) continue;
      const where = () => `${history.file} line ${number}`;
      const checkpoint = parseCheckpointLine(line.bytes, where);
      if (checkpoint.treeSize < previous) {
        throw new CheckpointHistoryError(
          `${where()}: tree size ${checkpoint.treeSize} after ${previous} (the history is out of order)`,
        );
      }
      previous = checkpoint.treeSize;
      yield checkpoint;
    }
  } finally {
    await handle.close();
  }
}

function parseCheckpointLine(bytes: Buffer, where: () => string): Checkpoint {
  try {
    return checkpointSchema.parse(JSON.parse(bytes.toString('utf8')));
  } catch (error) {
    throw new CheckpointHistoryError(`${where()} is not a checkpoint`, { cause: error });
  }
}
