/** A date bound is a Beijing calendar day: `from` starts at its midnight, `to` ends after its last instant. */
export function dayBound(value: string | undefined, edge: 'start' | 'end'): string | undefined {
  if (value === undefined) return undefined;
  if (/^\d{4}-\d{2}-\d{2}$/.test(value)) {
    const midnight = Date.parse(`${value}T00:00:00.000+08:00`);
    return new Date(edge === 'start' ? midnight : midnight + 86_400_000).toISOString();
  }
  return new Date(value).toISOString();
}
