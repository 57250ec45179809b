import type { EventStore, Position, Subscription } from '@gongkai/event-store';
import { encodeFeedMessage, type FeedKeys } from './feed-message';

/** One recent event, encoded once for every live session. */
export interface TailEntry {
  position: Position;
  keys: FeedKeys;
  chunk: Buffer;
}

export interface FeedTailOptions {
  store: EventStore;
  /** Most bytes of recent messages kept (at least the last one is kept, whatever its size). */
  maxBytes: number;
}

/**
 * The live end of the SSE feed, shared by every session: one subscription to `$all` in the process, each
 * new event encoded once and kept in a ring of recent messages bounded in bytes. A session whose cursor is
 * inside the ring takes its messages from here (1,000 idle subscribers cost one encoding per event, not a
 * thousand); one that fell behind the ring reads pages from the store through the FeedPump instead.
 * Started by the first session; runs until the module closes.
 */
export class FeedTail {
  private entries: TailEntry[] = [];
  private bytes = 0;
  /** The ring holds every event after this position (up to the subscription's progress). */
  private floor: Position = 0;
  private started?: Promise<void>;
  private subscription?: Subscription;
  private waiters: Array<() => void> = [];
  private stopped = false;

  constructor(private readonly options: FeedTailOptions) {}

  /** Starts the shared subscription at the store's head, once. */
  start(): Promise<void> {
    this.started ??= (async () => {
      this.floor = await this.options.store.headPosition();
      if (this.stopped) return;
      this.subscription = this.options.store.subscribeToAll({ from: { after: this.floor } });
      void this.follow(this.subscription);
    })();
    return this.started;
  }

  /**
   * The messages after `cursor`, oldest first, up to about `maxBytes` (at least one); undefined when the
   * ring no longer holds everything after `cursor` (the caller reads the store).
   */
  after(cursor: Position, maxBytes: number): TailEntry[] | undefined {
    if (cursor < this.floor) return undefined;
    let low = 0;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.entries[mid]!.position <= cursor) low = mid + 1;
      else high = mid;
    }
    const taken: TailEntry[] = [];
    let bytes = 0;
    for (let i = low; i < this.entries.length; i++) {
      const entry = this.entries[i]!;
      if (taken.length > 0 && bytes + entry.chunk.length > maxBytes) break;
      taken.push(entry);
      bytes += entry.chunk.length;
    }
    return taken;
  }

  /** Resolves at the next event in the ring, or when the tail stops. */
  changed(): Promise<void> {
    return new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  async close(): Promise<void> {
    this.stopped = true;
    await this.subscription?.close().catch(() => undefined);
    this.wake();
  }

  private async follow(subscription: Subscription): Promise<void> {
    try {
      for await (const event of subscription) {
        const entry = encodeFeedMessage(event);
        this.entries.push(entry);
        this.bytes += entry.chunk.length;
        while (this.entries.length > 1 && this.bytes > this.options.maxBytes) {
          const evicted = this.entries.shift()!;
          this.bytes -= evicted.chunk.length;
          this.floor = evicted.position;
        }
        this.wake();
      }
    } catch {
      // The store closed under the subscription (shutdown): sessions end with it.
    } finally {
      this.stopped = true;
      this.wake();
    }
  }

  get isStopped(): boolean {
    return this.stopped;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve();
  }
}
