import type { BilingualText, DeadlineRule, RuleSource } from '../../calendar';
import type { CatalogueId, CatalogueItem } from '../catalogue';
import { FACT_ANCHORS } from '../fact-anchors';
import { decisionWithin7WorkingDays, formedWithin20WorkingDays } from '../rule-builders';
import type {
  CatalogueDomain,
  CatalogueEventType,
  CataloguePublisherRole,
  DisclosureChannel,
} from '../vocabulary';

/**
 * Builds the deadline rules of one item; `idPrefix` makes rule ids unique (`suzhou.procurement.AwardPublished`),
 * `eventType` says which fact the rules count from.
 */
export type RuleFactory = (idPrefix: string, source: RuleSource, eventType: CatalogueEventType) => DeadlineRule[];

/** The plan's 公开时效: 20 working days from the event's own fact (政府信息公开条例 第二十六条). */
export const formed20: RuleFactory = (idPrefix, source, eventType) => [
  formedWithin20WorkingDays(idPrefix, source, FACT_ANCHORS[eventType]),
];
/** Administrative penalties and licences: 7 working days from the decision (双公示). */
export const penalty7: RuleFactory = (idPrefix, source) => [decisionWithin7WorkingDays(idPrefix, source)];
/** Published together with the announcement: no deadline of its own to check. */
export const withTheAnnouncement: RuleFactory = () => [];

/**
 * One row of a seed catalogue. A row naming several stages (招标公告、资格审查…中标结果) becomes one item
 * per event type, all citing the same row.
 */
export interface CatalogueRow {
  eventTypes: readonly CatalogueEventType[];
  /** Absent: the row applies to every domain. */
  domain?: CatalogueDomain;
  title: BilingualText;
  rules: RuleFactory;
  publishers: readonly CataloguePublisherRole[];
  channels: readonly DisclosureChannel[];
  source: RuleSource;
}

/** The items of a catalogue, in row order and, within a row, in the order of its event types. */
export function itemsFromRows(catalogueId: CatalogueId, rows: readonly CatalogueRow[]): CatalogueItem[] {
  return rows.flatMap((row) =>
    row.eventTypes.map((eventType): CatalogueItem => {
      const idPrefix = [catalogueId, row.domain, eventType].filter(Boolean).join('.');
      return {
        eventType,
        ...(row.domain ? { domain: row.domain } : {}),
        title: row.title,
        rules: row.rules(idPrefix, row.source, eventType),
        publishers: [...row.publishers],
        channels: [...row.channels],
        source: row.source,
      };
    }),
  );
}
