import { type CataloguePublisherRole, regionContains } from '../catalogues';
import type { DomainEvent, EventType, Party } from '../events';
import { reject, type Rejection } from './rejections';

/**
 * Who a transaction belongs to (谁实施谁公开): the organisation that opened it, fixed by its first event. That
 * is the implementer, also when a trading centre opened it on the implementer's behalf (`onBehalfOf`).
 */
export interface TransactionOwner {
  /** The organisation owning the trail (the implementer, or the trading centre publishing as itself). */
  party: Party;
  /** The transaction's jurisdiction: the region of the first event. */
  regionCode: string;
}

/**
 * What another organisation may append to a transaction it does not own, by its role: a supervisory or
 * approving department its decision on a complaint (谁制作谁公开, 谁批准谁公开). Stage events (announcement,
 * award, contract, termination...) are the owner's alone. Approvals of a transaction have no event type in
 * the transaction stream yet; when one is added, it is listed here for `approver`.
 */
export const FOREIGN_APPENDS: Readonly<Partial<Record<CataloguePublisherRole, readonly EventType[]>>> = {
  approver: ['ComplaintDecided'],
  producer: ['ComplaintDecided'],
};

/** The organisation an event is published in the name of: the implementer a trading centre acts for, or the publisher. */
export function actingParty(event: DomainEvent): Party {
  return event.metadata.onBehalfOf ?? event.metadata.publisher;
}

/** The owner a first event makes. */
export function ownerOf(event: DomainEvent): TransactionOwner {
  const { name, creditCode } = actingParty(event);
  return { party: { name, creditCode }, regionCode: event.metadata.regionCode };
}

/** Whether an event is published by (or for) the owner of the transaction. */
export function isOwnerEvent(event: DomainEvent, owner: TransactionOwner): boolean {
  return actingParty(event).creditCode === owner.party.creditCode;
}

/**
 * Why this event may not be appended to a transaction owned by `owner` (undefined: it may). Decided from the
 * stream's state alone, so it holds for every way events arrive (single, batch, import) and every store.
 */
export function ownershipRefusal(
  event: DomainEvent,
  owner: TransactionOwner | undefined,
): { ok: false; rejection: Rejection } | undefined {
  const { metadata } = event;
  if (metadata.onBehalfOf && metadata.publisherRole !== 'trading_centre') {
    return reject(
      'PUBLISHER_ROLE_NOT_ALLOWED',
      `Only a trading centre publishes on behalf of an implementer (onBehalfOf), not a publisher in role ${metadata.publisherRole}`,
      `仅公共资源交易中心可代实施主体公开（onBehalfOf），${metadata.publisherRole}不可`,
      { role: metadata.publisherRole },
    );
  }
  if (!owner) return undefined;
  if (isOwnerEvent(event, owner)) {
    if (metadata.regionCode === owner.regionCode) return undefined;
    return reject(
      'REGION_MISMATCH',
      `The transaction belongs to region ${owner.regionCode}; the event names region ${metadata.regionCode}`,
      `本交易属地为${owner.regionCode}，事件属地${metadata.regionCode}不一致`,
      { expected: owner.regionCode, actual: metadata.regionCode },
    );
  }
  const allowed = FOREIGN_APPENDS[metadata.publisherRole] ?? [];
  const inRegion = regionContains(metadata.regionCode, owner.regionCode);
  if (!metadata.onBehalfOf && allowed.includes(event.type) && inRegion) return undefined;
  const why = !allowed.includes(event.type)
    ? `another organisation in role ${metadata.publisherRole} may append ${allowed.length > 0 ? allowed.join(', ') : 'nothing'}`
    : `region ${metadata.regionCode} does not cover the transaction's region ${owner.regionCode}`;
  return reject(
    'NOT_OWNER',
    `The transaction belongs to ${owner.party.name} (${owner.party.creditCode}), not to ${actingParty(event).creditCode}: ${why}`,
    `本交易属于${owner.party.name}（${owner.party.creditCode}），${actingParty(event).creditCode}无权发布此项信息`,
    { owner: owner.party, regionCode: owner.regionCode, actor: actingParty(event).creditCode },
  );
}
