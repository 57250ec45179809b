import { z } from 'zod';
import {
  creditCodeSchema,
  decimalSchema,
  isoDateSchema,
  isoInstantSchema,
  residentIdSchema,
  yuanSchema,
} from '../identifiers';

/** Building blocks shared by the event schemas. */
export const instant = isoInstantSchema;
export const localDate = isoDateSchema;
export const yuan = yuanSchema;
export const decimal = decimalSchema;
/** Most characters of one text field (names, reasons, descriptions, `sourceSystem`...). */
export const TEXT_MAX_CHARS = 4_000;
/** Most characters of a notice's or decision's full `content`. */
export const LONG_TEXT_MAX_CHARS = 100_000;
/** No NUL: it ends strings in C consumers of the feeds, and no disclosure needs one. */
const noNul = (schema: z.ZodString) =>
  schema.refine((value) => !value.includes('\u0000'), 'contains a NUL character');
export const text = noNul(z.string().trim().min(1).max(TEXT_MAX_CHARS));
export const longText = noNul(z.string().trim().min(1).max(LONG_TEXT_MAX_CHARS));

/** A platform-assigned code (采购项目编号, 宗地编号…): letters, digits and `-_/`, up to 64 characters. */
export const platformCode = z
  .string()
  .regex(/^[0-9A-Za-z][0-9A-Za-z\-_/]{1,63}$/, 'expected a code of 2-64 letters, digits, "-", "_" or "/"')
  .meta({ description: 'platform code (2-64 letters, digits, -_/)' });

/** An organisation or individual business taking part, identified by its 统一社会信用代码. */
export const partySchema = z
  .object({ name: text, creditCode: creditCodeSchema })
  .meta({ description: 'organisation { name, creditCode }' });
export type Party = z.infer<typeof partySchema>;

/**
 * A natural person named in a disclosure (housing allocation). The ID number, phone and home address are
 * restricted: `toPublicView` masks or removes them.
 */
export const naturalPersonSchema = z.object({
  name: text,
  idNumber: residentIdSchema,
  phone: z
    .string()
    .regex(/^1\d{10}$/, 'expected an 11-digit mobile number')
    .optional(),
  homeAddress: text.optional(),
});

/** 中标候选人/成交候选人 as publicized. */
export const candidateSchema = z.object({
  rank: z.number().int().min(1),
  name: text,
  creditCode: creditCodeSchema,
  bidPrice: yuan,
  /** 评标情况: score or the evaluation summary that may be public. */
  evaluationScore: decimal.optional(),
  evaluationSummary: text.optional(),
});

/** A bank account the publisher had to record (deposit refunds); restricted. */
export const bankAccountSchema = z.object({ bankName: text, accountNumber: z.string().regex(/^\d{8,30}$/) });
