import { z } from 'zod';

/**
 * A finding as stored in `metadata.findings` by the service (the domain's CatalogueFinding). Read loosely:
 * only `code` and `ruleId` are required, and an element that does not even have those is skipped, so an
 * older or hand-written record never stops the projection.
 */
const storedFindingSchema = z.looseObject({
  code: z.string().min(1),
  ruleId: z.string().min(1),
  origin: z.string().optional().catch(undefined),
  catalogueId: z.string().optional().catch(undefined),
  sourceText: z.string().optional().catch(undefined),
  from: z.string().optional().catch(undefined),
  due: z.string().optional().catch(undefined),
  actual: z.string().optional().catch(undefined),
  lateByWorkingDays: z.number().optional().catch(undefined),
  lateByCalendarDays: z.number().optional().catch(undefined),
  shortByWorkingDays: z.number().optional().catch(undefined),
  shortByCalendarDays: z.number().optional().catch(undefined),
  message: z.object({ zh: z.string().optional(), en: z.string().optional() }).optional().catch(undefined),
  /** Computed on a year without an official holiday arrangement (see docs/deadlines.md). */
  provisional: z.literal(true).optional().catch(undefined),
  provisionalYears: z.array(z.number().int()).optional().catch(undefined),
  provisionalBasis: z.object({ source: z.string() }).loose().optional().catch(undefined),
});
export type StoredFinding = z.infer<typeof storedFindingSchema>;

export function storedFindingsOf(metadata: Record<string, unknown>): StoredFinding[] {
  const findings = metadata['findings'];
  if (!Array.isArray(findings)) return [];
  return findings.flatMap((finding) => {
    const parsed = storedFindingSchema.safeParse(finding);
    return parsed.success ? [parsed.data] : [];
  });
}
