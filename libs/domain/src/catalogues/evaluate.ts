import {
  type AnchorDates,
  checkRule,
  type DeadlineRule,
  type CalendarDate,
  type ProvisionalMark,
  type ScopeFacts,
  type StatutoryCalendar,
  statutoryCalendar,
  type TimingFinding,
} from '../calendar';
import type { CatalogueId, CatalogueItem } from './catalogue';
import { catalogueItemFor } from './resolve';
import { scopeOutcome } from './scope';
import { statutoryRulesFor } from './statutory-rules';
import {
  type CatalogueDomain,
  type CatalogueEventType,
  CATALOGUE_PUBLISHER_ROLES,
  type CataloguePublisherRole,
} from './vocabulary';

/** Where an applicable rule comes from: national law, or the catalogue item that answered. */
export type RuleOrigin = { origin: 'statute' } | { origin: 'catalogue'; catalogueId: CatalogueId };

export type ApplicableRule = RuleOrigin & { rule: DeadlineRule };

export type CatalogueFinding = TimingFinding & RuleOrigin;

export interface TimingInput {
  /** GB/T 2260 code of the publishing jurisdiction (metadata.regionCode). */
  regionCode: string;
  eventType: CatalogueEventType;
  domain?: CatalogueDomain;
  /** What is known of the event's dates; see DATE_ANCHORS and docs/deadlines.md. */
  dates: AnchorDates;
  /** What is known of the transaction, for rules that bind only some (procurement method, 依法必须招标…). */
  facts?: ScopeFacts;
}

export interface TimingEvaluation {
  regionCode: string;
  /** The catalogue whose item governs the event; `null` when no catalogue lists it. */
  catalogueId: CatalogueId | null;
  item?: CatalogueItem;
  /** Breaches: late disclosure, missed deadline, period too short. */
  findings: CatalogueFinding[];
  met: Array<
    RuleOrigin & {
      ruleId: string;
      from: CalendarDate;
      due: CalendarDate;
      actual: CalendarDate;
    } & Partial<ProvisionalMark>
  >;
  /** Rules that could not be checked: a date was not given, or a year lies beyond the calendar. */
  unchecked: Array<
    RuleOrigin & { ruleId: string } & (
        | { reason: 'missingDates'; missing: string[] }
        | { reason: 'scopeUnknown'; missing: string[] }
        | { reason: 'calendarNotCovered'; year: number; message: string }
      )
  >;
  /** Years without an official arrangement that any check (met or breached) relied on; empty when none. */
  provisionalYears: number[];
  /** Rules whose statute does not bind this transaction (a 询价 is not held to the tendering periods). */
  outOfScope: Array<RuleOrigin & { ruleId: string }>;
}

/** The statutory rules for the event plus the rules of the catalogue item in force for the region. */
export function rulesFor(
  regionCode: string,
  eventType: CatalogueEventType,
  domain?: CatalogueDomain,
): ApplicableRules {
  // Statutes and catalogues are immutable data: the rules of a (region, event type, domain) never change.
  const key = `${regionCode}|${eventType}|${domain ?? '*'}`;
  let rules = rulesByKey.get(key);
  if (!rules) {
    rules = Object.freeze(collectRules(regionCode, eventType, domain));
    rulesByKey.set(key, rules);
  }
  return rules;
}

export interface ApplicableRules {
  catalogueId: CatalogueId | null;
  item?: CatalogueItem;
  rules: ApplicableRule[];
}

const rulesByKey = new Map<string, ApplicableRules>();

function collectRules(
  regionCode: string,
  eventType: CatalogueEventType,
  domain?: CatalogueDomain,
): ApplicableRules {
  const resolved = catalogueItemFor(regionCode, eventType, domain);
  const statutory: ApplicableRule[] = statutoryRulesFor(eventType, domain).map((rule) => ({
    origin: 'statute',
    rule,
  }));
  if (!resolved) return { catalogueId: null, rules: statutory };
  const fromCatalogue: ApplicableRule[] = resolved.item.rules.map((rule) => ({
    origin: 'catalogue',
    catalogueId: resolved.catalogueId,
    rule,
  }));
  return { catalogueId: resolved.catalogueId, item: resolved.item, rules: [...statutory, ...fromCatalogue] };
}

/**
 * Check every applicable deadline for one event. Never throws for lateness or an uncovered year: timing is a
 * finding for supervisors, not a reason to refuse the event.
 * @throws InvalidRegionCode, InvalidCalendarDate for malformed input
 */
export function evaluateTiming(
  input: TimingInput,
  calendar: StatutoryCalendar = statutoryCalendar,
): TimingEvaluation {
  const { catalogueId, item, rules } = rulesFor(input.regionCode, input.eventType, input.domain);
  const evaluation: TimingEvaluation = {
    regionCode: input.regionCode,
    catalogueId,
    ...(item ? { item } : {}),
    findings: [],
    met: [],
    unchecked: [],
    provisionalYears: [],
    outOfScope: [],
  };
  const provisionalYears = new Set<number>();
  for (const applicable of rules) {
    const ruleId = applicable.rule.id;
    // The origin's fields, then the rule's id, written out rather than spread: spreading a small object into a
    // literal cost a few µs per entry, several entries per event, on every write.
    const head = (): RuleOrigin & { ruleId: string } =>
      applicable.origin === 'statute'
        ? { origin: 'statute', ruleId }
        : { origin: 'catalogue', catalogueId: applicable.catalogueId, ruleId };
    const scope = scopeOutcome(applicable.rule.scope, input.facts);
    if (scope.applies === false) {
      evaluation.outOfScope.push(head());
      continue;
    }
    if (scope.applies === 'unknown') {
      evaluation.unchecked.push(
        Object.assign(head(), { reason: 'scopeUnknown' as const, missing: scope.missing }),
      );
      continue;
    }
    const outcome = checkRule(applicable.rule, input.dates, calendar);
    const mark = outcome.status === 'breached' ? outcome.finding : outcome;
    if ('provisionalYears' in mark)
      for (const year of mark.provisionalYears ?? []) provisionalYears.add(year);
    switch (outcome.status) {
      case 'breached':
        evaluation.findings.push({
          ...outcome.finding,
          ...(applicable.origin === 'statute'
            ? { origin: 'statute' }
            : { origin: 'catalogue', catalogueId: applicable.catalogueId }),
        });
        break;
      case 'met': {
        const met: TimingEvaluation['met'][number] = Object.assign(head(), {
          from: outcome.from,
          due: outcome.due,
          actual: outcome.actual,
        });
        if (outcome.provisional) {
          met.provisional = outcome.provisional;
          met.provisionalYears = outcome.provisionalYears;
          met.provisionalBasis = outcome.provisionalBasis;
        }
        evaluation.met.push(met);
        break;
      }
      case 'unchecked':
        evaluation.unchecked.push(
          outcome.reason === 'missingDates'
            ? Object.assign(head(), { reason: outcome.reason, missing: outcome.missing })
            : Object.assign(head(), { reason: outcome.reason, year: outcome.year, message: outcome.message }),
        );
        break;
    }
  }
  evaluation.provisionalYears = [...provisionalYears].sort((a, b) => a - b);
  return evaluation;
}

/**
 * May a publisher with this role publish this event type here (谁批准谁公开)? When no catalogue lists the
 * event type, every role is allowed and `catalogueId` is `null`.
 */
export function publisherAllowed(
  regionCode: string,
  eventType: CatalogueEventType,
  domain: CatalogueDomain | undefined,
  role: CataloguePublisherRole,
): { allowed: boolean; allowedRoles: readonly CataloguePublisherRole[]; catalogueId: CatalogueId | null } {
  const resolved = catalogueItemFor(regionCode, eventType, domain);
  if (!resolved) return { allowed: true, allowedRoles: CATALOGUE_PUBLISHER_ROLES, catalogueId: null };
  return {
    allowed: resolved.item.publishers.includes(role),
    allowedRoles: resolved.item.publishers,
    catalogueId: resolved.catalogueId,
  };
}
