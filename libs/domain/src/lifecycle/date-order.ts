import type { DomainEvent } from '../events';
import { instantMillis } from '../identifiers';
import { reject, type Rejection } from './rejections';

/** Dates that contradict each other: a hard invariant (DATE_CONTRADICTION), unlike lateness. */
type Refusal = { ok: false; rejection: Rejection };

function dateContradiction(en: string, zh: string, details: Record<string, unknown>): Refusal {
  return reject('DATE_CONTRADICTION', en, zh, details);
}

/** `earlier` must not come after `later`. */
export function ordered(
  earlier: [string, string | undefined],
  later: [string, string | undefined],
): Refusal | undefined {
  const [aName, a] = earlier;
  const [bName, b] = later;
  if (a === undefined || b === undefined) return undefined;
  if (instantMillis(a) <= instantMillis(b)) return undefined;
  return dateContradiction(
    `${aName} (${a}) is after ${bName} (${b})`,
    `${aName}（${a}）晚于${bName}（${b}）`,
    { [aName]: a, [bName]: b },
  );
}

/** Pairs inside one event's data that must be in order. */
const INTERNAL_ORDER: Array<[string, string]> = [
  ['documentsIssueStart', 'documentsIssueEnd'],
  ['documentsIssueStart', 'bidDeadline'],
  ['announcementStart', 'announcementEnd'],
  ['listingStart', 'listingEnd'],
  ['applicationStart', 'applicationEnd'],
  ['publicityStart', 'publicityEnd'],
  ['evaluationReportReceived', 'publicityStart'],
  ['winnerChosen', 'awardNoticeIssued'],
];

export function internalDates(event: DomainEvent): Refusal | undefined {
  const found = ordered(
    ['occurredAt', event.metadata.occurredAt],
    ['publishedAt', event.metadata.publishedAt],
  );
  if (found) return found;
  const data = event.data as Record<string, unknown>;
  for (const [a, b] of INTERNAL_ORDER) {
    const va = data[a];
    const vb = data[b];
    const refusal = ordered(
      [a, typeof va === 'string' ? va : undefined],
      [b, typeof vb === 'string' ? vb : undefined],
    );
    if (refusal) return refusal;
  }
  return undefined;
}
