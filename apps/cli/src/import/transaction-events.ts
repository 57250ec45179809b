import {
  CURRENT_SCHEMA_VERSION,
  NATIONAL_RECORD_FIELDS,
  SUBJECTS,
  eventDataSchemas,
  type CatalogueDomain,
  parseDomainEvent,
  type CataloguePublisherRole,
  type DomainEvent,
  type Party,
} from '@gongkai/domain';
import { importedEventId } from './event-ids';
import { DATA_SET_IMPORTS, RecordView, STAGE_RANK, SpecValueError, type StageBuild } from './national';
import { rejectedRow, type RejectedRow, type SourceRow } from './source-row';

/** Who the imported events are published by: the importing centre, as its token says (docs/cli.md). */
export interface ImportPublisher {
  publisher: Party;
  publisherRole: CataloguePublisherRole;
  /** The region of a transaction whose records name none. */
  regionCode: string;
  sourceSystem: string;
}

/** An event built from source records, with the rows it came from (the main one first) for the report. */
export interface ImportedEvent {
  event: DomainEvent;
  rows: SourceRow[];
}

export interface TransactionBuild {
  streamId: string;
  events: ImportedEvent[];
  /** Rows refused while mapping or validating. When any is, the transaction's events are not appended. */
  rejected: RejectedRow[];
  /** Rows taken (parts included), for the progress count. */
  rows: number;
}

/** Where a record names the region of its transaction, by data set (the forward mapping's REGION_CODE). */
const REGION_FIELDS = ['REGION_CODE', 'LAND_DISTRICT'] as const;

interface Stage {
  view: RecordView;
  rank: number;
  type: keyof typeof STAGE_RANK;
}

/**
 * The events of one transaction from all of its records: each stage record (with the parts it joins) is one
 * event, in lifecycle order; every event repeats the transaction's subject group as the first one states it.
 * Any rejected row rejects the whole transaction (nothing half-written): the others are reported as not
 * imported because of it.
 */
export function buildTransaction(
  streamId: string,
  rows: readonly SourceRow[],
  publisher: ImportPublisher,
): TransactionBuild {
  const views = rows.map((row) => new RecordView(row));
  const byDataSet = new Map<string, RecordView[]>();
  for (const view of views) {
    const list = byDataSet.get(view.dataSet) ?? [];
    list.push(view);
    byDataSet.set(view.dataSet, list);
  }
  const transaction = { of: (dataSet: string) => byDataSet.get(dataSet) ?? [] };
  const rejected: RejectedRow[] = [];
  const stages: Stage[] = [];
  for (const view of views) {
    const stage = DATA_SET_IMPORTS.get(view.dataSet)?.stage;
    if (!stage) continue;
    try {
      const type = stage.of(view);
      stages.push({ view, type, rank: STAGE_RANK[type] });
    } catch (error) {
      rejected.push(rejectedRow(view.source, reasonOf(error)));
    }
  }
  stages.sort(
    (a, b) =>
      a.rank - b.rank ||
      a.view.source.file.localeCompare(b.view.source.file) ||
      a.view.source.row - b.view.source.row,
  );
  if (stages.length === 0 && rejected.length === 0) {
    for (const view of views) {
      rejected.push(
        rejectedRow(
          view.source,
          `no stage record of transaction ${streamId} joins this record (e.g. its 503, 551, 600 or 700)`,
        ),
      );
    }
  }

  const events: ImportedEvent[] = [];
  const seen = new Map<string, SourceRow>();
  let subject: Record<string, unknown> | undefined;
  let announcement: Record<string, unknown> | undefined;
  let regionCode: string | undefined;
  const used = new Set<RecordView>();
  for (const { view } of stages) {
    const entry = DATA_SET_IMPORTS.get(view.dataSet)!;
    let built: StageBuild;
    try {
      built = entry.stage!.build(view, transaction);
    } catch (error) {
      rejected.push(rejectedRow(view.source, reasonOf(error)));
      continue;
    }
    if (built.type === 'AnnouncementPublished' && announcement) built = asCorrection(built, entry.domain);
    if (built.type === 'AnnouncementPublished')
      announcement = pick(built.data, announcementFields(entry.domain));
    const restated = built.data.restatedAnnouncement as Record<string, unknown> | undefined;
    if (restated && announcement) {
      // The record restates what it carries; the rest stands as announced (a price no 600 record holds).
      built = { ...built, data: { ...built.data, restatedAnnouncement: { ...announcement, ...restated } } };
    }
    const id = importedEventId(view.dataSet, `${entry.domain}|${entry.key(view)}`, built.type);
    const duplicate = seen.get(id);
    if (duplicate) {
      rejected.push(
        rejectedRow(
          view.source,
          `same ${view.dataSet} key as ${duplicate.file} row ${duplicate.row}: one record per key`,
        ),
      );
      continue;
    }
    seen.set(id, view.source);
    regionCode ??= [view, ...built.parts].map(regionOf).find((r) => r !== undefined) ?? publisher.regionCode;
    const data = { domain: entry.domain, ...(subject ?? {}), ...built.data };
    subject ??= pick(data, Object.keys(SUBJECTS[entry.domain].shape));
    const parsed = parseDomainEvent({
      id,
      type: built.type,
      schemaVersion: CURRENT_SCHEMA_VERSION[built.type],
      data,
      metadata: {
        publisher: publisher.publisher,
        publisherRole: publisher.publisherRole,
        regionCode,
        sourceSystem: publisher.sourceSystem,
        occurredAt: built.occurredAt,
        publishedAt: built.publishedAt,
        imported: {
          source: 'national-data-spec',
          records: [view, ...built.parts].map(
            (v) => `${v.dataSet}:${DATA_SET_IMPORTS.get(v.dataSet)!.key(v)}`,
          ),
          ...(built.inferred.length > 0 ? { inferred: built.inferred } : {}),
        },
      },
    });
    if (!parsed.success) {
      const issues = parsed.issues.map((issue) => `${issue.path}: ${issue.message}`).join('; ');
      rejected.push(rejectedRow(view.source, `${built.type} does not validate: ${issues}`));
      continue;
    }
    for (const part of built.parts) used.add(part);
    used.add(view);
    events.push({ event: parsed.event, rows: [view.source, ...built.parts.map((p) => p.source)] });
  }
  for (const view of views) {
    if (
      !used.has(view) &&
      !DATA_SET_IMPORTS.get(view.dataSet)?.stage &&
      events.length > 0 &&
      rejected.length === 0
    ) {
      rejected.push(
        rejectedRow(
          view.source,
          `no stage record of ${streamId} joins this ${view.dataSet} record (its key matches none)`,
        ),
      );
    }
  }
  if (rejected.length > 0) {
    const refused = new Set(rejected.map((r) => `${r.file}\n${r.row}`));
    const first = rejected[0]!;
    for (const view of views) {
      if (refused.has(`${view.source.file}\n${view.source.row}`)) continue;
      rejected.push(
        rejectedRow(
          view.source,
          `not imported: ${first.file} row ${first.row} of the same transaction (${streamId}) was rejected`,
        ),
      );
    }
    return { streamId, events: [], rejected, rows: rows.length };
  }
  return { streamId, events, rejected, rows: rows.length };
}

/** The fields of a domain's announcement proper: what a correction restates (no subject, no record fields). */
function announcementFields(domain: CatalogueDomain): string[] {
  const variant = (
    eventDataSchemas.AnnouncementPublished as unknown as { options: { shape: Record<string, unknown> }[] }
  ).options.find((option) => (option.shape.domain as { value?: unknown }).value === domain)!;
  const excluded = new Set([
    'domain',
    ...Object.keys(SUBJECTS[domain].shape),
    ...Object.keys(NATIONAL_RECORD_FIELDS),
  ]);
  return Object.keys(variant.shape).filter((key) => !excluded.has(key));
}

/**
 * A second announcement record of a transaction (650/651 and 700 are resent whole when corrected): a
 * correction restating the announcement, dated by its publication.
 */
function asCorrection(built: StageBuild, domain: CatalogueDomain): StageBuild {
  const fields = new Set(announcementFields(domain));
  const restated = pick(built.data, [...fields]);
  const rest = Object.fromEntries(Object.entries(built.data).filter(([key]) => !fields.has(key)));
  const title = typeof restated.title === 'string' ? restated.title : 'announcement';
  return {
    ...built,
    type: 'AnnouncementCorrected',
    data: {
      ...rest,
      correctedAt: built.publishedAt,
      reason: title,
      corrections: [{ field: 'announcement', after: title }],
      restatedAnnouncement: restated,
    },
    occurredAt: built.publishedAt,
    inferred: [...built.inferred, { field: 'correctedAt', from: "the resent record's publication time" }],
  };
}

function regionOf(view: RecordView): string | undefined {
  for (const field of REGION_FIELDS) {
    const value = view.text(field);
    if (value !== undefined) return value;
  }
  return undefined;
}

function pick(data: Record<string, unknown>, keys: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(keys.filter((key) => data[key] !== undefined).map((key) => [key, data[key]]));
}

export function reasonOf(error: unknown): string {
  if (error instanceof SpecValueError) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}
