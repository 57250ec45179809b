import {
  CORRECTED_STAGE,
  CORRECTION_MOVED_DATES,
  type DomainEvent,
  isCorrectionEventType,
  restatedStageOf,
  type TransactionEventType,
} from '../events';
import type { StageChange } from './stage-change';

export type { StageChange };

export interface StageRevision {
  revision: number;
  eventType: TransactionEventType;
  change: StageChange;
  publishedAt: string;
}

export interface StagesInForce {
  /** Per stage, the data in force after the events: the stage's publication with every later change applied. */
  stages: Record<string, Record<string, unknown>>;
  /** Per stage, every revision that published or changed it, oldest first. */
  history: Record<string, StageRevision[]>;
}

/** The stage an event changes: a correction the stage it corrects, contract changes the contract. */
function stageOf(event: DomainEvent): { stage: string; change: StageChange } {
  if (isCorrectionEventType(event.type)) return { stage: CORRECTED_STAGE[event.type], change: 'corrected' };
  switch (event.type) {
    case 'ContractChanged':
      return { stage: 'ContractSigned', change: 'changed' };
    case 'AwardPublished':
      return { stage: event.type, change: event.data.reassignment ? 'replaced' : 'published' };
    default:
      return { stage: event.type, change: 'published' };
  }
}

/**
 * What each stage of a transaction said after `events`, every change applied: for every stage type, as
 * supervisors read it in the as-of view and diff (a correction shows in the announcement, a variation in
 * the contract), and which revisions made it so. A new announcement (a new round) starts the stages again.
 */
export function stagesInForce(events: readonly DomainEvent[], firstRevision = 0): StagesInForce {
  let stages: Record<string, Record<string, unknown>> = {};
  const history: Record<string, StageRevision[]> = {};
  events.forEach((event, i) => {
    const { stage, change } = stageOf(event);
    if (event.type === 'AnnouncementPublished') stages = {};
    const data = event.data as Record<string, unknown>;
    const current = stages[stage];
    if (isCorrectionEventType(event.type) && current) {
      const restated = restatedStageOf(event.type, data);
      const moved = Object.fromEntries(
        CORRECTION_MOVED_DATES.filter((k) => data[k] !== undefined).map((k) => [k, data[k]]),
      );
      stages[stage] = { ...current, ...restated, ...moved };
    } else if (event.type === 'ContractChanged' && current) {
      const amount = data.newContractAmount;
      stages[stage] = amount === undefined ? current : { ...current, contractAmount: amount };
    } else {
      stages[stage] = data;
    }
    // The change itself stays readable under its own type too (the latest one).
    if (stage !== event.type) stages[event.type] = data;
    (history[stage] ??= []).push({
      revision: firstRevision + i,
      eventType: event.type as TransactionEventType,
      change,
      publishedAt: event.metadata.publishedAt,
    });
  });
  return { stages, history };
}
