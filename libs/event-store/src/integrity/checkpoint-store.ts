import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import lockfile from 'proper-lockfile';
import { z } from 'zod';
import type { Checkpoint } from './checkpoint';
import { syncDirectory } from './checkpoint-signer';

/** The history of signed checkpoints, append-only and ordered by tree size. */
export interface CheckpointStore {
  /** Appends a checkpoint; rejects one whose tree size is below the latest stored one. */
  append(checkpoint: Checkpoint): Promise<void>;
  latest(): Promise<Checkpoint | undefined>;
  list(): Promise<Checkpoint[]>;
  /**
   * Runs `work` while no other process holding the same history runs its own (API replicas sharing a data
   * directory), so that reading the latest checkpoint and appending the next one is one step.
   */
  exclusive?<T>(work: () => Promise<T>): Promise<T>;
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
 * an unterminated tail, which reading ignores.
 */
export class FileCheckpointStore implements CheckpointStore {
  private queue: Promise<unknown> = Promise.resolve();

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

  async latest(): Promise<Checkpoint | undefined> {
    const all = await this.list();
    return all[all.length - 1];
  }

  async list(): Promise<Checkpoint[]> {
    return this.parse(await this.readBytes());
  }

  private async readBytes(): Promise<Buffer> {
    try {
      return await fs.readFile(this.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
      throw error;
    }
  }

  /** Complete lines only: an unterminated tail is a write a crash interrupted. */
  private parse(bytes: Buffer): Checkpoint[] {
    const complete = bytes.subarray(0, bytes.lastIndexOf(0x0a) + 1).toString('utf8');
    return complete
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line, i) => {
        try {
          return checkpointSchema.parse(JSON.parse(line));
        } catch (error) {
          throw new CheckpointHistoryError(`${this.file} line ${i + 1} is not a checkpoint`, {
            cause: error,
          });
        }
      });
  }

  private async appendNow(checkpoint: Checkpoint): Promise<void> {
    const bytes = await this.readBytes();
    const history = this.parse(bytes);
    const last = history[history.length - 1];
    if (last && checkpoint.treeSize < last.treeSize) {
      throw new CheckpointHistoryError(
        `checkpoint of size ${checkpoint.treeSize} is older than the latest (${last.treeSize})`,
      );
    }
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const isNew = bytes.length === 0;
    const handle = await fs.open(this.file, 'a', 0o644);
    try {
      const completeLength = bytes.lastIndexOf(0x0a) + 1;
      if (completeLength < bytes.length) await handle.truncate(completeLength);
      await handle.write(`${JSON.stringify(checkpoint)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
    if (isNew) await syncDirectory(path.dirname(this.file));
  }
}
