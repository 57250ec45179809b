import { z } from 'zod';
import type { CatalogueDomain } from '../catalogues';
import { NATIONAL_RECORD_FIELDS } from './national-record';
import { SUBJECTS } from './subjects';

/**
 * One domain variant of an event: the `domain` discriminator, the domain's subject group, what the national
 * data specification's records need (NATIONAL_RECORD_FIELDS, optional), then the fields.
 */
export function variant<D extends CatalogueDomain, S extends z.ZodRawShape>(domain: D, shape: S) {
  return z.object({
    domain: z.literal(domain),
    ...(SUBJECTS[domain].shape as (typeof SUBJECTS)[D]['shape']),
    ...NATIONAL_RECORD_FIELDS,
    ...shape,
  });
}

/** The same fields in every domain (each variant still carries its own subject group). */
export function inEveryDomain<S extends z.ZodRawShape>(shape: S) {
  return z.discriminatedUnion('domain', [
    variant('engineering', shape),
    variant('procurement', shape),
    variant('land', shape),
    variant('mining', shape),
    variant('state_property', shape),
    variant('medical', shape),
    variant('emission', shape),
    variant('sea_area', shape),
    variant('forest', shape),
    variant('housing', shape),
  ]);
}
