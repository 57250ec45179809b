import { regionContains, type DomainEvent } from '@gongkai/domain';
import type { Principal } from './token-scope';

/**
 * Why this principal may not publish this event, or undefined when it may. A centre publishes only as
 * itself (its credit code), in its regions, in its domains, in the roles it holds (谁批准谁公开…).
 */
export function publishRefusal(principal: Principal, event: DomainEvent): string | undefined {
  if (principal.role !== 'centre') return `a ${principal.role} token may not publish events`;
  const { scope } = principal;
  const { metadata } = event;
  const domain = (event.data as { domain: string }).domain;
  if (metadata.publisher.creditCode !== scope.creditCode) {
    return `the token publishes as ${scope.creditCode}, the event names publisher ${metadata.publisher.creditCode}`;
  }
  if (!scope.regions.some((region) => regionContains(region, metadata.regionCode))) {
    return `region ${metadata.regionCode} is outside the token's regions (${scope.regions.join(', ')})`;
  }
  if (!(scope.domains as readonly string[]).includes(domain)) {
    return `domain ${domain} is outside the token's domains (${scope.domains.join(', ')})`;
  }
  if (!scope.roles.includes(metadata.publisherRole)) {
    return `role ${metadata.publisherRole} is not among the token's roles (${scope.roles.join(', ')})`;
  }
  return undefined;
}

/** Whether the principal may see restricted (unredacted) data of a transaction in this region. */
export function mayReadRestricted(
  principal: Principal,
  regionCode: string | undefined,
  publishers: readonly string[],
): boolean {
  switch (principal.role) {
    case 'admin':
      return true;
    case 'supervisor':
      return (
        regionCode !== undefined &&
        principal.scope.regions.some((region) => regionContains(region, regionCode))
      );
    case 'centre':
      return publishers.includes(principal.scope.creditCode);
    default:
      return false;
  }
}
