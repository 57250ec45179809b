import type { BlacklistSource, DomainEvent } from '@gongkai/domain';
import type { EventStore } from '@gongkai/event-store';
import { BlacklistIndex } from './blacklist-index';

/** Where the decider's blacklist comes from for these events (the decider is pure, so it is read first). */
export type BlacklistProvider = (events: readonly DomainEvent[]) => Promise<BlacklistSource>;

/** Every credit code named anywhere in an event's data (candidates, winner, contract party...). */
export function creditCodesIn(value: unknown, found: Set<string> = new Set()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) creditCodesIn(item, found);
  } else if (value !== null && typeof value === 'object') {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'creditCode' && typeof inner === 'string') found.add(inner);
      else creditCodesIn(inner, found);
    }
  }
  return found;
}

/**
 * The one blacklist source (see BlacklistIndex): the listings of every party the events name, folded in memory
 * from the credit streams and caught up to the store's head before each decision.
 */
export function indexedBlacklist(store: EventStore): BlacklistProvider {
  const index = new BlacklistIndex(store);
  return async (events) => {
    const codes = new Set<string>();
    for (const event of events) creditCodesIn(event.data, codes);
    if (codes.size === 0) return [];
    return index.entriesFor(codes);
  };
}
