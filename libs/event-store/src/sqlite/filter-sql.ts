import type { AllFilter } from '../event-store.port';

/**
 * Turns an `$all` filter into a SQL condition with positional parameters. A prefix test is
 * `substr(x, 1, length(p)) = p`: both lengths count SQLite characters, so Chinese and emoji prefixes work,
 * and no character is special (unlike LIKE or GLOB patterns).
 */
export function filterCondition(filter: AllFilter | undefined): { sql: string; params: string[] } {
  const parts: string[] = [];
  const params: string[] = [];
  const prefixes = (column: string, values: readonly string[]): string[] =>
    values.map((value) => {
      params.push(value, value);
      return `substr(${column}, 1, length(?)) = ?`;
    });
  const streamPrefixes = filter?.streamPrefixes ?? [];
  if (streamPrefixes.length > 0) parts.push(`(${prefixes('stream_id', streamPrefixes).join(' OR ')})`);
  const types = filter?.eventTypes ?? [];
  const typePrefixes = filter?.eventTypePrefixes ?? [];
  if (types.length + typePrefixes.length > 0) {
    const alternatives: string[] = [];
    if (types.length > 0) {
      alternatives.push(`type IN (${types.map(() => '?').join(', ')})`);
      params.push(...types);
    }
    alternatives.push(...prefixes('type', typePrefixes));
    parts.push(`(${alternatives.join(' OR ')})`);
  }
  return { sql: parts.length > 0 ? parts.join(' AND ') : '1', params };
}
