import { isValidYuan } from '@gongkai/domain';

/** 1 万元 = 10 000 yuan = 1 000 000 fen. */
const FEN_PER_WAN_YUAN = 1_000_000n;

/**
 * Fen (分, an integer or a string of digits) as 万元, exactly: a decimal string with no trailing zeros
 * (`1234567` fen -> `"1.234567"`, `1355000` -> `"1.355"`, `0` -> `"0"`). BigInt arithmetic, never floats.
 */
export function fenToWanYuan(fen: number | bigint | string): string {
  const amount = toFen(fen);
  const whole = amount / FEN_PER_WAN_YUAN;
  const fraction = (amount % FEN_PER_WAN_YUAN).toString().padStart(6, '0').replace(/0+$/, '');
  return fraction === '' ? whole.toString() : `${whole}.${fraction}`;
}

/** A yuan amount as the domain writes it (`"12345.67"`) as 万元 (`"1.234567"`), exactly. */
export function yuanToWanYuan(yuan: string): string {
  if (!isValidYuan(yuan)) throw new RangeError(`not a yuan amount: ${JSON.stringify(yuan)}`);
  const [whole, fraction = ''] = yuan.split('.');
  return fenToWanYuan(BigInt(whole!) * 100n + BigInt(fraction.padEnd(2, '0')));
}

function toFen(fen: number | bigint | string): bigint {
  if (typeof fen === 'bigint') {
    if (fen < 0n) throw new RangeError(`negative fen amount: ${fen}`);
    return fen;
  }
  if (typeof fen === 'number') {
    if (!Number.isSafeInteger(fen) || fen < 0) throw new RangeError(`not a whole fen amount: ${fen}`);
    return BigInt(fen);
  }
  if (!/^\d+$/.test(fen)) throw new RangeError(`not a whole fen amount: ${JSON.stringify(fen)}`);
  return BigInt(fen);
}
