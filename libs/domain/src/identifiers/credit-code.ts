import { z } from 'zod';

/**
 * 统一社会信用代码 (GB 32100-2015): 18 characters from a 31-character set (digits and capitals without I, O, S,
 * V, Z). Positions 1 registration authority, 2 organisation kind, 3-8 GB/T 2260 region, 9-17 the organisation's
 * body code, 18 a check character computed modulo 31.
 */
export const CREDIT_CODE_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{2}\d{6}[0-9A-HJ-NPQRTUWXY]{10}$/;

/** The check character for the first 17 characters; `undefined` when they are not 17 characters of the set. */
export function creditCodeCheckCharacter(first17: string): string | undefined {
  if (first17.length !== 17) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = CREDIT_CODE_CHARSET.indexOf(first17.charAt(i));
    if (value < 0) return undefined;
    sum += value * WEIGHTS[i]!;
  }
  return CREDIT_CODE_CHARSET.charAt((31 - (sum % 31)) % 31);
}

export type CreditCodeProblem = 'length' | 'characters' | 'checkCharacter';

/** Why a string is not a unified social credit code, or `undefined` when it is one. */
export function creditCodeProblem(code: string): CreditCodeProblem | undefined {
  if (code.length !== 18) return 'length';
  if (!SHAPE.test(code)) return 'characters';
  return creditCodeCheckCharacter(code.slice(0, 17)) === code.charAt(17) ? undefined : 'checkCharacter';
}

export function isValidCreditCode(code: string): boolean {
  return creditCodeProblem(code) === undefined;
}

const PROBLEM_TEXT: Record<CreditCodeProblem, string> = {
  length: 'a unified social credit code has 18 characters',
  characters:
    'a unified social credit code uses 0-9 and A-Z without I, O, S, V, Z, with a 6-digit region in positions 3-8',
  checkCharacter: 'the check character (position 18, GB 32100-2015) does not match',
};

/** 统一社会信用代码 with its GB 32100 check character. */
export const creditCodeSchema = z
  .string()
  .superRefine((code, ctx) => {
    const problem = creditCodeProblem(code);
    if (problem) ctx.addIssue({ code: 'custom', message: PROBLEM_TEXT[problem], params: { problem } });
  })
  .meta({
    description: '统一社会信用代码, 18 characters, GB 32100-2015 check character verified',
    pattern: SHAPE.source,
  });
