import { z } from 'zod';
import { CATALOGUE_DOMAINS, CATALOGUE_PUBLISHER_ROLES } from '@gongkai/domain';

/** GB/T 2260 administrative division code (6, 9 or 12 digits). */
export const regionCodeSchema = z
  .string()
  .regex(/^\d{6}(\d{3}(\d{3})?)?$/, 'expected a GB/T 2260 region code');
/** 统一社会信用代码: 18 characters (GB 32100-2015). */
export const creditCodeSchema = z
  .string()
  .regex(
    /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/,
    'expected an 18-character unified social credit code',
  );

/** A transaction centre or other publisher: who it is, where and what it may publish. */
export const centreScopeSchema = z.object({
  creditCode: creditCodeSchema,
  regions: z.array(regionCodeSchema).min(1),
  domains: z.array(z.enum(CATALOGUE_DOMAINS)).min(1),
  roles: z.array(z.enum(CATALOGUE_PUBLISHER_ROLES)).min(1),
});

export const supervisorScopeSchema = z.object({ regions: z.array(regionCodeSchema).min(1) });

const subject = z.string().min(1).max(200);

/** What an admin sends to create a token; the role decides the shape of the scope. */
export const tokenGrantSchema = z.discriminatedUnion('role', [
  z.object({ role: z.literal('centre'), subject, scope: centreScopeSchema }),
  z.object({ role: z.literal('supervisor'), subject, scope: supervisorScopeSchema }),
  z.object({ role: z.literal('subscriber'), subject, scope: z.object({}).strict().default({}) }),
  z.object({ role: z.literal('admin'), subject, scope: z.object({}).strict().default({}) }),
]);

export type TokenGrant = z.infer<typeof tokenGrantSchema>;
export type TokenRole = TokenGrant['role'];
export type CentreScope = z.infer<typeof centreScopeSchema>;
export type SupervisorScope = z.infer<typeof supervisorScopeSchema>;

/** The caller of a request: a token's grant, or nobody. */
export type Principal = (TokenGrant & { tokenId: string }) | { role: 'anonymous' };
