import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import type { Logger } from 'pino';
import {
  WitnessClient,
  consistencyPath,
  type Checkpoint,
  type IntegrityLog,
  type WitnessTarget,
} from '@gongkai/event-store';

interface StoredCosignature {
  treeSize: number;
  rootHash: string;
  witness: string;
  line: string;
}

/**
 * Submits every new checkpoint to the configured witnesses (c2sp.org/tlog-witness) and keeps their
 * cosignatures (`<dataDir>/cosignatures.jsonl`), so the checkpoint is served with them. A witness that is
 * down or refuses is logged and retried with the next checkpoint; it never blocks signing.
 */
export class Witnesses {
  private readonly clients: WitnessClient[];
  private readonly file: string;
  /** Cosignature lines of the latest checkpoint that has any, by `<size>:<root>`. */
  private readonly lines = new Map<string, Map<string, string>>();
  private pending: Promise<unknown> = Promise.resolve();

  constructor(
    targets: readonly WitnessTarget[],
    private readonly log: IntegrityLog,
    dataDir: string,
    private readonly logger: Logger,
  ) {
    this.file = path.join(dataDir, 'cosignatures.jsonl');
    this.clients = targets.map(
      (target) => new WitnessClient(target, (from, to) => consistencyPath(log.tree, from, to)),
    );
  }

  get configured(): boolean {
    return this.clients.length > 0;
  }

  async load(): Promise<void> {
    let text = '';
    try {
      text = await fs.readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
    for (const line of text.split('\n')) {
      if (!line) continue;
      try {
        this.remember(JSON.parse(line) as StoredCosignature);
      } catch {
        // A line cut by a crash: the witness will cosign the next checkpoint again.
      }
    }
  }

  /** Submits in the background, one checkpoint at a time, in signing order. */
  submit(checkpoint: Checkpoint): void {
    this.pending = this.pending.then(() => this.submitNow(checkpoint)).catch(() => undefined);
  }

  /** Resolves when every submission started so far has finished. */
  settled(): Promise<unknown> {
    return this.pending;
  }

  /** The checkpoint note with the cosignature lines the witnesses returned for it. */
  cosigned(checkpoint: Checkpoint): string | undefined {
    if (checkpoint.note === undefined) return undefined;
    const lines = this.lines.get(`${checkpoint.treeSize}:${checkpoint.rootHash}`);
    return lines ? checkpoint.note + [...lines.values()].join('') : checkpoint.note;
  }

  private async submitNow(checkpoint: Checkpoint): Promise<void> {
    await Promise.all(
      this.clients.map(async (client) => {
        try {
          const line = await client.submit(checkpoint);
          const stored: StoredCosignature = {
            treeSize: checkpoint.treeSize,
            rootHash: checkpoint.rootHash,
            witness: client.verifier.name,
            line,
          };
          await fs.appendFile(this.file, `${JSON.stringify(stored)}\n`);
          this.remember(stored);
        } catch (error) {
          this.logger.warn(
            { witness: client.target.url, treeSize: checkpoint.treeSize, error: (error as Error).message },
            'witness did not cosign the checkpoint',
          );
        }
      }),
    );
  }

  private remember(stored: StoredCosignature): void {
    const key = `${stored.treeSize}:${stored.rootHash}`;
    let lines = this.lines.get(key);
    if (!lines) {
      // Only the newest checkpoint's cosignatures are served.
      this.lines.clear();
      lines = new Map();
      this.lines.set(key, lines);
    }
    lines.set(stored.witness, stored.line);
  }
}
