import type { CatalogueEventType, DomainEvent, TransactionEventType } from '@gongkai/domain';
import { openItemChange, type Awaiting } from '../supervision-findings/open-items';

/**
 * The stages of a round, in the order the decider accepts them. A catalogue item of one of these stages is
 * expected in every round: it falls due when a later stage is published without it, or when its supervision
 * period (open-items.ts) runs out. Items of other event types (corrections, changes, complaint decisions) are
 * only counted when they happen: nothing says they must.
 */
export const LIFECYCLE_STAGES = [
  'AnnouncementPublished',
  'QualificationResultPublished',
  'CandidatesPublicized',
  'AwardPublished',
  'ContractSigned',
] as const satisfies readonly TransactionEventType[];
export type LifecycleStage = (typeof LIFECYCLE_STAGES)[number];

export function isLifecycleStage(type: string): type is LifecycleStage {
  return (LIFECYCLE_STAGES as readonly string[]).includes(type);
}

export const stageIndex = (type: LifecycleStage): number => LIFECYCLE_STAGES.indexOf(type);

/** The stage whose item an awaited open item stands for; `result` is the first stage after the announcement. */
const AWAITED_STAGES: Record<Awaiting, readonly LifecycleStage[]> = {
  result: ['CandidatesPublicized', 'AwardPublished'],
  award: ['AwardPublished'],
  contract: ['ContractSigned'],
};

/**
 * The due instant this event sets on a later stage, as the supervision thresholds read it (60 days after
 * bids close for a result, 30 after the publicity for the award, 30 after the award notice for the contract).
 * `candidates` are the stages listed in order of preference: the first one the catalogue lists gets the date.
 */
export function dueDateSet(
  event: DomainEvent,
): { stages: readonly LifecycleStage[]; dueAt: string } | undefined {
  const change = openItemChange(event);
  if (!change.open || change.redateOnly) return undefined;
  return { stages: AWAITED_STAGES[change.open.awaiting], dueAt: change.open.dueAt };
}

/** Finding codes that make a disclosure late (a period too short is a different breach). */
export const LATE_CODES: readonly string[] = ['LATE_DISCLOSURE', 'DEADLINE_MISSED'];

export type CatalogueStageType = CatalogueEventType;
