import { z } from 'zod';
import { deadlineRuleSchema, ruleSourceSchema } from '../calendar';
import { CATALOGUE_IDS } from './catalogue';
import {
  CATALOGUE_DOMAINS,
  CATALOGUE_EVENT_TYPES,
  DISCLOSURE_CHANNELS,
  CATALOGUE_PUBLISHER_ROLES,
} from './vocabulary';

const bilingual = z.object({ en: z.string().min(1), zh: z.string().min(1) });

export const catalogueItemSchema = z.object({
  eventType: z.enum(CATALOGUE_EVENT_TYPES),
  domain: z.enum(CATALOGUE_DOMAINS).optional(),
  title: bilingual,
  rules: z.array(deadlineRuleSchema),
  publishers: z.array(z.enum(CATALOGUE_PUBLISHER_ROLES)).min(1),
  channels: z.array(z.enum(DISCLOSURE_CHANNELS)).min(1),
  source: ruleSourceSchema,
});

/** A catalogue is well formed when every item is, and no (event type, domain) pair is listed twice. */
export const catalogueSchema = z
  .object({
    id: z.enum(CATALOGUE_IDS),
    name: bilingual,
    regionCode: z
      .string()
      .regex(/^\d{6}$/)
      .nullable(),
    document: z.string().min(1),
    items: z.array(catalogueItemSchema).min(1),
  })
  .superRefine((catalogue, ctx) => {
    const seen = new Set<string>();
    catalogue.items.forEach((item, index) => {
      const key = `${item.eventType}/${item.domain ?? '*'}`;
      if (seen.has(key)) {
        ctx.addIssue({ code: 'custom', path: ['items', index], message: `duplicate item ${key}` });
      }
      seen.add(key);
    });
  });
