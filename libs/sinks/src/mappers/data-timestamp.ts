/** Beijing time has been UTC+8 all year since 1991 (no daylight saving). */
const CHINA_STANDARD_TIME_OFFSET_MS = 8 * 60 * 60 * 1000;

/**
 * `DATA_TIMESTAMP` / date-time fields of the national data specification: `yyyyMMddHHmmss` in
 * Beijing time. Throws on an unparsable instant rather than sending a wrong one.
 */
export function toSpecDateTime(instant: string | Date): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  if (Number.isNaN(date.getTime())) throw new RangeError(`not an instant: ${String(instant)}`);
  const beijing = new Date(date.getTime() + CHINA_STANDARD_TIME_OFFSET_MS).toISOString();
  // 2026-11-23T09:18:50.123Z -> 20261123091850
  return beijing.slice(0, 19).replace(/[-T:]/g, '');
}

/** A calendar date (`yyyy-MM-dd`) as the specification's `yyyyMMdd`. */
export function toSpecDate(date: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(date)) throw new RangeError(`not a yyyy-MM-dd date: ${date}`);
  return date.replace(/-/g, '');
}
