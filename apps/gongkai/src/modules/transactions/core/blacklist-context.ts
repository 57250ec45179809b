import {
  creditBlacklistEntries,
  creditStreamId,
  replayCredit,
  type BlacklistEntry,
  type DecideContext,
  type DomainEvent,
} from '@gongkai/domain';
import type { EventStore } from '@gongkai/event-store';
import { fromRecordedEvent } from './event-codec';
import { readStreamOrEmpty } from './transaction-reader';

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
 * The decider is pure, so the blacklist it checks is read beforehand: the credit stream of every party the
 * event names, replayed into its blacklist entries.
 */
export async function blacklistContext(
  store: EventStore,
  events: readonly DomainEvent[],
): Promise<DecideContext> {
  const codes = new Set<string>();
  for (const event of events) creditCodesIn(event.data, codes);
  const entries: BlacklistEntry[] = [];
  for (const code of codes) {
    // Most parties have no credit stream: ask for its revision first, which is cheaper than a failed read.
    const streamId = creditStreamId(code);
    if ((await store.streamRevision(streamId)) === undefined) continue;
    const recorded = await readStreamOrEmpty(store, streamId);
    entries.push(...creditBlacklistEntries(replayCredit(recorded.map(fromRecordedEvent))));
  }
  return { blacklist: entries };
}
