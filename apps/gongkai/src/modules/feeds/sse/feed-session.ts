import type { ServerResponse } from 'node:http';
import type { EventStore, Position } from '@gongkai/event-store';
import { encodeFeedMessage, type FeedKeys } from './feed-message';
import type { CachedPage, FeedPageCache } from './feed-page-cache';
import type { FeedPump } from './feed-pump';
import type { FeedTail } from './feed-tail';

export { sseMessage } from './feed-message';

export interface FeedSessionOptions {
  store: EventStore;
  pump: FeedPump;
  tail: FeedTail;
  response: ServerResponse;
  /** Deliver events strictly after this position; 'end' for new events only. */
  after: Position | 'end';
  keep: (keys: FeedKeys) => boolean;
  /** True when the client asked for no filter: `keep` takes everything and pages are sent whole. */
  unfiltered: boolean;
  /** Encoded pages shared by the sessions replaying the same stretch of history. */
  pages: FeedPageCache;
  heartbeatMs: number;
  /** Most bytes of stored events read (and so encoded) per catch-up page. */
  pageBytes: number;
  /** A client that has not taken a page for this long is disconnected (it resumes with Last-Event-ID). */
  stallMs: number;
}

/** Events per catch-up page at most (pages are bounded in bytes first). */
const PAGE_EVENTS = 500;

/**
 * Streams `$all` to one SSE client with memory bounded per connection:
 * - behind the live end, it reads the store in pages of at most `pageBytes` (FeedPump: one page at a time
 *   in the process, within a byte budget) and encodes each page into one chunk; pages are shared through a
 *   cache by the sessions replaying the same stretch;
 * - at the live end, it takes the shared encoded messages of the FeedTail;
 * - it never reads the next page before the socket has taken the previous one (back-pressure), and drops a
 *   client that takes nothing for `stallMs`.
 * Heartbeat comment lines keep proxies from closing an idle connection. `close()` (or a client disconnect)
 * ends it.
 */
export class FeedSession {
  private heartbeat?: NodeJS.Timeout;
  private closed = false;
  private readonly closedSignal: Promise<void>;
  private signalClosed!: () => void;

  constructor(private readonly options: FeedSessionOptions) {
    this.closedSignal = new Promise<void>((resolve) => (this.signalClosed = resolve));
  }

  /** Runs until the client goes away or `close()` is called. */
  async run(): Promise<void> {
    const { store, tail, response, heartbeatMs } = this.options;
    // The tail starts before 'end' is pinned, so it holds every event after the pinned head.
    await tail.start();
    // 'end' is pinned to the head now, before the client hears that the stream is open: an event appended
    // after that moment is always sent.
    let cursor = this.options.after === 'end' ? await store.headPosition() : this.options.after;
    if (this.closed) return;
    response.on('close', () => void this.close());
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    // An immediate comment line lets the client know the stream is open before the first event.
    response.write(': connected\n\n');
    this.heartbeat = setInterval(() => response.write(': heartbeat\n\n'), heartbeatMs);
    try {
      while (!this.closed && !tail.isStopped) cursor = await this.step(cursor);
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    this.signalClosed();
    if (!this.options.response.writableEnded) this.options.response.end();
  }

  /** Sends what follows `cursor` (from the tail, else one page of the store); answers the new cursor. */
  private async step(cursor: Position): Promise<Position> {
    const { tail, pump, keep, pageBytes } = this.options;
    const live = tail.after(cursor, pageBytes);
    if (live !== undefined) {
      if (live.length === 0) {
        await Promise.race([tail.changed(), this.closedSignal]);
        return cursor;
      }
      const chunks = live.filter((entry) => keep(entry.keys)).map((entry) => entry.chunk);
      if (chunks.length > 0) await this.send(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks));
      return live[live.length - 1]!.position;
    }
    const page = await pump.run(() => this.readPage(cursor));
    try {
      if (page.chunk !== undefined && !this.closed) await this.send(page.chunk);
    } finally {
      page.release();
    }
    return page.cursor;
  }

  /** One page of the store after `cursor`, encoded (runs in the pump's turn); its bytes are held until sent. */
  private async readPage(
    cursor: Position,
  ): Promise<{ cursor: Position; chunk?: Buffer; release: () => void }> {
    const nothing = () => undefined;
    if (this.closed) return { cursor, release: nothing };
    const { pump, keep, unfiltered } = this.options;
    const page = this.options.pages.get(cursor) ?? (await this.encodePage(cursor));
    if (page === undefined) return { cursor, release: nothing };
    let chunk: Buffer | undefined;
    if (unfiltered) chunk = page.whole ??= Buffer.concat(page.messages.map((message) => message.chunk));
    else {
      const kept = page.messages.filter((message) => keep(message.keys)).map((message) => message.chunk);
      if (kept.length > 0) chunk = kept.length === 1 ? kept[0]! : Buffer.concat(kept);
    }
    if (chunk === undefined) return { cursor: page.next, release: nothing };
    return { cursor: page.next, chunk, release: pump.hold(chunk.length) };
  }

  /** Reads and encodes the page after `cursor` (every event: sessions filter), and caches it. */
  private async encodePage(cursor: Position): Promise<CachedPage | undefined> {
    const { store, pageBytes, pages } = this.options;
    const events = await store.readAll({
      from: { after: cursor },
      maxCount: PAGE_EVENTS,
      maxBytes: pageBytes,
    });
    if (events.length === 0) return undefined;
    const messages = events.map(encodeFeedMessage);
    const page: CachedPage = {
      next: events[events.length - 1]!.position,
      messages,
      bytes: messages.reduce((sum, message) => sum + message.chunk.length, 0),
    };
    pages.set(cursor, page);
    return page;
  }

  /** Writes a chunk and waits until the socket has taken it (or the client is gone, or stalled too long). */
  private async send(chunk: Buffer): Promise<void> {
    const { response, stallMs } = this.options;
    let timer: NodeJS.Timeout | undefined;
    const written = new Promise<void>((resolve) => response.write(chunk, () => resolve()));
    const stalled = new Promise<void>((resolve) => {
      timer = setTimeout(() => {
        // A client that reads nothing would hold its page (and a share of the pump's budget) for ever.
        response.destroy();
        resolve();
      }, stallMs);
    });
    try {
      await Promise.race([written, stalled, this.closedSignal]);
    } finally {
      clearTimeout(timer);
    }
  }
}
