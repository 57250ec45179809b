import {
  replayTransaction,
  stateForReaders,
  stagesInForce,
  toPublicView,
  type DomainEvent,
  type TransactionState,
} from '@gongkai/domain';
import type { TransactionTrail } from '../core/transaction-reader';
import type { FieldChange, VersionSummary } from './version-types';

export type { FieldChange, VersionSummary };

/** The transaction as of one revision: its folded state and, per stage, its data with every change applied. */
export interface VersionDocument {
  revision: number;
  state: TransactionState;
  stages: Record<string, Record<string, unknown>>;
}

function publicEvent(event: DomainEvent): DomainEvent {
  const { redacted: _redacted, ...view } = toPublicView(event);
  return view as DomainEvent;
}

/** The events as the caller may see them (public views unless `full`). */
export function visibleEvents(trail: TransactionTrail, full: boolean): DomainEvent[] {
  return full ? trail.events : trail.events.map(publicEvent);
}

export function versionSummaries(trail: TransactionTrail): VersionSummary[] {
  const { history } = stagesInForce(trail.events);
  const stageOf = new Map(
    Object.entries(history).flatMap(([stage, revisions]) =>
      revisions.map((r) => [r.revision, { stage, change: r.change }]),
    ),
  );
  return trail.events.map((event, i) => {
    const recorded = trail.recorded[i]!;
    const findings = (recorded.metadata as { findings?: unknown }).findings;
    return {
      revision: recorded.revision,
      position: recorded.position,
      eventId: event.id,
      eventType: event.type,
      occurredAt: event.metadata.occurredAt,
      publishedAt: event.metadata.publishedAt,
      recordedAt: recorded.recordedAt,
      publisher: event.metadata.publisher,
      publisherRole: event.metadata.publisherRole,
      ...stageOf.get(i)!,
      hash: recorded.hash,
      findings: Array.isArray(findings)
        ? findings.flatMap((f) =>
            typeof (f as { code?: unknown })?.code === 'string' ? [(f as { code: string }).code] : [],
          )
        : [],
    };
  });
}

/**
 * The version in force at an instant: the last revision recorded by then (`recorded`, what the trail held),
 * or the last one whose publication was by then (`published`, what the public could have read). Undefined
 * before the first.
 */
export function revisionInForce(
  versions: readonly VersionSummary[],
  at: string,
  by: 'recorded' | 'published',
): number | undefined {
  const cutoff = Date.parse(at);
  let inForce: number | undefined;
  for (const version of versions) {
    const instant = Date.parse(by === 'recorded' ? version.recordedAt : version.publishedAt);
    if (instant <= cutoff) inForce = version.revision;
    else if (by === 'recorded') break;
  }
  return inForce;
}

/** The document after `revision` (events 0..revision), from the events the caller may see. */
export function versionDocument(events: readonly DomainEvent[], revision: number): VersionDocument {
  const included = events.slice(0, revision + 1);
  return {
    revision,
    state: stateForReaders(replayTransaction(included)),
    stages: stagesInForce(included).stages,
  };
}

function flatten(value: unknown, prefix: string, into: Map<string, unknown>): Map<string, unknown> {
  if (value !== null && typeof value === 'object') {
    const entries = Array.isArray(value)
      ? value.map((v, i) => [String(i), v] as const)
      : Object.entries(value);
    if (entries.length === 0) into.set(prefix, value);
    for (const [key, child] of entries) flatten(child, prefix ? `${prefix}.${key}` : key, into);
  } else if (value !== undefined) {
    into.set(prefix, value);
  }
  return into;
}

/** Field-by-field changes from one document to another, in path order. */
export function diffDocuments(from: VersionDocument, to: VersionDocument): FieldChange[] {
  const before = flatten({ state: from.state, stages: from.stages }, '', new Map());
  const after = flatten({ state: to.state, stages: to.stages }, '', new Map());
  const paths = [...new Set([...before.keys(), ...after.keys()])].sort();
  const changes: FieldChange[] = [];
  for (const path of paths) {
    const had = before.has(path);
    const has = after.has(path);
    const a = before.get(path);
    const b = after.get(path);
    if (had && !has) changes.push({ path, change: 'removed', before: a });
    else if (!had && has) changes.push({ path, change: 'added', after: b });
    else if (JSON.stringify(a) !== JSON.stringify(b))
      changes.push({ path, change: 'changed', before: a, after: b });
  }
  return changes;
}
