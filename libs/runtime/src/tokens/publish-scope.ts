import { regionContains, type DomainEvent } from '@gongkai/domain';
import type { Principal } from './token-scope';

/**
 * Why this principal may not publish this event, or undefined when it may. A centre publishes only as
 * itself (its credit code), in its regions, in its domains, in the roles it holds (谁批准谁公开…). One check
 * for every writer: the API's append use cases and `gongkai import`.
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
  const behalf = metadata.onBehalfOf?.creditCode;
  if (behalf !== undefined && !(scope.actsFor ?? []).includes(behalf)) {
    return `the token does not publish on behalf of ${behalf} (scope.actsFor: ${(scope.actsFor ?? []).join(', ') || 'none'})`;
  }
  return undefined;
}
