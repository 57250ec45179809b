import type { Position } from '@gongkai/event-store';
import type { FeedKeys } from './feed-message';

/** One page of history as encoded for the feed: every event after `after`, up to `next`, unfiltered. */
export interface CachedPage {
  next: Position;
  messages: Array<{ keys: FeedKeys; chunk: Buffer }>;
  /** The messages concatenated, made once for the sessions that keep every event (no filter). */
  whole?: Buffer;
  bytes: number;
}

/**
 * Recently encoded catch-up pages, keyed by the position they start after, bounded in bytes (least recently
 * used first out). Clients replaying from the same place (everyone reconnecting from 0 after an outage)
 * follow the same page boundaries, so each page is read and encoded once rather than once per client.
 * History never changes, so a cached page is always right; an empty page is never cached (the head moves).
 */
export class FeedPageCache {
  private readonly pages = new Map<Position, CachedPage>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(after: Position): CachedPage | undefined {
    const page = this.pages.get(after);
    if (page === undefined) return undefined;
    // Map keeps insertion order: re-inserting makes it the most recently used.
    this.pages.delete(after);
    this.pages.set(after, page);
    return page;
  }

  set(after: Position, page: CachedPage): void {
    if (page.messages.length === 0 || page.bytes > this.maxBytes) return;
    const previous = this.pages.get(after);
    if (previous !== undefined) {
      this.pages.delete(after);
      this.bytes -= previous.bytes;
    }
    this.pages.set(after, page);
    this.bytes += page.bytes;
    for (const [key, oldest] of this.pages) {
      if (this.bytes <= this.maxBytes) break;
      this.pages.delete(key);
      this.bytes -= oldest.bytes;
    }
  }
}
