import { regionContains } from '@gongkai/domain';
import { Problem } from '../http/problem';
import type { Principal } from '@gongkai/runtime';

/**
 * The regions a caller may read supervision data of: a supervisor its own jurisdictions, anyone else allowed
 * on the route (admin) everything (`undefined`). Codes nest, so a supervisor of 320600 sees 320602.
 */
export function readableRegions(principal: Principal): readonly string[] | undefined {
  return principal.role === 'supervisor' ? principal.scope.regions : undefined;
}

/**
 * Checks a requested `region` filter against the caller's jurisdictions and answers the jurisdictions the
 * query must stay within. A filter reaching outside them is refused (403), not silently narrowed: a
 * supervisor asking for a region it does not oversee should learn so rather than read an empty page.
 */
export function regionsWithinScope(
  principal: Principal,
  requested: string | undefined,
): readonly string[] | undefined {
  const regions = readableRegions(principal);
  if (regions === undefined || requested === undefined) return regions;
  if (!regions.some((region) => regionContains(region, requested))) {
    throw new Problem(
      'forbidden',
      `Region ${requested} is outside the token's regions (${regions.join(', ')})`,
      { region: requested, allowedRegions: regions },
    );
  }
  return regions;
}
