import { z } from 'zod';
import {
  CATALOGUE_DOMAINS,
  CATALOGUE_PUBLISHER_ROLES,
  creditCodeSchema as domainCreditCode,
} from '@gongkai/domain';

/** GB/T 2260 administrative division code (6, 9 or 12 digits). */
export const regionCodeSchema = z
  .string()
  .regex(/^\d{6}(\d{3}(\d{3})?)?$/, 'expected a GB/T 2260 region code');
/** 统一社会信用代码: 18 characters with its GB 32100-2015 check character (the domain's check). */
export const creditCodeSchema = domainCreditCode;

/** A transaction centre or other publisher: who it is, where and what it may publish. */
export const centreScopeSchema = z.strictObject({
  creditCode: creditCodeSchema,
  regions: z.array(regionCodeSchema).min(1),
  domains: z.array(z.enum(CATALOGUE_DOMAINS)).min(1),
  roles: z.array(z.enum(CATALOGUE_PUBLISHER_ROLES)).min(1),
  /**
   * The implementers a trading centre serves (代为公开): it may publish with `metadata.onBehalfOf` naming one
   * of them, and reads their transactions in full. Listed one by one: serving every implementer of a region is
   * not implied by the region.
   */
  actsFor: z.array(creditCodeSchema).max(10_000).optional(),
});

export const supervisorScopeSchema = z.strictObject({ regions: z.array(regionCodeSchema).min(1) });

const subject = z.string().min(1).max(200);

/** What an admin sends to create a token; the role decides the shape of the scope. */
export const tokenGrantSchema = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('centre'), subject, scope: centreScopeSchema }),
  z.strictObject({ role: z.literal('supervisor'), subject, scope: supervisorScopeSchema }),
  z.strictObject({ role: z.literal('subscriber'), subject, scope: z.object({}).strict().default({}) }),
  z.strictObject({ role: z.literal('admin'), subject, scope: z.object({}).strict().default({}) }),
]);

export type TokenGrant = z.infer<typeof tokenGrantSchema>;

/** When the token stops working; default by role (DEFAULT_TOKEN_LIFETIME_DAYS in token-store.ts). */
const expiresAt = z.iso.datetime({ offset: true }).optional();

/** What an admin sends to create a token: a grant and, optionally, its expiry. */
export const tokenRequestSchema = z.discriminatedUnion('role', [
  z.strictObject({ role: z.literal('centre'), subject, scope: centreScopeSchema, expiresAt }),
  z.strictObject({ role: z.literal('supervisor'), subject, scope: supervisorScopeSchema, expiresAt }),
  z.strictObject({
    role: z.literal('subscriber'),
    subject,
    scope: z.object({}).strict().default({}),
    expiresAt,
  }),
  z.strictObject({ role: z.literal('admin'), subject, scope: z.object({}).strict().default({}), expiresAt }),
]);

/** `POST /v1/tokens/{id}/rotate`: how long the old secret keeps working (default: not at all). */
export const tokenRotationSchema = z
  .strictObject({
    graceSeconds: z
      .number()
      .int()
      .min(0)
      .max(7 * 86_400)
      .optional(),
    expiresAt,
  })
  .default({});
export type TokenRole = TokenGrant['role'];
export type CentreScope = z.infer<typeof centreScopeSchema>;
export type SupervisorScope = z.infer<typeof supervisorScopeSchema>;

/** The caller of a request: a token's grant, or nobody. */
export type Principal = (TokenGrant & { tokenId: string }) | { role: 'anonymous' };
