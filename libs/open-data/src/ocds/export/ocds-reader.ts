import type { EventStore } from '@gongkai/event-store';
import {
  listDisclosureLog,
  readPublicDisclosure,
  type DisclosureLogSearch,
  type ReadModelHandle,
} from '@gongkai/projections';
import { DOMAIN_PROFILES } from '../domain-profiles';
import type { OcdsRelease } from '../merge/merge';
import { transactionIdOfOcid } from '../ocid';
import { recordOf, type OcdsRecord } from '../packages';
import { releasesOfTransaction, type TransactionEvent } from '../release-mapper';

/**
 * OCDS from the public-disclosure read model (which disclosures, in what order, matching what filters) and the
 * store (the events themselves, redacted by the domain's public view): there is no other copy to drift.
 */

/** gongkai domains with an OCDS mapping (docs/ocds.md). */
export const OCDS_DOMAINS: readonly string[] = Object.keys(DOMAIN_PROFILES);

export interface ReleaseSearch extends Omit<DisclosureLogSearch, 'domains'> {
  /** One gongkai domain (`procurement`); every OCDS domain when unset. */
  domain?: string;
}

export interface ReleasePage {
  releases: OcdsRelease[];
  nextCursor: string | null;
}

/**
 * Windows of the disclosure log one request may walk when filters match rarely: a release package must hold at
 * least one release (OCDS's `minItems`), so an empty window is followed by the next, up to this many.
 */
export const MAX_WINDOWS_PER_PAGE = 20;

/**
 * A page of releases, one per public disclosure of an OCDS domain, in the order the store recorded them. Empty
 * only when nothing (more) matches, or after MAX_WINDOWS_PER_PAGE windows without a match (then with a cursor).
 */
export async function readReleasePage(
  handle: ReadModelHandle,
  store: EventStore,
  search: ReleaseSearch,
  ocidPrefix: string,
): Promise<ReleasePage> {
  const { domain, ...rest } = search;
  const domains = domain === undefined ? OCDS_DOMAINS : OCDS_DOMAINS.filter((d) => d === domain);
  let page = listDisclosureLog(handle, { ...rest, domains });
  for (
    let window = 1;
    page.items.length === 0 && page.nextCursor !== null && window < MAX_WINDOWS_PER_PAGE;
    window++
  )
    page = listDisclosureLog(handle, { ...rest, domains, cursor: page.nextCursor });
  const byTransaction = new Map<string, Map<string, OcdsRelease>>();
  for (const transactionId of new Set(page.items.map((item) => item.transactionId))) {
    const events = await publicEventsOf(handle, store, transactionId);
    const releases = releasesOfTransaction(events, ocidPrefix);
    byTransaction.set(transactionId, new Map(releases.map((m) => [m.eventId, m.release])));
  }
  const releases = page.items
    .map((item) => byTransaction.get(item.transactionId)?.get(item.eventId))
    .filter((release): release is OcdsRelease => release !== undefined);
  return { releases, nextCursor: page.nextCursor };
}

/** The record of one contracting process; undefined when the ocid is not one of ours or has no release. */
export async function readRecord(
  handle: ReadModelHandle,
  store: EventStore,
  ocid: string,
  ocidPrefix: string,
): Promise<OcdsRecord | undefined> {
  const transactionId = transactionIdOfOcid(ocidPrefix, ocid);
  if (transactionId === undefined) return undefined;
  const releases = releasesOfTransaction(await publicEventsOf(handle, store, transactionId), ocidPrefix);
  return releases.length > 0 ? recordOf(releases.map((m) => m.release)) : undefined;
}

async function publicEventsOf(
  handle: ReadModelHandle,
  store: EventStore,
  transactionId: string,
): Promise<TransactionEvent[]> {
  const disclosure = await readPublicDisclosure(handle, store, transactionId);
  return (disclosure?.disclosures ?? []).map((entry) => ({ revision: entry.revision, view: entry.view }));
}
