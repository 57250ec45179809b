import { type CalendarDate, toShanghaiDate } from '../calendar';
import type { DishonestySeverity } from './display-periods';

/** One blacklist listing of a credit subject, as the credit stream knows it. */
export interface BlacklistEntry {
  creditCode: string;
  subjectName?: string;
  decisionNumber: string;
  severity: DishonestySeverity;
  decidedOn: CalendarDate;
  /** Earliest day a repair may take effect (Order 36 minimum). */
  repairableFrom: CalendarDate;
  /** Last day shown (the decision's own end, within the Order 36 maximum). */
  displayUntil: CalendarDate;
  /** Day the listing was removed (repair, expiry, revocation), if it was. */
  removedOn?: CalendarDate;
  /** The authority that entered the listing (the publisher, or whom it acted for): the only one that removes it. */
  decidedBy?: { name: string; creditCode: string };
}

/**
 * Is the subject on the blacklist at this moment? A listing is in force from its decision date through its
 * last display day, unless removed earlier (from the removal day on it no longer applies). Dates are read in
 * China Standard Time.
 */
export function isBlacklistedAt(
  entries: readonly BlacklistEntry[],
  creditCode: string,
  at: string | Date,
): boolean {
  return activeBlacklistEntries(entries, creditCode, at).length > 0;
}

export function activeBlacklistEntries(
  entries: readonly BlacklistEntry[],
  creditCode: string,
  at: string | Date,
): BlacklistEntry[] {
  const day = toShanghaiDate(at);
  return entries.filter(
    (entry) =>
      entry.creditCode === creditCode &&
      entry.decidedOn <= day &&
      day <= entry.displayUntil &&
      (entry.removedOn === undefined || day < entry.removedOn),
  );
}

/** How the service passes the blacklist in: the active entries, or a lookup over its credit registry. */
export type BlacklistLookup = (creditCode: string, atIso: string) => boolean | readonly BlacklistEntry[];
export type BlacklistSource = BlacklistLookup | readonly BlacklistEntry[];

/** The entries (or just `true`) that make the subject blacklisted at `atIso`; `[]` when it is not. */
export function blacklistHits(
  source: BlacklistSource | undefined,
  creditCode: string,
  atIso: string,
): readonly BlacklistEntry[] | true {
  if (source === undefined) return [];
  if (typeof source === 'function') {
    const answer = source(creditCode, atIso);
    if (answer === true) return true;
    if (answer === false) return [];
    return activeBlacklistEntries(answer, creditCode, atIso);
  }
  return activeBlacklistEntries(source as readonly BlacklistEntry[], creditCode, atIso);
}
