import type { RecordedEvent, Subscription } from '../event-store.port';

/** What the client's subscriptions offer: an async iterable of resolved events that can be stopped. */
export interface ClientSubscription<E> extends AsyncIterable<E> {
  unsubscribe(): Promise<void>;
}

/**
 * Adapts a client catch-up subscription to the port: maps each resolved event, drops what `map` refuses
 * (system events, filtered types). EventStoreDB itself does the catch-up-then-live switch without a gap.
 */
export class EsdbSubscription<E> implements Subscription {
  private closed = false;

  constructor(
    private readonly source: ClientSubscription<E>,
    private readonly map: (resolved: E) => RecordedEvent | undefined,
    private readonly onClose: (subscription: EsdbSubscription<E>) => void,
  ) {}

  async *[Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    try {
      for await (const resolved of this.source) {
        if (this.closed) return;
        const event = this.map(resolved);
        if (event) yield event;
      }
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.onClose(this);
    await this.source.unsubscribe();
  }
}
