import { CATALOGUE_DOMAINS, EVENT_TYPES, creditCodeSchema, type PublicEventView } from '@gongkai/domain';
import type { RecordedEvent } from '@gongkai/event-store';
import { z } from 'zod';

const nonEmpty = <T extends z.ZodType>(item: T, what: string) =>
  z.array(item).min(1, `list at least one ${what}, or leave it out`).optional();

/**
 * What a subscriber asked for (按需定制): each list, when given, must match; within a list any entry does.
 * Regions are the target's own routing (`regions`, GB/T 2260 prefixes), as for every sink target.
 */
export const subscriptionFilterSchema = z
  .object({
    /** Catalogue domains. */
    domains: nonEmpty(z.enum(CATALOGUE_DOMAINS), 'domain'),
    /** Lifecycle stages, as event types (`AwardPublished`, `PenaltyImposed`…). */
    stages: nonEmpty(z.enum(EVENT_TYPES), 'stage'),
    /** Unified social credit codes of publishers (`metadata.publisher`). */
    publishers: nonEmpty(creditCodeSchema, 'publisher credit code'),
    /** Unified social credit codes of parties named anywhere in the event (tenderer, winner, subject…). */
    parties: nonEmpty(creditCodeSchema, 'party credit code'),
  })
  .strict();

export type SubscriptionFilter = z.output<typeof subscriptionFilterSchema>;

/**
 * Whether a recorded event may match, from what it declares without being parsed (its type and `data.domain`):
 * an event that cannot match is skipped before parsing, so one that no longer parses is never dead-lettered
 * for a subscriber who would not have received it.
 */
export function mayMatch(filter: SubscriptionFilter, event: RecordedEvent): boolean {
  if (filter.stages && !filter.stages.includes(event.type as (typeof EVENT_TYPES)[number])) return false;
  if (filter.domains) {
    const domain = (event.data as { domain?: unknown } | null)?.domain;
    if (typeof domain !== 'string' || !filter.domains.includes(domain as (typeof CATALOGUE_DOMAINS)[number]))
      return false;
  }
  return true;
}

/** Whether the public view of an event matches every list of the filter. */
export function matchesFilter(filter: SubscriptionFilter, view: PublicEventView): boolean {
  if (filter.stages && !filter.stages.includes(view.type)) return false;
  if (filter.domains && !filter.domains.includes(view.data.domain)) return false;
  if (filter.publishers && !filter.publishers.includes(view.metadata.publisher.creditCode)) return false;
  if (filter.parties) {
    const named = creditCodesIn(view.data);
    if (!filter.parties.some((code) => named.has(code))) return false;
  }
  return true;
}

/** Every `creditCode` value in the data, however deep (parties, candidates, the credit subject…). */
function creditCodesIn(value: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(value)) {
    for (const item of value) creditCodesIn(item, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const [key, inner] of Object.entries(value)) {
      if (key === 'creditCode' && typeof inner === 'string') into.add(inner);
      else creditCodesIn(inner, into);
    }
  }
  return into;
}
