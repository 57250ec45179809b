import type { BilingualText, DeadlineRule, RuleSource } from '../calendar';
import type {
  CatalogueDomain,
  CatalogueEventType,
  DisclosureChannel,
  CataloguePublisherRole,
} from './vocabulary';

export const CATALOGUE_IDS = ['national', 'nantong', 'suzhou', 'shaoguan', 'jinjiang', 'tianjin'] as const;
export type CatalogueId = (typeof CATALOGUE_IDS)[number];

/** One line of a disclosure catalogue (公开目录): what is disclosed, by whom, how fast, where. */
export interface CatalogueItem {
  eventType: CatalogueEventType;
  /** Absent: the item applies to every domain that has no item of its own. */
  domain?: CatalogueDomain;
  /** The catalogue's own wording of the item. */
  title: BilingualText;
  /** Disclosure deadlines from the catalogue (statutes apply on top of these, see `statutoryRules`). */
  rules: DeadlineRule[];
  /** Roles allowed to publish it under 谁批准谁公开. */
  publishers: CataloguePublisherRole[];
  channels: DisclosureChannel[];
  /** The line of the seed this item was read from. */
  source: RuleSource;
}

export interface Catalogue {
  id: CatalogueId;
  name: BilingualText;
  /** GB/T 2260 code of the jurisdiction, `null` for the national defaults. */
  regionCode: string | null;
  /** The issuing document, e.g. `晋政办〔2018〕114号`. */
  document: string;
  items: CatalogueItem[];
}
