/** GB/T 2260 administrative division codes: 2 digits province, 2 city, 2 county; longer codes go below. */
const REGION_CODE = /^\d{6}(\d{3}(\d{3})?)?$/;

export class InvalidRegionCode extends Error {
  readonly code = 'INVALID_REGION_CODE' as const;

  constructor(readonly input: unknown) {
    super(`Invalid region code ${JSON.stringify(input)}: expected a GB/T 2260 code of 6 (or 9/12) digits`);
    this.name = 'InvalidRegionCode';
  }
}

export function assertRegionCode(code: unknown): asserts code is string {
  if (typeof code !== 'string' || !REGION_CODE.test(code)) throw new InvalidRegionCode(code);
}

/**
 * The significant prefix of a jurisdiction's code: `120000` → `12` (Tianjin), `320600` → `3206` (Nantong),
 * `350582` → `350582` (Jinjiang). Any code starting with it lies inside the jurisdiction.
 */
export function regionPrefix(code: string): string {
  assertRegionCode(code);
  const six = code.slice(0, 6);
  if (six.endsWith('0000')) return six.slice(0, 2);
  if (six.endsWith('00')) return six.slice(0, 4);
  return six;
}

export function regionContains(jurisdiction: string, code: string): boolean {
  assertRegionCode(code);
  return code.startsWith(regionPrefix(jurisdiction));
}
