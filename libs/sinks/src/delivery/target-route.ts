import type { RecordedEvent } from '@gongkai/event-store';
import type { SinkMapper } from '../mappers/sink-record';

/** Which events a target takes, from its configuration: GB/T 2260 prefixes and catalogue domains. */
export interface TargetRoute {
  regions?: readonly string[];
  domains?: readonly string[];
}

function stringAt(value: unknown, field: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const found = (value as Record<string, unknown>)[field];
  return typeof found === 'string' ? found : undefined;
}

/**
 * Whether an event is routed to the target: its `metadata.regionCode` starts with one of the prefixes and its
 * `data.domain` is one of the domains (each check only when configured). An event that names no region or no
 * domain is not in a configured one: a filter keeps out what it cannot place.
 */
export function isRouted(route: TargetRoute, event: RecordedEvent): boolean {
  if (route.regions !== undefined) {
    const region = stringAt(event.metadata, 'regionCode');
    if (region === undefined || !route.regions.some((prefix) => region.startsWith(prefix))) return false;
  }
  if (route.domains !== undefined) {
    const domain = stringAt(event.data, 'domain');
    if (domain === undefined || !route.domains.includes(domain)) return false;
  }
  return true;
}

/**
 * The target's mapper behind its route: an event outside it maps to `undefined` (skipped and counted, before
 * it is parsed, like an event the target does not take), so a province never receives another's records.
 */
export function routedMapper(mapper: SinkMapper, route: TargetRoute): SinkMapper {
  if (route.regions === undefined && route.domains === undefined) return mapper;
  return {
    kind: mapper.kind,
    map: (event) => (isRouted(route, event) ? mapper.map(event) : undefined),
  };
}
