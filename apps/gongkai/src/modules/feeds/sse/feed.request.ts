import { z } from 'zod';
import { CATALOGUE_DOMAINS } from '@gongkai/domain';
import { POSITION_PATTERN, parsePosition } from '@gongkai/event-store';
import { regionPrefix } from '@gongkai/projections';
import type { FeedKeys } from './feed-message';

/** A position as the feed writes it in `id:`: decimal digits of a safe integer, never rounded. */
const position = z
  .string()
  .regex(POSITION_PATTERN, 'expected a position (a non-negative integer below 2^53)')
  .transform((text, context) => {
    const parsed = parsePosition(text);
    if (parsed === undefined) {
      context.addIssue({
        code: 'custom',
        message: 'expected a position (a non-negative integer below 2^53)',
      });
      return z.NEVER;
    }
    return parsed;
  });

export const feedQuerySchema = z.object({
  /** The last position already seen: events after it are sent (0 = from the first). Default: only new ones. */
  from: position.optional(),
  domain: z.enum(CATALOGUE_DOMAINS).optional(),
  /** A region code; matches it and everything inside it (320600 finds every district of the city). */
  region: z
    .string()
    .regex(/^\d{6}$/, 'expected a 6-digit region code')
    .optional(),
  /** Event types (the stage an event records), comma-separated: `AwardPublished,ContractSigned`. */
  stage: z
    .string()
    .regex(/^[A-Za-z]+(,[A-Za-z]+)*$/, 'expected event types separated by commas')
    .optional(),
});
export type FeedQuery = z.infer<typeof feedQuerySchema>;

/** `Last-Event-ID` sent by a reconnecting EventSource: the position of the last event it received. */
export const lastEventIdSchema = position;

/** Keeps an event when it matches every given filter; read from the recorded event as the Kafka feed does. */
export function feedFilter(query: FeedQuery): (keys: FeedKeys) => boolean {
  const prefix = regionPrefix(query.region);
  const stages = query.stage === undefined ? undefined : new Set(query.stage.split(','));
  return (keys) => {
    if (query.domain !== undefined && keys.domain !== query.domain) return false;
    if (prefix !== undefined && !(keys.region !== undefined && keys.region.startsWith(prefix))) return false;
    if (stages !== undefined && !stages.has(keys.type)) return false;
    return true;
  };
}
