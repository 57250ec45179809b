import type { DecideContext, DomainEvent } from '@gongkai/domain';
import type { BlacklistIndex } from './blacklist-index';

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
 * The decider is pure, so the blacklist it checks is read beforehand, from the one blacklist source
 * (BlacklistIndex): the listings of every party the event names.
 */
export async function blacklistContext(
  index: BlacklistIndex,
  events: readonly DomainEvent[],
): Promise<DecideContext> {
  const codes = new Set<string>();
  for (const event of events) creditCodesIn(event.data, codes);
  if (codes.size === 0) return { blacklist: [] };
  return { blacklist: await index.entriesFor(codes) };
}
