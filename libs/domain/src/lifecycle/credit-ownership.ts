import type { DomainEvent } from '../events';
import type { BlacklistEntry } from './blacklist';
import { actingParty } from './ownership';
import { reject, type Rejection } from './rejections';

/**
 * Who may append to a credit subject's stream (谁作出谁公开). A credit stream has no single owner: any
 * authority adds its own decisions (a penalty, a licence, a record, a listing) within its role and regions,
 * as the catalogue allows. A record that acts on an earlier one is its decider's alone: only the organisation
 * that entered a blacklist listing removes it (repair, expiry, revocation); another authority gets NOT_OWNER
 * (403). Decided from the stream's state, like transaction ownership, so it holds for every write path.
 */
export function creditOwnershipRefusal(
  event: DomainEvent,
  listings: readonly BlacklistEntry[],
): { ok: false; rejection: Rejection } | undefined {
  if (event.type !== 'BlacklistRemoved') return undefined;
  const entry = listings.find(
    (e) => e.decisionNumber === event.data.entryDecisionNumber && e.removedOn === undefined,
  );
  // No such listing: the decider answers NOT_ON_BLACKLIST. A listing recorded before deciders were kept has none.
  if (entry?.decidedBy === undefined) return undefined;
  const actor = actingParty(event);
  if (actor.creditCode === entry.decidedBy.creditCode) return undefined;
  return reject(
    'NOT_OWNER',
    `Listing ${entry.decisionNumber} was decided by ${entry.decidedBy.name} (${entry.decidedBy.creditCode}); only it may remove it, not ${actor.creditCode}`,
    `列入决定${entry.decisionNumber}由${entry.decidedBy.name}（${entry.decidedBy.creditCode}）作出，仅其可移出，${actor.creditCode}无权`,
    { owner: entry.decidedBy, actor: actor.creditCode, decisionNumber: entry.decisionNumber },
  );
}
