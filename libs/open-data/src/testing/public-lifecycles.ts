import { randomUUID } from 'node:crypto';
import {
  exampleEvent,
  LIFECYCLE_ORDER,
  toPublicView,
  type CatalogueDomain,
  type DomainEvent,
  type EventType,
} from '@gongkai/domain';
import type { TransactionEvent } from '../ocds/release-mapper';

/** Test support: the domain's example lifecycle (or `types`), fresh ids, as the public sees it. */
export function publicLifecycle(
  domain: CatalogueDomain,
  types: readonly EventType[] = LIFECYCLE_ORDER,
  change: (event: DomainEvent, index: number) => DomainEvent = (event) => event,
): TransactionEvent[] {
  return types.map((type, revision) => ({
    revision,
    view: toPublicView(change({ ...exampleEvent(type, domain), id: randomUUID() }, revision)),
  }));
}
