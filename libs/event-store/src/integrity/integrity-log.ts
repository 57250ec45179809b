import { CorruptEvent } from '../errors';
import { POSITION_ZERO, type EventStore, type Position, type RecordedEvent } from '../event-store.port';
import { verifyCheckpoint, type Checkpoint } from './checkpoint';
import { keyIdOf } from './checkpoint-keys';
import type { CheckpointSigner } from './checkpoint-signer';
import { readHistory, type CheckpointHistory, type CheckpointStore } from './checkpoint-store';
import { CommitmentError, logEntry } from './commitments';
import { consistencyPath, inclusionPath, treeRoot, verifyConsistency } from './merkle';
import { parseNote } from './note';
import { TiledTree, type NewLeaf } from './tiled-tree';
import { sealedEntries } from './sealed-entry';
import { TimeSlicedPages, type Slicing } from '../shared/time-slice';
import { TileStoreConflict, type TileStorage } from './tile-storage';
import { verifyAll, VerifyStopped, type RecordedTree, type VerifyFailure, type VerifyResult } from './verify';
import {
  VerifiedMarkError,
  verifyMark,
  type FileVerifiedMarkStore,
  type VerifiedMark,
} from './verified-mark';

export interface InclusionProof {
  /** Global position of the event in `$all`. */
  position: number;
  eventId: string;
  leafIndex: number;
  treeSize: number;
  /**
   * Leaf data d (the tlog entry, hex): the event's chain hash (leaf format 1) or the SHA-256 of its committed
   * form (format 2, integrity/commitments.ts). The leaf hash is SHA-256(0x00 || d).
   */
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

/** Why the log stopped signing: what was found, where, and when. */
export interface IntegrityAlarm {
  reason:
    | 'tree-mismatch'
    | 'inconsistent-checkpoint'
    | 'tail-rewritten'
    | 'truncated'
    | 'verify-failed'
    | 'corrupt'
    /** A signed record in the data directory (the last checkpoint, the verified mark) fails its signature. */
    | 'forged-record';
  detail: string;
  raisedAt: string;
  failure?: VerifyFailure;
}

export interface VerifyReport {
  startedAt: string;
  finishedAt?: string;
  /** Why this run happened. */
  trigger: 'start' | 'schedule' | 'request';
  result?: VerifyResult;
  error?: string;
}

/**
 * What a restart checked before signing again (docs/integrity.md §5): the tree gives the last signed root
 * (`anchor`, signature checked) and the `checked` events stored after it check out against their leaves and
 * chains. Without an anchor of this key, the whole store is verified first instead (`anchor` absent).
 */
export interface StartCheckReport {
  startedAt: string;
  finishedAt?: string;
  anchor?: { treeSize: number; rootHash: string };
  checked?: number;
  ok?: boolean;
  error?: string;
}

/** How far the whole-store verification in progress has got. */
export interface ScrubProgress {
  /** Events checked so far. */
  checked: number;
  /** Position of the last one. */
  position: number;
  /** Leaves of the tree it compares the store with. */
  treeSize: number;
}

/**
 * Runs the whole-store verification somewhere else than the request loop (a worker thread on its own
 * connections: ThreadScrubber). Without one, IntegrityLog runs it in process, in time slices.
 */
export interface Scrubber {
  run(input: {
    /** The signed history (read by the scrubber as it goes: it may hold millions of checkpoints). */
    history?: CheckpointHistory;
    onProgress?: (progress: ScrubProgress) => void;
  }): Promise<VerifyResult>;
  close(): Promise<void>;
}

export interface IntegrityLogOptions {
  store: EventStore;
  /** Where the tree lives (tiles), apart from the events. */
  tiles: TileStorage;
  signer?: CheckpointSigner;
  checkpoints?: CheckpointStore;
  /**
   * Leaves per tile write while catching up (default 1000). The store is read in smaller pages, each about
   * one slice of work (default 8 ms), with a turn of the event loop between them; the verification too.
   */
  pageSize?: number;
  slicing?: Slicing;
  /**
   * Leaves per read and per tile write while the tree is built at start (default 4096): fewer, larger
   * transactions (each an fsync) than following the store page by page.
   */
  buildPageSize?: number;
  /** Called once per alarm raised (the service logs it and counts it). */
  onAlarm?: (alarm: IntegrityAlarm) => void;
  /** Called after each new checkpoint is signed and stored (the service submits it to witnesses). */
  onSigned?: (checkpoint: Checkpoint) => void;
  /** Where the whole-store verification runs (default: in process, in slices). */
  scrubber?: Scrubber;
  /** Where a complete verification leaves its signed mark (needs `signer`). */
  marks?: FileVerifiedMarkStore;
}

export class UnknownPosition extends Error {
  constructor(readonly position: number) {
    super(`no event at position ${position} in the Merkle log`);
    this.name = 'UnknownPosition';
  }
}

export class UnknownEvent extends Error {
  constructor(readonly eventId: string) {
    super(`no event ${eventId} in the Merkle log`);
    this.name = 'UnknownEvent';
  }
}

/**
 * Where the log stands: `building` while the tree catches up with a large backlog at start (in the
 * background: reads and appends are served, nothing is signed), `verifying` while the check at start runs
 * (the events since the last signed checkpoint; the whole store when there is none: nothing new is signed
 * until it passes), `live` after. The whole-store verification (the scrub) runs in `live`.
 */
export type IntegrityPhase = 'building' | 'verifying' | 'live';

/** Thrown by `checkpoint()` when it refuses to sign; `last` is the last good checkpoint, if any. */
export class SigningRefused extends Error {
  constructor(
    readonly alarm: IntegrityAlarm,
    readonly last: Checkpoint | undefined,
  ) {
    super(`checkpoint signing refused: ${alarm.detail}`);
    this.name = 'SigningRefused';
  }
}

/**
 * The global Merkle log over `$all`, persisted as tiles (TiledTree) beside, never inside, the event store.
 * Leaf i is the i-th event of `$all`; its entry is the event's chain hash. New events are appended as they
 * are read from the store; the tree itself is never rebuilt from the events, so a rewrite of stored events
 * cannot rewrite it. Checkpoints are signed only over a tree consistent with the last one signed.
 */
export class IntegrityLog {
  readonly tree: TiledTree;
  private alarmState: IntegrityAlarm | undefined;
  private timer: NodeJS.Timeout | undefined;
  private verifyTimer: NodeJS.Timeout | undefined;
  private readonly listeners: ((alarm: IntegrityAlarm) => void)[] = [];
  private readonly signedListeners: ((checkpoint: Checkpoint) => void)[] = [];
  private checkpointTimer: NodeJS.Timeout | undefined;
  private catchingUp: Promise<boolean> | undefined;
  private signing: Promise<Checkpoint> | undefined;
  private verifying: Promise<VerifyReport> | undefined;
  private lastReport: VerifyReport | undefined;
  private startReport: StartCheckReport | undefined;
  private progress: ScrubProgress | undefined;
  private mark: VerifiedMark | undefined;
  /** Settles when the verification run at start has finished (signing waits for it). */
  private startCheck: Promise<unknown> = Promise.resolve();
  private phaseNow: IntegrityPhase = 'live';
  /** The background build at start (close waits for its current page). */
  private building: Promise<void> | undefined;
  private closed = false;
  private lastRoot: { size: number; root: string } | undefined;
  /** The tree's last leaf (its event id) when a catch-up last found it to be the store's last event. */
  private headChecked: string | undefined;
  /** Aborted by close(): an in-process verification stops at its next page. */
  private readonly stopping = new AbortController();

  private constructor(private readonly options: IntegrityLogOptions) {
    this.tree = new TiledTree(options.tiles);
  }

  /**
   * Opens the persisted tree, checks it still has the root of the last signed checkpoint, and appends the
   * events stored since. With `verifyAtStart`, verifies the whole store against the tree in the background.
   *
   * Start-up does not wait for a large backlog (a store without tiles, or tiles far behind it): up to
   * `foregroundLeaves` (default 10,000) events are appended before `open` returns; beyond that the tree is
   * built in the background (phase `building`) and `open` returns at once, so the service can listen.
   * Meanwhile `catchUp()` answers the size reached without waiting, and nothing is signed: signing waits
   * for the build and then for the verification at start, so a signed checkpoint never covers a tree that
   * was not checked against the store.
   */
  static async open(
    options: IntegrityLogOptions & { verifyAtStart?: boolean; readOnly?: boolean; foregroundLeaves?: number },
  ): Promise<IntegrityLog> {
    const integrity = new IntegrityLog(options);
    await integrity.checkTreeAgainstHistory();
    await integrity.checkMark();
    // A reader (the worker role) leaves appending to the one process that maintains the tree.
    if (options.readOnly) return integrity;
    const caughtUp = await integrity.catchUpSerialized(options.foregroundLeaves ?? 10_000);
    const afterBuild = async () => {
      // Again after catching up: a tree rebuilt from the store (tiles lost) must still give the signed root.
      await integrity.checkTreeAgainstHistory();
      await integrity.checkMark();
      // Started after catching up so that the check compares the store with every leaf recorded so far.
      if (options.verifyAtStart && !integrity.closed) {
        integrity.phaseNow = 'verifying';
        await integrity.checkAtStart();
      }
      integrity.phaseNow = 'live';
    };
    if (caughtUp) {
      await integrity.checkTreeAgainstHistory();
      await integrity.checkMark();
      if (options.verifyAtStart) {
        integrity.phaseNow = 'verifying';
        integrity.startCheck = integrity.checkAtStart().finally(() => {
          integrity.phaseNow = 'live';
        });
      }
      return integrity;
    }
    integrity.phaseNow = 'building';
    integrity.building = integrity
      .catchUpSerialized(Number.POSITIVE_INFINITY, options.buildPageSize ?? 4096)
      .then(
        () => undefined,
        () => undefined, // an alarm was raised or the store failed: following the store retries
      );
    integrity.startCheck = integrity.building.then(afterBuild).catch(() => {
      integrity.phaseNow = 'live';
    });
    return integrity;
  }

  /** See IntegrityPhase. */
  get phase(): IntegrityPhase {
    return this.phaseNow;
  }

  get size(): number {
    return this.tree.size;
  }

  /** Position of the last event in the log (0 when empty). */
  get lastPosition(): number {
    return this.tree.lastLeaf()?.position ?? 0;
  }

  get alarm(): IntegrityAlarm | undefined {
    return this.alarmState;
  }

  get lastVerify(): VerifyReport | undefined {
    return this.lastReport;
  }

  /** What the restart checked before it signed again. */
  get startCheckReport(): StartCheckReport | undefined {
    return this.startReport;
  }

  /** The whole-store verification in progress: how far it has got (undefined when none runs). */
  get scrubProgress(): ScrubProgress | undefined {
    return this.verifying ? this.progress : undefined;
  }

  /** The last complete whole-store verification's signed mark (kept across restarts), if any. */
  get verifiedMark(): VerifiedMark | undefined {
    return this.mark;
  }

  /** Raises the alarm (the first one stays: it names the first thing found wrong). */
  raise(alarm: Omit<IntegrityAlarm, 'raisedAt'>): IntegrityAlarm {
    if (this.alarmState) return this.alarmState;
    this.alarmState = { ...alarm, raisedAt: new Date().toISOString() };
    this.options.onAlarm?.(this.alarmState);
    for (const listener of this.listeners) listener(this.alarmState);
    return this.alarmState;
  }

  /** Calls `listener` when the alarm is raised (at once if it already is). */
  onAlarm(listener: (alarm: IntegrityAlarm) => void): void {
    this.listeners.push(listener);
    if (this.alarmState) listener(this.alarmState);
  }

  /** Calls `listener` after each new checkpoint is signed. */
  onSigned(listener: (checkpoint: Checkpoint) => void): void {
    this.signedListeners.push(listener);
  }

  /** Signs a checkpoint every `intervalMs` when the tree grew (0: only on request). */
  checkpointEvery(intervalMs: number): void {
    if (intervalMs <= 0 || this.checkpointTimer || this.closed) return;
    this.checkpointTimer = setInterval(() => {
      this.checkpoint().catch(() => undefined);
    }, intervalMs);
    this.checkpointTimer.unref();
  }

  /** Verifies the whole store every `intervalMs` in the background (0: never). */
  verifyEvery(intervalMs: number): void {
    if (intervalMs <= 0 || this.verifyTimer || this.closed) return;
    this.verifyTimer = setInterval(() => {
      void this.verify('schedule');
    }, intervalMs);
    this.verifyTimer.unref();
  }

  /**
   * Reads `$all` after the last leaf, page by page, and appends the new events. Before that, checks that
   * the store still ends where the tree does (a deleted or replaced last event shows up here at once).
   * Nothing is appended once the alarm is raised. Returns the new size. While the tree is being built at
   * start it answers the size reached so far without waiting for the build.
   */
  catchUp(): Promise<number> {
    return this.catchUpTo(false);
  }

  /**
   * `thorough`: compare the store's last event with the tree's last leaf even when the store has not grown
   * since that was last done (the follow timer and signing do; requests need only what was appended).
   */
  private catchUpTo(thorough: boolean): Promise<number> {
    if (this.phaseNow === 'building') return Promise.resolve(this.size);
    return this.catchUpSerialized(Number.POSITIVE_INFINITY, undefined, thorough).then(() => this.size);
  }

  /**
   * One catch-up at a time (a call while one runs joins it); answers whether the tree reached the store's
   * head (false: `limit` leaves were appended first).
   */
  private catchUpSerialized(limit: number, pageSize?: number, thorough = true): Promise<boolean> {
    this.catchingUp ??= this.catchUpNow(limit, pageSize, thorough)
      .catch((error: unknown) => {
        if (!(error instanceof CorruptEvent)) throw error;
        // The tree cannot grow past an event that no longer decodes; the verify run names it.
        this.raise({
          reason: 'corrupt',
          detail: `the tree cannot grow past a damaged event: ${error.message}`,
        });
        return true;
      })
      .finally(() => {
        this.catchingUp = undefined;
      });
    return this.catchingUp;
  }

  private async catchUpNow(limit: number, pageSize: number | undefined, thorough: boolean): Promise<boolean> {
    // Several API replicas may share the tree: whoever writes second re-reads it and goes on from there.
    for (let attempt = 0; ; attempt++) {
      try {
        return await this.catchUpOnce(limit, pageSize ?? this.options.pageSize ?? 1000, thorough);
      } catch (error) {
        if (!(error instanceof TileStoreConflict) || attempt >= 5) throw error;
      }
    }
  }

  private async catchUpOnce(limit: number, pageSize: number, thorough: boolean): Promise<boolean> {
    if (this.alarmState) return true;
    const last = this.tree.lastLeaf();
    // Nothing appended since the store's last event was found to be the tree's last leaf: a request need
    // not read and re-hash that event again (0.3 ms of every proof and checkpoint request at 1M).
    if (
      !thorough &&
      last &&
      this.headChecked === last.eventId &&
      (await this.options.store.headPosition()) === last.position
    ) {
      return true;
    }
    if (last) {
      const [head] = await this.options.store.readAll({
        direction: 'backwards',
        from: 'end',
        maxCount: 1,
      });
      if (!head || head.position < last.position) {
        this.raise({
          reason: 'truncated',
          detail: `the Merkle log ends with event ${last.eventId} at position ${last.position}, but the store ends ${head ? `at position ${head.position}` : 'empty'}: events were removed`,
        });
        return true;
      }
      if (head.position === last.position && !this.isLeaf(head, this.size - 1)) {
        this.raise({
          reason: 'tail-rewritten',
          detail: `the event at position ${head.position} is not the last leaf of the Merkle log (${last.eventId}): it was replaced`,
        });
        return true;
      }
    }
    this.headChecked = undefined;
    let after: Position = last?.position ?? POSITION_ZERO;
    // Leaves wait here until `pageSize` of them make one tile write (each write is a transaction).
    const pending: NewLeaf[] = [];
    const write = () => this.tree.append(pending.splice(0));
    const pages = new TimeSlicedPages(pageSize, this.options.slicing);
    pages.begin();
    try {
      for (let appended = 0; ;) {
        if (appended >= limit) {
          write();
          return false;
        }
        const maxCount = Math.min(pages.pageSize, limit - appended);
        const page = await this.options.store.readAll({
          direction: 'forwards',
          from: after === POSITION_ZERO ? 'start' : { after },
          maxCount,
        });
        const fresh = page.filter((entry) => entry.position > after);
        // An event this process sealed a moment ago comes with its entry (sealed-entry.ts); others are computed.
        const leaves = fresh.map((e) => ({
          eventId: e.id,
          position: e.position,
          entry: sealedEntries.take(e.id, e.hash) ?? entryOf(e),
        }));
        pending.push(...leaves);
        appended += fresh.length;
        if (fresh.length > 0) after = fresh[fresh.length - 1]!.position;
        if (page.length < maxCount || this.closed) {
          write();
          // Caught up: the last leaf was appended from the store's last event, or compared with it above.
          if (page.length < maxCount) this.headChecked = this.tree.lastLeaf()?.eventId;
          return page.length < maxCount;
        }
        if (pending.length >= pageSize) write();
        // The SQLite store's reads resolve at once: yield, or a large backlog holds the event loop.
        await pages.pause(page.length);
      }
    } catch (error) {
      // The leaves before a damaged event are good: they enter the tree as they did page by page.
      if (error instanceof CorruptEvent) write();
      throw error;
    }
  }

  private isLeaf(event: RecordedEvent, index: number): boolean {
    return this.tree.leaf(index)?.eventId === event.id && this.tree.entry(index).equals(entryOf(event));
  }

  /** Keeps the tree current by catching up every `intervalMs` (in batches: one tile write per batch). */
  follow(intervalMs = 500): void {
    if (this.timer || this.closed) return;
    this.timer = setInterval(() => {
      this.catchUpTo(true).catch(() => undefined);
    }, intervalMs);
    this.timer.unref();
  }

  /** Resolves once the log holds every event up to `position`. */
  async waitFor(position: number): Promise<void> {
    await this.catchUp();
    if (this.lastPosition < position) throw new UnknownPosition(position);
  }

  root(treeSize: number = this.size): string {
    // Every checkpoint request asks for the current root: the last one computed is kept (a size's root
    // never changes, the tree only grows).
    if (this.lastRoot?.size !== treeSize) {
      this.lastRoot = { size: treeSize, root: treeRoot(this.tree, treeSize).toString('hex') };
    }
    return this.lastRoot.root;
  }

  /** Leaf index of the event at a global position (binary search over the persisted leaves). */
  leafIndexOf(position: number): number {
    // Positions grow by at least one per event from 1, so leaf i is at position i + 1 or later: where a store
    // without gaps has it (one read), and the upper bound of the search otherwise.
    const guess = Math.min(position - 1, this.size - 1);
    if (guess >= 0 && this.tree.leaf(guess)?.position === position) return guess;
    let lo = 0;
    let hi = guess;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const at = this.tree.leaf(mid)!.position;
      if (at === position) return mid;
      if (at < position) lo = mid + 1;
      else hi = mid - 1;
    }
    throw new UnknownPosition(position);
  }

  /** The stored event that leaf `index` stands for (read at the position the tree recorded). */
  async eventAtLeaf(index: number): Promise<RecordedEvent | undefined> {
    const leaf = this.tree.leaf(index);
    if (!leaf) return undefined;
    const [event] = await this.options.store.readAll({ from: { at: leaf.position }, maxCount: 1 });
    return event?.position === leaf.position ? event : undefined;
  }

  /** Leaf index of an event by its id. */
  leafIndexOfEvent(eventId: string): number {
    const leaf = this.tree.leafOfEvent(eventId);
    if (!leaf) throw new UnknownEvent(eventId);
    return leaf.index;
  }

  /** Proof that leaf `leafIndex` is in the tree of `treeSize` (default: current). */
  inclusionProofOfLeaf(leafIndex: number, treeSize: number = this.size): InclusionProof {
    const leaf = this.tree.leaf(leafIndex)!;
    return {
      position: leaf.position,
      eventId: leaf.eventId,
      leafIndex,
      treeSize,
      eventHash: this.tree.entry(leafIndex).toString('hex'),
      rootHash: this.root(treeSize),
      path: inclusionPath(this.tree, leafIndex, treeSize).map((h) => h.toString('hex')),
    };
  }

  /** Proof that the event at `position` is in the tree of `treeSize` (default: current). */
  inclusionProof(position: number, treeSize: number = this.size): InclusionProof {
    return this.inclusionProofOfLeaf(this.leafIndexOf(position), treeSize);
  }

  consistencyProof(fromSize: number, toSize: number = this.size): ConsistencyProof {
    return {
      fromSize,
      toSize,
      fromRoot: this.root(fromSize),
      toRoot: this.root(toSize),
      path: consistencyPath(this.tree, fromSize, toSize).map((h) => h.toString('hex')),
    };
  }

  /** The last signed checkpoint (of any key), the one the next must extend. */
  async lastSigned(): Promise<Checkpoint | undefined> {
    return this.options.checkpoints?.latest();
  }

  /**
   * Signs the current tree, append-only: only when it is consistent with the last signed checkpoint, proven
   * from the tree's own storage (a consistency proof computed and checked here). Otherwise raises the alarm
   * and throws SigningRefused carrying the last good checkpoint. Returns the last checkpoint unchanged
   * when the tree has not grown (and the key is the same).
   */
  checkpoint(timestamp?: string): Promise<Checkpoint> {
    this.signing ??= this.signNow(timestamp).finally(() => {
      this.signing = undefined;
    });
    return this.signing;
  }

  private async signNow(timestamp?: string): Promise<Checkpoint> {
    const { signer, checkpoints } = this.options;
    if (!signer) throw new Error('IntegrityLog was opened without a CheckpointSigner');
    await this.startCheck;
    const unchanged = await this.unchangedCheckpoint(signer);
    if (unchanged) return unchanged;
    // API replicas sharing the data directory sign one at a time, each only what none has signed yet.
    if (checkpoints?.exclusive) return checkpoints.exclusive(() => this.signLocked(signer, timestamp));
    return this.signLocked(signer, timestamp);
  }

  /**
   * The last checkpoint when it is this key's and covers the whole tree with the same root: what signLocked
   * would answer too, without taking the lock, since nothing is written (most checkpoint requests).
   */
  private async unchangedCheckpoint(signer: CheckpointSigner): Promise<Checkpoint | undefined> {
    if (this.alarmState) return undefined;
    const last = await this.lastSigned();
    await this.catchUp();
    if (!last || this.alarmState || last.treeSize !== this.size || !signedBy(last, signer)) return undefined;
    return last.rootHash === this.root() ? last : undefined;
  }

  private async signLocked(signer: CheckpointSigner, timestamp?: string): Promise<Checkpoint> {
    const { checkpoints } = this.options;
    const last = await this.lastSigned();
    // Caught up after reading the last checkpoint: whatever another replica signed is in the store by then.
    await this.catchUpTo(true);
    if (this.alarmState) throw new SigningRefused(this.alarmState, last);
    const size = this.size;
    const root = this.root();
    if (last) {
      const consistent =
        last.treeSize <= size &&
        verifyConsistency(
          last.treeSize,
          size,
          Buffer.from(last.rootHash, 'hex'),
          Buffer.from(root, 'hex'),
          consistencyPath(this.tree, last.treeSize, size),
        );
      if (!consistent) {
        const alarm = this.raise({
          reason: 'inconsistent-checkpoint',
          detail: `the tree of size ${size} (root ${root}) is not consistent with the last signed checkpoint (size ${last.treeSize}, root ${last.rootHash})`,
        });
        throw new SigningRefused(alarm, last);
      }
      if (last.treeSize === size && signedBy(last, signer)) {
        return last;
      }
    }
    const checkpoint = signer.sign(size, root, timestamp);
    await checkpoints?.append(checkpoint);
    this.options.onSigned?.(checkpoint);
    for (const listener of this.signedListeners) listener(checkpoint);
    return checkpoint;
  }

  /**
   * Whole-store verification: every event's hash and link, order within streams, each event against the
   * leaf the tree recorded, truncation, and the root at every signed size. A failure raises the alarm.
   * Runs once at a time; a call while one runs joins it.
   */
  verify(trigger: VerifyReport['trigger'] = 'request'): Promise<VerifyReport> {
    this.verifying ??= this.verifyNow(trigger).finally(() => {
      this.verifying = undefined;
    });
    return this.verifying;
  }

  /** The run in progress, if any. */
  get verifyInProgress(): boolean {
    return this.verifying !== undefined;
  }

  private async verifyNow(trigger: VerifyReport['trigger']): Promise<VerifyReport> {
    const report: VerifyReport = { startedAt: new Date().toISOString(), trigger };
    try {
      // The history as it stands now; read line by line as the run passes each size, never all at once.
      const history = await this.options.checkpoints?.history();
      if (this.closed) throw new VerifyStopped();
      // The tree as it stands now: what a complete run vouches for is this size.
      const treeSize = this.size;
      this.progress = { checked: 0, position: 0, treeSize };
      const onProgress = (progress: { checked: number; position: number }) => {
        this.progress = { treeSize, ...progress };
      };
      const { scrubber } = this.options;
      const result = scrubber
        ? await scrubber.run({ ...(history && { history }), onProgress })
        : await verifyAll(this.options.store, {
            tree: snapshotOf(this.tree, treeSize),
            signed: history ? readHistory(history) : [],
            slicing: this.options.slicing,
            onProgress,
            signal: this.stopping.signal,
          });
      report.result = result;
      if (!result.ok) {
        this.raise({
          reason: result.reason === 'corrupt' ? 'corrupt' : 'verify-failed',
          detail: describeFailure(result),
          failure: result,
        });
      } else if (!this.closed) {
        await this.markVerified(result.leavesCompared ?? 0);
      }
    } catch (error) {
      report.error = error instanceof Error ? error.message : String(error);
    }
    report.finishedAt = new Date().toISOString();
    this.lastReport = report;
    return report;
  }

  /**
   * Before signing again after a restart. With a last checkpoint signed by this key, that the events stored
   * after it check out (their chains, their leaves, the tiles' hashes over them): the tree's root at its size
   * was checked against the signature already, so what it vouches for cannot have changed. The whole store is
   * then verified in the background (the scrub); signing does not wait for it. Without such a checkpoint (a
   * new log, another key), the whole store is verified first, as before.
   */
  private async checkAtStart(): Promise<void> {
    const anchor = await this.anchor();
    if (!anchor) {
      await this.verify('start');
      return;
    }
    const report: StartCheckReport = {
      startedAt: new Date().toISOString(),
      anchor: { treeSize: anchor.treeSize, rootHash: anchor.rootHash },
    };
    this.startReport = report;
    let result: VerifyResult;
    try {
      result = await verifyAll(this.options.store, {
        tree: this.tree,
        sinceLeaf: anchor.treeSize,
        signed: [anchor],
        slicing: this.options.slicing,
        signal: this.stopping.signal,
      });
    } catch (error) {
      // Not checked (the store failed a read): the whole store is verified before signing, as without anchor.
      report.error = error instanceof Error ? error.message : String(error);
      report.finishedAt = new Date().toISOString();
      if (!this.closed) await this.verify('start');
      return;
    }
    report.finishedAt = new Date().toISOString();
    report.ok = result.ok;
    if (result.ok) report.checked = result.checked;
    else {
      this.raise({
        reason: result.reason === 'corrupt' ? 'corrupt' : 'verify-failed',
        detail: describeFailure(result),
        failure: result,
      });
    }
    // Also after an alarm: the run names the first event that differs.
    if (!this.closed) void this.verify('start');
  }

  /** The last checkpoint, when this signer's key signed it and the tree reaches it: what a restart builds on. */
  private async anchor(): Promise<Checkpoint | undefined> {
    const { signer } = this.options;
    const last = await this.lastSigned();
    if (!signer || !last || last.treeSize === 0 || last.treeSize > this.size) return undefined;
    return verifyCheckpoint(last, signer.publicKey) ? last : undefined;
  }

  /** Writes the signed "verified through" mark for the first `treeSize` leaves (checked by a complete run). */
  private async markVerified(treeSize: number): Promise<void> {
    const { signer, marks } = this.options;
    if (!signer || !marks || treeSize === 0 || treeSize > this.size) return;
    const mark = signer.signVerified(treeSize, this.root(treeSize));
    await marks.write(mark);
    this.mark = mark;
  }

  /**
   * The mark left by the last complete verification must carry this key's signature, and the tree must still
   * give its root: an edited mark, or tiles changed under it, raise the alarm. A missing mark is no alarm
   * (nothing is skipped because of it): /health says no complete verification is on record.
   */
  private async checkMark(): Promise<void> {
    const { signer, marks } = this.options;
    if (!signer || !marks) return;
    let mark: VerifiedMark | undefined;
    try {
      mark = await marks.read();
    } catch (error) {
      if (!(error instanceof VerifiedMarkError)) throw error;
      this.raise({ reason: 'forged-record', detail: `${error.message}: the data directory was edited` });
      return;
    }
    if (!mark) return;
    if (!verifyMark(mark, signer.publicKey)) {
      this.raise({
        reason: 'forged-record',
        detail: `${marks.file} (verified through ${mark.treeSize}) does not carry this log's signature: the data directory was edited`,
      });
      return;
    }
    this.mark = mark;
    if (mark.treeSize > this.size) return;
    const root = this.root(mark.treeSize);
    if (root !== mark.rootHash) {
      this.raise({
        reason: 'tree-mismatch',
        detail: `the stored Merkle tree has root ${root} at size ${mark.treeSize}, the signed verification mark says ${mark.rootHash}: the tiles were altered`,
      });
    }
  }

  /**
   * The last signed checkpoint must carry a valid signature when it claims this signer's key (else someone
   * wrote it into the history), and the persisted tree must still produce its root.
   */
  private async checkTreeAgainstHistory(): Promise<void> {
    const last = await this.lastSigned();
    const { signer } = this.options;
    if (last && signer && claimsKey(last, signer) && !verifyCheckpoint(last, signer.publicKey)) {
      this.raise({
        reason: 'forged-record',
        detail: `the last checkpoint of the history (size ${last.treeSize}, root ${last.rootHash}) claims this log's key but its signature does not verify: the history was edited`,
      });
      return;
    }
    if (!last || last.treeSize > this.size) return;
    const root = this.root(last.treeSize);
    if (root !== last.rootHash) {
      this.raise({
        reason: 'tree-mismatch',
        detail: `the stored Merkle tree has root ${root} at size ${last.treeSize}, the signed checkpoint says ${last.rootHash}: the tiles were altered`,
      });
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    if (this.verifyTimer) clearInterval(this.verifyTimer);
    if (this.checkpointTimer) clearInterval(this.checkpointTimer);
    this.timer = undefined;
    this.verifyTimer = undefined;
    // Stop a verification first: the check at start may be a whole-store run, which would otherwise be
    // waited for to the end (minutes at 10M events) before the process could exit.
    this.stopping.abort();
    await this.options.scrubber?.close();
    await this.building;
    await this.catchingUp?.catch(() => undefined);
    await this.startCheck.catch(() => undefined);
    await this.verifying?.catch(() => undefined);
    await this.signing?.catch(() => undefined);
    this.tree.close();
  }
}

/** The event's tlog entry (its chain hash, or its committed form's hash: integrity/commitments.ts). */
function entryOf(event: RecordedEvent): Buffer {
  try {
    return logEntry(event);
  } catch (error) {
    if (!(error instanceof CommitmentError)) throw error;
    throw new CorruptEvent(event.streamId, event.revision, event.position, error);
  }
}

/** The tree as it stands at `size`, for a verification run that vouches for exactly that many leaves. */
function snapshotOf(tree: TiledTree, size: number): RecordedTree {
  return {
    size,
    entry: (index) => tree.entry(index),
    leaf: (index) => tree.leaf(index),
    hashAt: (level, index) => tree.hashAt(level, index),
  };
}

/** Whether the checkpoint says it was signed by this signer's key (by key ID, in the note or legacy field). */
function claimsKey(checkpoint: Checkpoint, signer: CheckpointSigner): boolean {
  if (checkpoint.note === undefined) return checkpoint.keyId === keyIdOf(signer.publicKey);
  try {
    return signedBy(checkpoint, signer);
  } catch {
    return true; // a note that does not even parse is no record of anyone's
  }
}

/** Whether the checkpoint's note carries a signature by this signer's key (same name and key ID). */
function signedBy(checkpoint: Checkpoint, signer: CheckpointSigner): boolean {
  if (checkpoint.note === undefined) return false;
  const keyId = Number.parseInt(signer.keyId, 16);
  return parseNote(checkpoint.note).signatures.some((s) => s.name === signer.origin && s.keyId === keyId);
}

/** One line for logs and /health. */
export function describeFailure(result: VerifyFailure): string {
  if ('streamId' in result) {
    return `${result.reason} at stream ${result.streamId}, revision ${result.revision}, position ${result.position}: ${result.detail}`;
  }
  return `${result.reason} at tree size ${result.treeSize}: ${result.detail}`;
}
