/** Masks for personal data in public views, in the style of Chinese public notices (张**, 320602********1238). */

/** Keep the surname (first character), mask the rest: 张三丰 → 张**, 欧阳 → 欧*. */
export function maskPersonName(name: string): string {
  const chars = [...name.trim()];
  if (chars.length <= 1) return '*';
  return chars[0] + '*'.repeat(chars.length - 1);
}

/** Keep the region (first 6) and the last 4: the birth date and sequence are hidden. */
export function maskIdNumber(id: string): string {
  if (id.length <= 10) return '*'.repeat(id.length);
  return id.slice(0, 6) + '*'.repeat(id.length - 10) + id.slice(-4);
}

/** 13812345678 → 138****5678. */
export function maskPhone(phone: string): string {
  if (phone.length < 7) return '*'.repeat(phone.length);
  return phone.slice(0, 3) + '*'.repeat(phone.length - 7) + phone.slice(-4);
}

/** Bank account: only the last 4 digits stay. */
export function maskAccountNumber(account: string): string {
  return '*'.repeat(Math.max(0, account.length - 4)) + account.slice(-4);
}
