import type { AnchorDates, DeadlineRule, ScopeFacts } from '../calendar';
import { CATALOGUES } from './data';
import { evaluateTiming } from './evaluate';
import { STATUTORY_RULES } from './statutory-rules';
import type { CatalogueDomain, CatalogueEventType } from './vocabulary';

/**
 * A probe of every rule with the statute's own anchor (issue 15, "done when"): the rule's `from` date, a target
 * that breaks it, and a metadata.occurredAt that would hide the breach if the rule still counted from it. Each
 * rule must raise its finding in the jurisdiction whose catalogue (or statute) holds it.
 */
const FROM = '2026-03-02';
const LATE = '2026-06-30';

/** Facts inside the rule's scope. */
function factsFor(rule: DeadlineRule): ScopeFacts {
  const scope = rule.scope;
  if (!scope) return {};
  return {
    ...(scope.methods ? { method: scope.methods[0] } : {}),
    ...(scope.tenderingRequired ? { tenderingRequired: true } : {}),
    ...(scope.affectsPreparation ? { affectsPreparation: true } : {}),
    ...(scope.propertyTransactionKinds ? { propertyTransactionKind: scope.propertyTransactionKinds[0] } : {}),
    ...(scope.reservePrice ? { reservePrice: scope.reservePrice.atMost ?? '99999999999' } : {}),
  };
}

/** Dates that break the rule when counted from its own anchor, and meet it when counted from occurredAt. */
function breakingDates(rule: DeadlineRule): AnchorDates {
  if (rule.kind === 'within') {
    // occurredAt on the target day: a rule counting from it would find the target on time.
    // Anchors last: for the announcement, occurredAt is the rule's own anchor.
    return { occurredAt: LATE, publishedAt: FROM, [rule.from]: FROM, [rule.subject]: LATE };
  }
  return { occurredAt: FROM, publishedAt: FROM, [rule.from]: FROM, [rule.until]: FROM };
}

interface Probe {
  where: string;
  regionCode: string;
  eventType: CatalogueEventType;
  domain: CatalogueDomain | undefined;
  rule: DeadlineRule;
}

const probes: Probe[] = [
  ...STATUTORY_RULES.flatMap((set) =>
    set.rules.map((rule) => ({
      where: 'statute',
      regionCode: '110101',
      eventType: set.eventType,
      domain: set.domain,
      rule,
    })),
  ),
  ...CATALOGUES.flatMap((catalogue) =>
    catalogue.items.flatMap((item) =>
      item.rules.map((rule) => ({
        where: catalogue.id,
        regionCode: catalogue.regionCode ?? '110101',
        eventType: item.eventType,
        domain: item.domain,
        rule,
      })),
    ),
  ),
];

describe('every rule, probed with its own anchor, raises its finding', () => {
  it.each(probes.map((p) => [p.rule.id, p] as const))('%s', (_id, probe) => {
    const evaluation = evaluateTiming({
      regionCode: probe.regionCode,
      eventType: probe.eventType,
      ...(probe.domain ? { domain: probe.domain } : {}),
      facts: factsFor(probe.rule),
      dates: breakingDates(probe.rule),
    });
    const finding = evaluation.findings.find((f) => f.ruleId === probe.rule.id);
    expect(finding).toMatchObject({
      from: FROM,
      code:
        probe.rule.kind === 'atLeast'
          ? 'PERIOD_TOO_SHORT'
          : probe.rule.subject === 'publishedAt'
            ? 'LATE_DISCLOSURE'
            : 'DEADLINE_MISSED',
    });
  });
});
