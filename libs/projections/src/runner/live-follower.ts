import type { EventStore, RecordedEvent, Subscription } from '@gongkai/event-store';
import {
  applySlice,
  blamedRunner,
  type GenerationRunner,
  type LiveFollowerMembership,
} from './generation-runner';
import type { ReadModelDatabase } from './read-model-database';

export interface LiveFollowerOptions {
  /** Most events taken from the subscription for one round of slices. */
  pageSize: number;
  /** Longest a slice (one transaction) holds the event loop. */
  sliceMs: number;
  retryDelayMs: number;
  /**
   * Shortest time between the starts of two rounds. Under load every commit would otherwise be a round of
   * its own (a transaction, a checkpoint per read model, a subscription read); waiting the rest of this
   * interval lets the commits meanwhile join the round. Idle, a round starts as soon as a commit lands.
   */
  minRoundIntervalMs: number;
}

/** Answered by `Promise.race` when the subscription has nothing ready without waiting. */
const NOT_READY = Symbol('not ready');
const notReady = Promise.resolve(NOT_READY);

/**
 * Follows `$all` for every live generation together, as `catchUpTogether` does for history: one subscription,
 * each event decoded once and handed as the same object to every read model (so it is parsed once, see
 * read-models/shared/stored-event.ts), and whatever has arrived applied to all of them in one transaction
 * with their checkpoints (slices of about `sliceMs`, a yield to the event loop between them). Per event and
 * read model, the old live loop paid a subscription read, a parse, a transaction and a checkpoint write.
 *
 * A runner joins once it has caught up by itself; the subscription is then re-opened from the lowest
 * checkpoint, so nothing between its catch-up and the join is missed (runners skip what they applied). A
 * runner whose `apply` fails is taken out and retries on its own (GenerationRunner.startLive); the others go
 * on. A failure not down to one runner (the commit, a checkpoint) rolls the slice back for all; they retry
 * after `retryDelayMs` from their checkpoints. Either way the checkpoint commits with the read model, so an
 * event is applied exactly once however the process stops.
 */
export class LiveFollower implements LiveFollowerMembership {
  private readonly members = new Set<GenerationRunner>();
  private subscription?: Subscription;
  private loop?: Promise<void>;
  /** Bumped by every join: a round read before it may not cover the newcomer and is dropped. */
  private joins = 0;
  private stopping = false;
  private lastRoundAt = -Infinity;

  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModelDatabase,
    private readonly options: LiveFollowerOptions,
  ) {}

  add(runner: GenerationRunner): void {
    if (this.stopping) return;
    this.members.add(runner);
    runner.phase = 'live';
    this.joins++;
    if (this.loop)
      void this.subscription?.close(); // the loop re-opens it from the lowest checkpoint
    else this.loop = this.run();
  }

  /** Takes `runner` out; no slice started after this call applies to it. */
  remove(runner: GenerationRunner): void {
    if (!this.members.delete(runner)) return;
    if (this.members.size === 0) void this.subscription?.close();
  }

  async stop(): Promise<void> {
    this.stopping = true;
    this.members.clear();
    await this.subscription?.close();
    await this.loop;
  }

  private async run(): Promise<void> {
    for (;;) {
      // Decided and cleared with no await in between, so a join never finds a loop that is about to end.
      if (this.stopping || this.members.size === 0) {
        this.loop = undefined;
        return;
      }
      let failed: boolean;
      try {
        const from = Math.min(...[...this.members].map((runner) => runner.position));
        const subscription = this.store.subscribeToAll({ from: { after: from } });
        this.subscription = subscription;
        try {
          failed = await this.follow(subscription);
        } finally {
          await subscription.close();
        }
      } catch {
        // The store failed (a read, or it was closed): retried from the checkpoints, never skipped.
        for (const runner of this.members) runner.phase = 'failing';
        failed = true;
      }
      if (failed && !this.stopping) await delay(this.options.retryDelayMs);
    }
  }

  /** Applies rounds until the subscription ends (closed by a join, `remove` or `stop`); true on a failure. */
  private async follow(subscription: Subscription): Promise<boolean> {
    const iterator = subscription[Symbol.asyncIterator]();
    const joins = this.joins;
    let pending: Promise<IteratorResult<RecordedEvent>> | undefined;
    for (;;) {
      const first = await (pending ?? iterator.next());
      pending = undefined;
      if (first.done || this.stopping || joins !== this.joins) return false;
      const wait = this.lastRoundAt + this.options.minRoundIntervalMs - performance.now();
      if (wait > 0) await delay(wait);
      this.lastRoundAt = performance.now();
      // Everything the subscription holds already (its current page, and whatever the next read finds at
      // once), without waiting for the next commit: a pending `next()` is kept for the following round.
      const events = [first.value];
      while (events.length < this.options.pageSize) {
        const next = iterator.next();
        const ready = await Promise.race([next, notReady]);
        if (ready === NOT_READY) {
          pending = next;
          break;
        }
        if (ready.done) break;
        events.push(ready.value);
      }
      const outcome = await this.applyRound(events, joins);
      if (outcome !== 'applied') return outcome === 'failed';
    }
  }

  private async applyRound(
    events: readonly RecordedEvent[],
    joins: number,
  ): Promise<'applied' | 'interrupted' | 'failed'> {
    let applied = 0;
    while (applied < events.length) {
      // Taken afresh for every slice, with no await before applySlice: a runner removed meanwhile (stopped
      // before its tables are dropped) is never written again.
      const runners = [...this.members];
      if (this.stopping || runners.length === 0 || joins !== this.joins) return 'interrupted';
      const rest = events.slice(applied);
      try {
        applied += applySlice(
          this.readModels,
          runners,
          rest,
          rest.at(-1)!.position,
          performance.now() + this.options.sliceMs,
        );
      } catch (error) {
        const blamed = blamedRunner(error);
        if (blamed && this.members.has(blamed)) {
          // The others go on at once, from their checkpoints (the slice was rolled back for all).
          this.remove(blamed);
          blamed.retryAlone(this);
          return 'interrupted';
        }
        for (const runner of runners) runner.phase = 'failing';
        return 'failed';
      }
      if (applied < events.length) await yieldToEventLoop();
    }
    return 'applied';
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
