import type { DomainEvent } from '@gongkai/domain';

/**
 * "Missing stages": a stage that should have followed by now and has not. The decider refuses stages out of
 * order, so what can be missing is only a stage that never came. Each rule below opens an item when a stage
 * is published and names what closes it; the read model stores the due instant and a query asks which items
 * are still open past a given instant (apply stays deterministic: no clock is read here).
 *
 * The periods are supervision thresholds, not statutory deadlines (the statutory ones arrive as findings
 * with the late event itself):
 * - `result`: an announcement with no candidates, award or termination 60 days after bids closed;
 * - `award`: candidates publicised with no award 30 days after the publicity ended;
 * - `contract`: an award with no contract 30 days after the award notice (招标投标法 §46 and 政府采购法 §46
 *   give 30 days to sign; the late contract itself would carry a DEADLINE_MISSED finding).
 */
export const OPEN_ITEM_DAYS = { result: 60, award: 30, contract: 30 } as const;
export type Awaiting = keyof typeof OPEN_ITEM_DAYS;

export interface OpenItemChange {
  /** Items of the transaction this event settles. */
  close: Awaiting[];
  /** The item this event opens (or, for a correction that moves dates, re-dates). */
  open?: { awaiting: Awaiting; dueAt: string };
  /** When true, `open` only re-dates an item that is still open and never opens a new one. */
  redateOnly?: boolean;
}

const DAY_MS = 24 * 3600_000;

function plusDays(instant: string | undefined, days: number): string | undefined {
  if (instant === undefined) return undefined;
  const ms = Date.parse(instant);
  return Number.isNaN(ms) ? undefined : new Date(ms + days * DAY_MS).toISOString();
}

/** The instant bidding or trading closed, whichever the domain's announcement carries. */
function closingOf(data: Record<string, unknown>): string | undefined {
  for (const field of ['bidDeadline', 'tradingStart', 'listingEnd', 'announcementEnd', 'applicationEnd']) {
    const value = data[field];
    if (typeof value === 'string') return value;
  }
  return undefined;
}

function stringField(record: unknown, field: string): string | undefined {
  const value = (record as Record<string, unknown> | undefined)?.[field];
  return typeof value === 'string' ? value : undefined;
}

export function openItemChange(event: DomainEvent): OpenItemChange {
  const data = event.data as Record<string, unknown>;
  switch (event.type) {
    case 'AnnouncementPublished': {
      const dueAt = plusDays(closingOf(data) ?? event.metadata.publishedAt, OPEN_ITEM_DAYS.result);
      return {
        close: ['result', 'award', 'contract'],
        open: dueAt ? { awaiting: 'result', dueAt } : undefined,
      };
    }
    case 'AnnouncementCorrected': {
      const closing = closingOf(data);
      const dueAt = plusDays(closing, OPEN_ITEM_DAYS.result);
      return { close: [], open: dueAt ? { awaiting: 'result', dueAt } : undefined, redateOnly: true };
    }
    // A corrected publicity or award moves what is awaited after it (a longer publicity, a later notice).
    case 'CandidatesCorrected': {
      const dueAt = plusDays(stringField(event.data.restated, 'publicityEnd'), OPEN_ITEM_DAYS.award);
      return { close: [], open: dueAt ? { awaiting: 'award', dueAt } : undefined, redateOnly: true };
    }
    case 'AwardCorrected': {
      const restated = event.data.restated as Record<string, unknown>;
      const dueAt = plusDays(
        stringField(restated, 'awardNoticeIssued') ?? stringField(restated, 'winnerChosen'),
        OPEN_ITEM_DAYS.contract,
      );
      return { close: [], open: dueAt ? { awaiting: 'contract', dueAt } : undefined, redateOnly: true };
    }
    case 'CandidatesPublicized': {
      const dueAt = plusDays(event.data.publicityEnd, OPEN_ITEM_DAYS.award);
      return { close: ['result'], open: dueAt ? { awaiting: 'award', dueAt } : undefined };
    }
    case 'AwardPublished': {
      const dueAt = plusDays(
        event.data.awardNoticeIssued ?? event.data.winnerChosen,
        OPEN_ITEM_DAYS.contract,
      );
      return { close: ['result', 'award'], open: dueAt ? { awaiting: 'contract', dueAt } : undefined };
    }
    case 'ContractSigned':
      return { close: ['result', 'award', 'contract'] };
    case 'TransactionTerminated':
      return { close: ['result', 'award', 'contract'] };
    default:
      return { close: [] };
  }
}
