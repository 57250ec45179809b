import { regionContains, type TransactionOwner } from '@gongkai/domain';
import type { Principal } from '@gongkai/runtime';

/**
 * Whether the principal may see restricted (unredacted) data of a transaction: the owner (or a trading centre
 * acting for it), supervisors of its region and admins. Anyone else, including another organisation that
 * appended to the trail, reads exactly what an anonymous reader reads.
 */
export function mayReadRestricted(principal: Principal, owner: TransactionOwner | undefined): boolean {
  switch (principal.role) {
    case 'admin':
      return true;
    case 'supervisor':
      return (
        owner !== undefined &&
        principal.scope.regions.some((region) => regionContains(region, owner.regionCode))
      );
    case 'centre':
      return (
        owner !== undefined &&
        (principal.scope.creditCode === owner.party.creditCode ||
          (principal.scope.actsFor ?? []).includes(owner.party.creditCode))
      );
    default:
      return false;
  }
}
