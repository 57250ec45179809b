import { CorruptEvent, StreamNotFound } from '../errors';
import type { EventStore, RecordedEvent } from '../event-store.port';
import { verifyCheckpoint, type Checkpoint } from './checkpoint';
import { GENESIS_HASH, chainHash } from './hash-chain';
import { logEntry } from './commitments';
import { MerkleFrontier, leafHash, type SubtreeHashes } from './merkle';
import { TILE_HEIGHT } from './tiles';
import { TimeSlicedPages, type Slicing } from '../shared/time-slice';
import { SignedRoots } from './signed-roots';
import type { KeyObject } from 'node:crypto';

export type EventFailureReason =
  /** The stored bytes no longer decode (the adapter raised CorruptEvent). */
  | 'corrupt'
  /** Recomputing SHA-256(prevHash || canonical JSON) does not give the stored hash: content was altered. */
  | 'hash-mismatch'
  /** The stored prevHash is not the hash of the stream's previous event. */
  | 'broken-link'
  /** Revisions are not 0, 1, 2, ... within the stream. */
  | 'revision-gap'
  /** Within a stream, a later revision sits at an earlier (or the same) global position. */
  | 'out-of-order'
  /** The event is not the one the Merkle log recorded at this leaf (rewritten, swapped, deleted, inserted). */
  | 'not-in-log';

export interface EventFailure {
  ok: false;
  reason: EventFailureReason;
  streamId: string;
  revision: number;
  position: number;
  expectedHash?: string;
  actualHash?: string;
  detail: string;
}

export type CheckpointFailureReason =
  | 'checkpoint-signature'
  | 'checkpoint-root-mismatch'
  | 'checkpoint-beyond-log'
  /** The store holds fewer events than the Merkle log recorded: events were removed at the end. */
  | 'truncated'
  /** A hash stored in the tiles is not the one the stored events give there: the tiles were altered. */
  | 'tile-mismatch';

export interface CheckpointFailure {
  ok: false;
  reason: CheckpointFailureReason;
  treeSize: number;
  expectedHash?: string;
  actualHash?: string;
  detail: string;
}

export type VerifyFailure = EventFailure | CheckpointFailure;

export interface VerifySuccess {
  ok: true;
  /** Events whose hash and link were recomputed. */
  checked: number;
  /** For verifyAll: the Merkle tree over everything checked, and whether a checkpoint was matched. */
  treeSize?: number;
  rootHash?: string;
  checkpointVerified?: boolean;
  /** With `tree`: how many of its leaves (the first ones) were compared with the stored events. */
  leavesCompared?: number;
}

export type VerifyResult = VerifySuccess | VerifyFailure;

export interface VerifyStreamOptions {
  pageSize?: number;
}

export interface VerifyAllOptions {
  /** The largest page read (default 1000); pages are sized to about `sliceMs` of work each. */
  pageSize?: number;
  /** Work per turn of the event loop between pages (default about 8 ms). */
  slicing?: Slicing;
  /** Called after each page with the number of events checked so far and the last position. */
  onProgress?: (progress: { checked: number; position: number }) => void;
  /** Also check that the Merkle root at `checkpoint.treeSize` is the signed one. */
  checkpoint?: Checkpoint;
  /** The key the checkpoint must be signed with (PEM, raw base64 or KeyObject); required with `checkpoint`. */
  publicKey?: KeyObject | string;
  /**
   * The signer's own record of the log: every event must be the leaf it recorded (same id, same hash) and
   * the store must hold at least as many events as it has leaves.
   */
  tree?: RecordedTree;
  /**
   * Signed checkpoints (already trusted, e.g. the signer's own history): the root at each size must match. An
   * async source (readHistory of the checkpoints file) is read as the run goes, and must be in size order.
   */
  signed?: readonly Checkpoint[] | AsyncIterable<Checkpoint>;
  /**
   * Check only the events from leaf `sinceLeaf` of `tree` on (the tree's first `sinceLeaf` leaves are taken
   * as they are: the caller has checked them against a signed root). Each stream's chain is picked up from
   * its previous event in the store. What a restart checks before it signs (docs/integrity.md §5).
   */
  sinceLeaf?: number;
  /** Streams whose chain tip is kept in memory (default 100,000); others are read again when they continue. */
  streamTips?: number;
  /** Stops the run between pages (it rejects with VerifyStopped): the service is shutting down. */
  signal?: AbortSignal;
}

/** A verification stopped by its `signal` before it finished: it vouches for nothing. */
export class VerifyStopped extends Error {
  constructor() {
    super('the verification was stopped before it finished');
    this.name = 'VerifyStopped';
  }
}

/** What verifyAll compares the store with: the leaves the Merkle log recorded. */
export interface RecordedTree {
  readonly size: number;
  entry(index: number): Buffer;
  leaf(index: number): { eventId: string; position?: number } | undefined;
  /**
   * The stored hash of a complete subtree (tiles). When present, every hash the tiles store (level 0 and
   * every 8th level above it) is compared with the one the stored events give.
   */
  hashAt?: SubtreeHashes['hashAt'];
}

const DEFAULT_PAGE = 1000;
const DEFAULT_STREAM_TIPS = 100_000;

/** Chain tips by stream, least recently used dropped first beyond `capacity`. */
class StreamTips {
  private readonly tips = new Map<string, StreamTip>();

  constructor(private readonly capacity: number) {}

  has(streamId: string): boolean {
    return this.tips.has(streamId);
  }

  get(streamId: string): StreamTip | undefined {
    return this.tips.get(streamId);
  }

  set(streamId: string, tip: StreamTip): void {
    // Re-inserted: Map order is insertion order, so the first key is the least recently used.
    this.tips.delete(streamId);
    this.tips.set(streamId, tip);
    if (this.tips.size > this.capacity) this.tips.delete(this.tips.keys().next().value!);
  }
}

/** The chain state of one stream while walking it. */
interface StreamTip {
  revision: number;
  hash: string;
}

/** Checks one event against the tip of its stream; returns the failure or undefined. */
function checkEvent(event: RecordedEvent, tip: StreamTip | undefined): EventFailure | undefined {
  const where = { streamId: event.streamId, revision: event.revision, position: event.position };
  const expectedRevision = tip ? tip.revision + 1 : 0;
  if (event.revision !== expectedRevision) {
    return {
      ok: false,
      reason: 'revision-gap',
      ...where,
      detail: `expected revision ${expectedRevision}, found ${event.revision}`,
    };
  }
  const expectedPrev = tip ? tip.hash : GENESIS_HASH;
  if (event.prevHash !== expectedPrev) {
    return {
      ok: false,
      reason: 'broken-link',
      ...where,
      expectedHash: expectedPrev,
      actualHash: event.prevHash,
      detail: `prevHash does not match the hash of revision ${expectedRevision - 1}`,
    };
  }
  let recomputed: string;
  try {
    recomputed = chainHash(event.prevHash, event);
  } catch (error) {
    return {
      ok: false,
      reason: 'corrupt',
      ...where,
      detail: `content cannot be canonicalised: ${String(error)}`,
    };
  }
  if (recomputed !== event.hash) {
    return {
      ok: false,
      reason: 'hash-mismatch',
      ...where,
      expectedHash: event.hash,
      actualHash: recomputed,
      detail: 'the stored content no longer hashes to the stored hash',
    };
  }
  return undefined;
}

/** Revisions of a stream must sit at increasing global positions (reading by revision alone hides a swap). */
function checkOrder(event: RecordedEvent, previousPosition: number | undefined): EventFailure | undefined {
  if (previousPosition === undefined || event.position > previousPosition) return undefined;
  return {
    ok: false,
    reason: 'out-of-order',
    streamId: event.streamId,
    revision: event.revision,
    position: event.position,
    detail: `revision ${event.revision} sits at position ${event.position}, not after revision ${event.revision - 1} (position ${previousPosition})`,
  };
}

function corruptFailure(error: CorruptEvent): EventFailure {
  return {
    ok: false,
    reason: 'corrupt',
    streamId: error.streamId,
    revision: error.revision,
    position: error.position,
    detail: error.cause instanceof Error ? error.cause.message : error.message,
  };
}

/** Walks one stream from revision 0 and reports the first event whose bytes or links do not check out. */
export async function verifyStream(
  store: EventStore,
  streamId: string,
  options: VerifyStreamOptions = {},
): Promise<VerifyResult> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE;
  let tip: StreamTip | undefined;
  let lastPosition: number | undefined;
  let checked = 0;
  for (;;) {
    const fromRevision = tip ? tip.revision + 1 : 0;
    let page: RecordedEvent[];
    try {
      page = await readStreamPage(store, streamId, fromRevision, pageSize);
    } catch (error) {
      if (!(error instanceof CorruptEvent)) throw error;
      // Check what precedes the damaged event one by one, so the failure reported is really the first.
      for (let revision = fromRevision; revision < error.revision; revision++) {
        const [event] = await readStreamPage(store, streamId, revision, 1);
        if (!event) break;
        const failure = checkEvent(event, tip);
        if (failure) return failure;
        tip = { revision: event.revision, hash: event.hash };
        checked += 1;
      }
      return corruptFailure(error);
    }
    for (const event of page) {
      const failure = checkEvent(event, tip) ?? checkOrder(event, lastPosition);
      if (failure) return failure;
      tip = { revision: event.revision, hash: event.hash };
      lastPosition = event.position;
      checked += 1;
    }
    if (page.length < pageSize) return { ok: true, checked };
  }
}

async function readStreamPage(
  store: EventStore,
  streamId: string,
  fromRevision: number,
  maxCount: number,
): Promise<RecordedEvent[]> {
  try {
    return await store.readStream(streamId, { direction: 'forwards', fromRevision, maxCount });
  } catch (error) {
    // Past the end of an existing stream some adapters answer StreamNotFound; revision 0 missing is real.
    if (error instanceof StreamNotFound && fromRevision > 0) return [];
    throw error;
  }
}

/**
 * Walks `$all` from the start, checks every event's hash and link within its stream, builds the Merkle log
 * over the stored hashes and, when given, checks the signed checkpoint against it. Reports the first failure.
 */
export async function verifyAll(store: EventStore, options: VerifyAllOptions = {}): Promise<VerifyResult> {
  const pageSize = options.pageSize ?? DEFAULT_PAGE;
  if (options.checkpoint && !options.publicKey)
    throw new TypeError('verifyAll: a checkpoint needs its public key');
  if (options.checkpoint && !verifyCheckpoint(options.checkpoint, options.publicKey!)) {
    return {
      ok: false,
      reason: 'checkpoint-signature',
      treeSize: options.checkpoint.treeSize,
      detail: 'the checkpoint signature does not verify with the given key',
    };
  }
  const { tree } = options;
  const since = options.sinceLeaf ?? 0;
  if (since > 0 && (tree?.hashAt === undefined || since > tree.size)) {
    throw new RangeError('verifyAll: sinceLeaf needs a tree with stored hashes holding that many leaves');
  }
  // Roots to compare as the stream passes their sizes: the signer's history, read as the run goes.
  const roots = new SignedRoots(options.signed ?? [], since);
  try {
    return await walk(store, options, roots, pageSize, since);
  } finally {
    await roots.close();
  }
}

async function walk(
  store: EventStore,
  options: VerifyAllOptions,
  roots: SignedRoots,
  pageSize: number,
  since: number,
): Promise<VerifyResult> {
  const { tree } = options;
  // The chain tips of the streams seen most recently: bounded, so a store of millions of streams is verified
  // in bounded memory; a stream that was dropped is picked up again from its previous event in the store.
  const tips = new StreamTips(options.streamTips ?? DEFAULT_STREAM_TIPS);
  const frontier =
    since > 0 ? MerkleFrontier.of(tree as SubtreeHashes & RecordedTree, since) : new MerkleFrontier();
  // The given checkpoint (the CLI's), compared as the stream passes its size like the history's.
  const given = options.checkpoint && options.checkpoint.treeSize >= since ? options.checkpoint : undefined;
  let givenMatched = false;
  let rootFailure: CheckpointFailure | undefined;
  // Events checked so far, counted from the start of $all (leaf indexes).
  let checked = since;
  let lastPosition = since > 0 ? (tree!.leaf(since - 1)?.position ?? 0) : 0;
  let tileFailure: CheckpointFailure | undefined;
  // Every hash the tiles store is at a level that is a multiple of the tile height (level 0: leaf hashes).
  const compareTiles =
    tree?.hashAt === undefined
      ? undefined
      : (level: number, index: number, hash: Buffer): void => {
          if (tileFailure || level % TILE_HEIGHT !== 0 || (index + 1) * 2 ** level > tree.size) return;
          let stored: Buffer | undefined;
          try {
            stored = tree.hashAt!(level, index);
          } catch {
            stored = undefined;
          }
          if (stored?.equals(hash)) return;
          tileFailure = {
            ok: false,
            reason: 'tile-mismatch',
            treeSize: (index + 1) * 2 ** level,
            expectedHash: hash.toString('hex'),
            actualHash: stored?.toString('hex'),
            detail: `the tiles hold ${stored ? 'another hash' : 'no hash'} for the subtree of level ${level}, index ${index} (leaves ${index * 2 ** level} to ${(index + 1) * 2 ** level - 1}) than the stored events give: the tiles were altered`,
          };
        };

  const compare = (signed: Checkpoint): void => {
    const actual = frontier.root().toString('hex');
    if (actual !== signed.rootHash && !rootFailure) {
      rootFailure = {
        ok: false,
        reason: 'checkpoint-root-mismatch',
        treeSize: signed.treeSize,
        expectedHash: signed.rootHash,
        actualHash: actual,
        detail: `the Merkle root of the first ${signed.treeSize} stored events differs from the signed checkpoint`,
      };
    }
  };
  const compareRoots = (): void => {
    for (let next = roots.peek(); next?.treeSize === frontier.size; next = roots.peek())
      compare(roots.shift()!);
    if (given && !givenMatched && given.treeSize === frontier.size) {
      compare(given);
      givenMatched = true;
    }
  };
  await roots.fill(frontier.size);
  compareRoots();

  const check = (event: RecordedEvent): VerifyFailure | undefined => {
    const failure = checkEvent(event, tips.get(event.streamId));
    if (failure) return failure;
    let entry: Buffer;
    try {
      entry = logEntry(event);
    } catch (error) {
      return {
        ok: false,
        reason: 'corrupt',
        streamId: event.streamId,
        revision: event.revision,
        position: event.position,
        detail: `its log entry cannot be computed: ${error instanceof Error ? error.message : String(error)}`,
      };
    }
    if (tree && checked < tree.size) {
      const recorded = tree.leaf(checked);
      if (recorded?.eventId !== event.id || !tree.entry(checked).equals(entry)) {
        return {
          ok: false,
          reason: 'not-in-log',
          streamId: event.streamId,
          revision: event.revision,
          position: event.position,
          expectedHash: tree.entry(checked).toString('hex'),
          actualHash: entry.toString('hex'),
          detail: `leaf ${checked} of the Merkle log is event ${recorded?.eventId ?? '(none)'}; the store holds ${event.id} there: the log was rewritten`,
        };
      }
    }
    tips.set(event.streamId, { revision: event.revision, hash: event.hash });
    frontier.appendLeafHash(leafHash(entry), compareTiles);
    checked += 1;
    lastPosition = event.position;
    compareRoots();
    return rootFailure ?? tileFailure;
  };

  // From the middle of $all, or after its tip was dropped, a stream's chain continues from its previous event,
  // read from the store: its hash is what the next one must link to, and it must sit earlier in $all.
  const needsPrevious = (event: RecordedEvent): boolean => event.revision > 0 && !tips.has(event.streamId);
  const previousOf = async (event: RecordedEvent): Promise<VerifyFailure | undefined> => {
    if (event.revision === 0 || tips.has(event.streamId)) return undefined;
    const [previous] = await readStreamPage(store, event.streamId, event.revision - 1, 1);
    if (previous?.revision !== event.revision - 1) {
      return {
        ok: false,
        reason: 'revision-gap',
        streamId: event.streamId,
        revision: event.revision,
        position: event.position,
        detail: `revision ${event.revision - 1} of the stream is missing`,
      };
    }
    const order = checkOrder(event, previous.position);
    if (order) return order;
    tips.set(event.streamId, { revision: previous.revision, hash: previous.hash });
    return undefined;
  };

  const pages = new TimeSlicedPages(pageSize, options.slicing);
  pages.begin();
  for (;;) {
    let page: RecordedEvent[];
    const maxCount = pages.pageSize;
    // Every signed size this page can reach is held before it is checked (compareRoots is synchronous).
    await roots.fill(checked + maxCount);
    try {
      page = await store.readAll({
        direction: 'forwards',
        from: checked === 0 ? 'start' : { after: lastPosition },
        maxCount,
      });
    } catch (error) {
      if (!(error instanceof CorruptEvent)) throw error;
      for (;;) {
        const [event] = await store
          .readAll({
            direction: 'forwards',
            from: checked === 0 ? 'start' : { after: lastPosition },
            maxCount: 1,
          })
          .catch((inner: unknown) => {
            if (inner instanceof CorruptEvent) return [];
            throw inner;
          });
        if (!event || event.position >= error.position) break;
        const failure = (needsPrevious(event) ? await previousOf(event) : undefined) ?? check(event);
        if (failure) return failure;
      }
      return corruptFailure(error);
    }
    for (const event of page) {
      const failure = (needsPrevious(event) ? await previousOf(event) : undefined) ?? check(event);
      if (failure) return failure;
    }
    options.onProgress?.({ checked, position: lastPosition });
    if (page.length < maxCount) break;
    // The SQLite store's reads resolve at once: without this, a verification holds the event loop (and
    // every HTTP request) until it has read the whole store.
    await pages.pause(page.length);
    if (options.signal?.aborted) throw new VerifyStopped();
  }

  if (tree && checked < tree.size) {
    return {
      ok: false,
      reason: 'truncated',
      treeSize: tree.size,
      detail: `the Merkle log recorded ${tree.size} events but the store holds ${checked}: events were removed`,
    };
  }
  await roots.fill(checked);
  const beyond = roots.peek() ?? (given && !givenMatched ? given : undefined);
  if (beyond) {
    return {
      ok: false,
      reason: 'checkpoint-beyond-log',
      treeSize: beyond.treeSize,
      detail: `the checkpoint covers ${beyond.treeSize} events but the store holds ${checked}: events are missing`,
    };
  }
  const result: VerifySuccess = {
    ok: true,
    checked: checked - since,
    treeSize: frontier.size,
    rootHash: frontier.root().toString('hex'),
  };
  if (givenMatched) result.checkpointVerified = true;
  if (tree) result.leavesCompared = Math.min(checked, tree.size);
  return result;
}
