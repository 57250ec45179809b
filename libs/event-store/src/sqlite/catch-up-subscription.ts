import type { RecordedEvent, Subscription } from '../event-store.port';
import type { ChangeNotifier } from './change-notifier';

/** Reads the next page strictly after `cursor`; `cursor` is where the next read starts from. */
export type PageReader = (cursor: number) => { events: RecordedEvent[]; cursor: number };

export interface CatchUpOptions {
  read: PageReader;
  cursor: number;
  notifier: ChangeNotifier;
  /** Re-read at least this often, for commits made by another process on the same file. */
  pollMs: number;
  onClose: (subscription: CatchUpSubscription) => void;
}

/**
 * One loop serves both phases: read pages after the last delivered event until a page comes back empty,
 * then wait for a commit (or the poll timer) and read again from the same cursor. There is no switch from
 * a history reader to a live feed, so nothing can fall between them or be delivered twice.
 */
export class CatchUpSubscription implements Subscription, AsyncIterator<RecordedEvent> {
  private buffer: RecordedEvent[] = [];
  private index = 0;
  private cursor: number;
  private closed = false;
  private readonly closedSignal: Promise<void>;
  private signalClosed!: () => void;

  constructor(private readonly options: CatchUpOptions) {
    this.cursor = options.cursor;
    this.closedSignal = new Promise<void>((resolve) => {
      this.signalClosed = resolve;
    });
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this;
  }

  async next(): Promise<IteratorResult<RecordedEvent>> {
    for (;;) {
      if (this.closed) return { done: true, value: undefined };
      if (this.index < this.buffer.length) return { done: false, value: this.buffer[this.index++]! };
      const committed = this.options.notifier.wait();
      const page = this.options.read(this.cursor);
      this.cursor = page.cursor;
      this.buffer = page.events;
      this.index = 0;
      if (page.events.length === 0) await this.idle(committed);
    }
  }

  async return(): Promise<IteratorResult<RecordedEvent>> {
    await this.close();
    return { done: true, value: undefined };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.buffer = [];
    this.signalClosed();
    this.options.onClose(this);
  }

  private async idle(committed: Promise<void>): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const poll = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, this.options.pollMs);
      // A subscription waiting for events must not keep the process alive by itself.
      timer.unref();
    });
    try {
      await Promise.race([committed, poll, this.closedSignal]);
    } finally {
      clearTimeout(timer);
    }
  }
}
