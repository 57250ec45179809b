import { z } from 'zod';

/**
 * ISO 8601 instant with an explicit offset (`2026-03-02T09:30:00+08:00` or `...Z`): a disclosure time without
 * an offset is ambiguous by 8 hours, which moves deadlines across a day.
 */
export const isoInstantSchema = z.iso
  .datetime({ offset: true })
  .meta({ description: 'ISO 8601 instant with offset' });

/** Calendar date `YYYY-MM-DD` (decision dates, display periods), read in China Standard Time. */
export const isoDateSchema = z.iso.date().meta({ description: 'date YYYY-MM-DD (China time)' });

export function isIsoInstant(value: string): boolean {
  return isoInstantSchema.safeParse(value).success;
}

/** Milliseconds since the epoch of an ISO instant, for ordering. */
export function instantMillis(value: string): number {
  return Date.parse(value);
}
