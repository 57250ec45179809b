import { z } from 'zod';

/**
 * 公民身份号码 (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit sequence, check character
 * (ISO 7064 MOD 11-2). Housing allocation results name natural persons, who are identified by it.
 */
const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK = '10X98765432';
const SHAPE = /^\d{6}(\d{4})(\d{2})(\d{2})\d{3}[\dX]$/;

export function residentIdCheckCharacter(first17: string): string | undefined {
  if (!/^\d{17}$/.test(first17)) return undefined;
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17.charAt(i)) * WEIGHTS[i]!;
  return CHECK.charAt(sum % 11);
}

export function isValidResidentId(id: string): boolean {
  const match = SHAPE.exec(id);
  if (!match) return false;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const birth = new Date(Date.UTC(year, month - 1, day));
  if (birth.getUTCFullYear() !== year || birth.getUTCMonth() !== month - 1 || birth.getUTCDate() !== day) {
    return false;
  }
  return residentIdCheckCharacter(id.slice(0, 17)) === id.charAt(17);
}

export const residentIdSchema = z
  .string()
  .refine(
    isValidResidentId,
    'expected an 18-character resident ID number with a valid birth date and check character',
  )
  .meta({ description: '公民身份号码, 18 characters, GB 11643 check character verified (restricted)' });
