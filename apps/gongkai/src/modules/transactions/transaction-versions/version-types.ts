/**
 * What the versions and diff APIs answer: the one declaration, used by the service and, type-only, by the console
 * (apps/gongkai/web). Imports only files without imports of their own (the console's typecheck is DOM-only).
 */
import type { StageChange } from '../../../../../../libs/domain/src/lifecycle/stage-change';

/** One version of a transaction: what the trail said after one more event. */
export interface VersionSummary {
  revision: number;
  position: number;
  eventId: string;
  eventType: string;
  occurredAt: string;
  publishedAt: string;
  recordedAt: string;
  publisher: { name: string; creditCode: string };
  publisherRole: string;
  /** The stage this version published or changed (a correction changes the announcement), and how. */
  stage: string;
  change: StageChange;
  hash: string;
  /** Codes of the findings stored with the event (late disclosure, period too short…). */
  findings: string[];
}

export interface FieldChange {
  /** Dotted path (`stages.AwardPublished.bidAmount`, `state.candidates.parties.0.name`). */
  path: string;
  change: 'added' | 'removed' | 'changed';
  before?: unknown;
  after?: unknown;
}
