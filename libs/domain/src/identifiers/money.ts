import { z } from 'zod';

/**
 * Money is never a float. Events carry yuan as a decimal string with at most 2 decimals (`"1234567.89"`),
 * the form the trading platform publishes; arithmetic converts to integer fen (分).
 */
const YUAN = /^(0|[1-9]\d*)(\.\d{1,2})?$/;

export const yuanSchema = z
  .string()
  .regex(YUAN, 'expected yuan as a decimal string with at most 2 decimals, e.g. "1234567.89"')
  .meta({ description: 'yuan, decimal string with at most 2 decimals' });

/** Integer fen (分), within the exactly representable range. */
export const fenSchema = z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/** Non-negative decimal quantity (areas, tonnes): a string, like money, to keep it exact. */
export const decimalSchema = z
  .string()
  .regex(/^(0|[1-9]\d*)(\.\d+)?$/, 'expected a non-negative decimal string')
  .meta({ description: 'decimal string' });

export function isValidYuan(value: string): boolean {
  return YUAN.test(value);
}

/** `"12.5"` → 1250. @throws RangeError for a malformed amount or one beyond the safe integer range */
export function yuanToFen(yuan: string): number {
  if (!YUAN.test(yuan)) throw new RangeError(`Invalid yuan amount ${JSON.stringify(yuan)}`);
  const [whole, fraction = ''] = yuan.split('.');
  const fen = BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0'));
  if (fen > BigInt(Number.MAX_SAFE_INTEGER)) throw new RangeError(`Amount ${yuan} exceeds the safe range`);
  return Number(fen);
}

/** 1250 → `"12.50"`. */
export function fenToYuan(fen: number): string {
  if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`Invalid fen amount ${fen}`);
  const text = String(fen).padStart(3, '0');
  return `${text.slice(0, -2)}.${text.slice(-2)}`;
}

/** Compare two yuan amounts exactly: negative, zero or positive. */
export function compareYuan(a: string, b: string): number {
  return Math.sign(yuanToFen(a) - yuanToFen(b));
}
