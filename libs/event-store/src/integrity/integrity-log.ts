import type { EventStore, RecordedEvent, Subscription } from '../event-store.port';
import type { Checkpoint } from './checkpoint';
import type { CheckpointSigner } from './checkpoint-signer';
import type { CheckpointStore } from './checkpoint-store';
import { HashArray, MerkleLog } from './merkle';

export interface InclusionProof {
  /** Global position of the event in `$all`. */
  position: number;
  leafIndex: number;
  treeSize: number;
  /** Leaf data d: the event's chain hash (hex). The leaf hash is SHA-256(0x00 || d). */
  eventHash: string;
  rootHash: string;
  /** Sibling hashes from the leaf upwards (hex), RFC 9162 PATH. */
  path: string[];
}

export interface ConsistencyProof {
  fromSize: number;
  toSize: number;
  fromRoot: string;
  toRoot: string;
  /** RFC 9162 PROOF (hex). */
  path: string[];
}

export interface IntegrityLogOptions {
  store: EventStore;
  signer?: CheckpointSigner;
  checkpoints?: CheckpointStore;
  /** Events per readAll page while catching up (default 1000). */
  pageSize?: number;
}

export class UnknownPosition extends Error {
  constructor(readonly position: number) {
    super(`no event at position ${position} in the Merkle log`);
    this.name = 'UnknownPosition';
  }
}

/**
 * The global Merkle log over `$all`, kept in memory: built from the store at open, then kept up to date
 * by a catch-up subscription (`follow`) or explicit `catchUp()` calls. Leaf i is the i-th event of `$all`;
 * its data is the event's chain hash decoded to 32 bytes.
 */
export class IntegrityLog {
  private readonly log = new MerkleLog();
  /** positions[i] = global position of leaf i; increasing, so lookups are a binary search. */
  private positions: number[] = [];
  private subscription: Subscription | undefined;
  private following: Promise<void> | undefined;
  private followError: unknown;
  /** Leaf data of every leaf, so inclusion proofs can name the event hash they prove. */
  private readonly eventHashes = new HashArray();

  private constructor(private readonly options: IntegrityLogOptions) {}

  /** Builds the log from everything stored so far. */
  static async open(options: IntegrityLogOptions): Promise<IntegrityLog> {
    const integrity = new IntegrityLog(options);
    await integrity.catchUp();
    return integrity;
  }

  get size(): number {
    return this.log.size;
  }

  /** Position of the last event in the log (0 when empty). */
  get lastPosition(): number {
    return this.positions[this.positions.length - 1] ?? 0;
  }

  /** Reads `$all` after the last event in the log, page by page, until the head. Returns the new size. */
  async catchUp(): Promise<number> {
    const pageSize = this.options.pageSize ?? 1000;
    for (;;) {
      const page = await this.options.store.readAll({
        direction: 'forwards',
        from: this.size === 0 ? 'start' : { after: this.lastPosition },
        maxCount: pageSize,
      });
      for (const event of page) this.add(event);
      if (page.length < pageSize) return this.size;
    }
  }

  /** Keeps the log current with a catch-up subscription from the last event in the log, until `close()`. */
  follow(): void {
    if (this.subscription) return;
    const from = this.size === 0 ? 'start' : { after: this.lastPosition };
    const subscription = this.options.store.subscribeToAll({ from });
    this.subscription = subscription;
    this.following = (async () => {
      try {
        for await (const event of subscription) this.add(event);
      } catch (error) {
        this.followError = error;
      }
    })();
  }

  /** Resolves once the log holds every event up to `position` (polling while `follow()` runs). */
  async waitFor(position: number, timeoutMs = 10_000): Promise<void> {
    if (!this.subscription) await this.catchUp();
    const deadline = Date.now() + timeoutMs;
    while (this.lastPosition < position) {
      if (this.followError) throw this.followError;
      if (!this.subscription || Date.now() > deadline) throw new UnknownPosition(position);
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  root(treeSize: number = this.size): string {
    return this.log.root(treeSize).toString('hex');
  }

  leafIndexOf(position: number): number {
    let lo = 0;
    let hi = this.positions.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.positions[mid]!;
      if (at === position) return mid;
      if (at < position) lo = mid + 1;
      else hi = mid - 1;
    }
    throw new UnknownPosition(position);
  }

  /** Proof that the event at `position` is leaf `leafIndex` of the tree of `treeSize` (default: current). */
  inclusionProof(position: number, treeSize: number = this.size): InclusionProof {
    const leafIndex = this.leafIndexOf(position);
    const path = this.log.inclusionProof(leafIndex, treeSize).map((h) => h.toString('hex'));
    return {
      position,
      leafIndex,
      treeSize,
      eventHash: this.eventHashes.at(leafIndex).toString('hex'),
      rootHash: this.root(treeSize),
      path,
    };
  }

  consistencyProof(fromSize: number, toSize: number = this.size): ConsistencyProof {
    return {
      fromSize,
      toSize,
      fromRoot: this.root(fromSize),
      toRoot: this.root(toSize),
      path: this.log.consistencyProof(fromSize, toSize).map((h) => h.toString('hex')),
    };
  }

  /** Signs the current size and root and appends the checkpoint to the history. */
  async checkpoint(timestamp?: string): Promise<Checkpoint> {
    const { signer, checkpoints } = this.options;
    if (!signer) throw new Error('IntegrityLog was opened without a CheckpointSigner');
    const checkpoint = signer.sign(this.size, this.root(), timestamp);
    await checkpoints?.append(checkpoint);
    return checkpoint;
  }

  async close(): Promise<void> {
    const subscription = this.subscription;
    this.subscription = undefined;
    if (subscription) await subscription.close();
    await this.following;
  }

  private add(event: RecordedEvent): void {
    // A subscription that resumes may repeat the boundary event; positions only grow.
    if (event.position <= this.lastPosition && this.positions.length > 0) return;
    const data = Buffer.from(event.hash, 'hex');
    if (data.length !== 32) throw new Error(`event at position ${event.position} has no valid hash`);
    this.log.append(data);
    this.positions.push(event.position);
    this.eventHashes.push(data);
  }
}
