import { promises as fs } from 'node:fs';
import type { Checkpoint } from '@gongkai/event-store';
import { z } from 'zod';

const checkpointSchema = z.object({
  origin: z.string(),
  treeSize: z.number().int().nonnegative(),
  rootHash: z.string().regex(/^[0-9a-f]{64}$/),
  timestamp: z.string(),
  note: z.string().optional(),
  keyId: z.string().optional(),
  signature: z.string().optional(),
});

/**
 * The checkpoint store before issue 17's change (main d1a514d), kept for bench/checkpoints.ts as the peer:
 * `latest()` and `append()` read and zod-parse the whole file.
 */
export class LegacyFileCheckpointStore {
  constructor(readonly file: string) {}

  async latest(): Promise<Checkpoint | undefined> {
    const all = this.parse(await this.readBytes());
    return all[all.length - 1];
  }

  async append(checkpoint: Checkpoint): Promise<void> {
    const bytes = await this.readBytes();
    const history = this.parse(bytes);
    const last = history[history.length - 1];
    if (last && checkpoint.treeSize < last.treeSize) throw new Error('older than the latest');
    const handle = await fs.open(this.file, 'a', 0o644);
    try {
      const completeLength = bytes.lastIndexOf(0x0a) + 1;
      if (completeLength < bytes.length) await handle.truncate(completeLength);
      await handle.write(`${JSON.stringify(checkpoint)}\n`);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }

  private async readBytes(): Promise<Buffer> {
    try {
      return await fs.readFile(this.file);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return Buffer.alloc(0);
      throw error;
    }
  }

  private parse(bytes: Buffer): Checkpoint[] {
    const complete = bytes.subarray(0, bytes.lastIndexOf(0x0a) + 1).toString('utf8');
    return complete
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => checkpointSchema.parse(JSON.parse(line)));
  }
}
