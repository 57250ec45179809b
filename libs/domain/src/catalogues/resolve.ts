import type { Catalogue, CatalogueId, CatalogueItem } from './catalogue';
import { CATALOGUES, NATIONAL_CATALOGUE } from './data';
import { assertRegionCode, regionContains, regionPrefix } from './region-code';
import type { CatalogueDomain, CatalogueEventType } from './vocabulary';

/** A catalogue item together with the catalogue that answered for it. */
export interface ResolvedItem {
  item: CatalogueItem;
  catalogueId: CatalogueId;
  catalogueName: Catalogue['name'];
  /** `domain`: the item names the domain; `allDomains`: a general item without a domain answered. */
  matchedBy: 'domain' | 'allDomains';
}

/** The effective catalogue of a region: national items overridden item by item by each jurisdiction. */
export interface ResolvedCatalogue {
  regionCode: string;
  /** Catalogues applied, from the national defaults to the most specific jurisdiction. */
  chain: CatalogueId[];
  items: Array<{ item: CatalogueItem; catalogueId: CatalogueId }>;
}

const itemKey = (item: Pick<CatalogueItem, 'eventType' | 'domain'>): string =>
  `${item.eventType}/${item.domain ?? '*'}`;

/** The jurisdictions whose area contains the code, least specific first. */
function jurisdictionsOf(regionCode: string): Catalogue[] {
  return CATALOGUES.filter((c) => c.regionCode !== null && regionContains(c.regionCode, regionCode)).sort(
    (a, b) => regionPrefix(a.regionCode ?? '').length - regionPrefix(b.regionCode ?? '').length,
  );
}

/**
 * The catalogue in force for a region code (GB/T 2260). A code under a catalogued city or county resolves to
 * it by prefix (`320602` → Nantong); a code outside every jurisdiction gets the national defaults.
 * @throws InvalidRegionCode
 */
export function resolveCatalogue(regionCode: string): ResolvedCatalogue {
  // Catalogues are immutable data, so the effective catalogue of a code never changes: build it once.
  const known = resolvedByRegion.get(regionCode);
  if (known) return known;
  const resolved = buildResolvedCatalogue(regionCode);
  resolvedByRegion.set(regionCode, resolved);
  return resolved;
}

const resolvedByRegion = new Map<string, ResolvedCatalogue>();

function buildResolvedCatalogue(regionCode: string): ResolvedCatalogue {
  assertRegionCode(regionCode);
  const chain = [NATIONAL_CATALOGUE, ...jurisdictionsOf(regionCode)];
  const effective = new Map<string, { item: CatalogueItem; catalogueId: CatalogueId }>();
  for (const catalogue of chain) {
    for (const item of catalogue.items) effective.set(itemKey(item), { item, catalogueId: catalogue.id });
  }
  // Frozen: every caller shares the memoized value.
  return Object.freeze({
    regionCode,
    chain: Object.freeze(chain.map((c) => c.id)) as CatalogueId[],
    items: Object.freeze(
      [...effective.values()].map((entry) => Object.freeze(entry)),
    ) as ResolvedCatalogue['items'],
  });
}

/**
 * The item governing an event type in a domain for a region: the domain's own item if any catalogue in the
 * chain has one, else the general item. `undefined` when no catalogue lists the event type.
 */
export function catalogueItemFor(
  regionCode: string,
  eventType: CatalogueEventType,
  domain?: CatalogueDomain,
): ResolvedItem | undefined {
  const key = `${regionCode}|${eventType}|${domain ?? '*'}`;
  if (itemsByKey.has(key)) return itemsByKey.get(key);
  const found = findCatalogueItem(regionCode, eventType, domain);
  itemsByKey.set(key, found);
  return found;
}

/** Memo of catalogueItemFor; the keys are bounded by the region codes in use times the event types. */
const itemsByKey = new Map<string, ResolvedItem | undefined>();

function findCatalogueItem(
  regionCode: string,
  eventType: CatalogueEventType,
  domain?: CatalogueDomain,
): ResolvedItem | undefined {
  const { items } = resolveCatalogue(regionCode);
  const exact =
    domain === undefined ? undefined : items.find((e) => itemKey(e.item) === itemKey({ eventType, domain }));
  const general = items.find((e) => itemKey(e.item) === itemKey({ eventType }));
  const found = exact ?? general;
  if (!found) return undefined;
  const catalogue = CATALOGUES.find((c) => c.id === found.catalogueId) ?? NATIONAL_CATALOGUE;
  return Object.freeze({
    item: found.item,
    catalogueId: found.catalogueId,
    catalogueName: catalogue.name,
    matchedBy: exact ? 'domain' : 'allDomains',
  });
}
