import type { RecordedEvent, Subscription } from '../event-store.port';
import { isTransient, mapClientError } from './esdb-errors';

/** What the client's subscriptions offer: an async iterable of resolved events that can be stopped. */
export interface ClientSubscription<E> extends AsyncIterable<E> {
  unsubscribe(): Promise<void>;
}

export interface ResumingOptions<E, C> {
  /** Opens a client subscription after `cursor` (undefined: from where the caller asked first). */
  open: (cursor: C | undefined) => ClientSubscription<E>;
  /** Where the subscription stands after `resolved` (delivered or skipped). */
  cursorOf: (resolved: E) => C | undefined;
  /** The port's event, or undefined for what the port does not show (system and foreign events, filtered). */
  map: (resolved: E) => RecordedEvent | undefined;
  onClose: (subscription: Subscription) => void;
  /** First delay before resubscribing after a drop; doubles up to `maxBackoffMs`. */
  backoffMs?: number;
  maxBackoffMs?: number;
}

/**
 * Adapts a client catch-up subscription to the port, and resumes it when the server drops it (restart, leader
 * change, network): it resubscribes after the last event it saw, waiting 100 ms, 200 ms, ... up to 5 s between
 * attempts, so a subscriber such as the Merkle log follows the store across a server restart without a gap
 * or a duplicate. Errors that a retry cannot fix (access denied, a deleted stream) end it with the port's error.
 */
export class ResumingSubscription<E, C> implements Subscription {
  private closed = false;
  private current: ClientSubscription<E> | undefined;
  private cursor: C | undefined;
  private wakeSleeper: (() => void) | undefined;

  constructor(private readonly options: ResumingOptions<E, C>) {}

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    const initialBackoff = this.options.backoffMs ?? 100;
    let backoff = initialBackoff;
    try {
      while (!this.closed) {
        const source = this.options.open(this.cursor);
        this.current = source;
        try {
          for await (const resolved of source) {
            if (this.closed) return;
            backoff = initialBackoff;
            const cursor = this.options.cursorOf(resolved);
            const event = this.options.map(resolved);
            if (cursor !== undefined) this.cursor = cursor;
            if (event) yield event;
          }
        } catch (error) {
          if (this.closed) return;
          if (!isTransient(error)) throw mapClientError(error);
        } finally {
          this.current = undefined;
          await source.unsubscribe().catch(() => undefined);
        }
        if (this.closed) return;
        await this.sleep(backoff);
        backoff = Math.min(backoff * 2, this.options.maxBackoffMs ?? 5000);
      }
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.wakeSleeper?.();
    this.options.onClose(this);
    await this.current?.unsubscribe().catch(() => undefined);
  }

  private sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      timer.unref();
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.wakeSleeper = done;
    });
  }
}
