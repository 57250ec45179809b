import { type AnchorDates, checkRule, type StatutoryCalendar, toShanghaiDate } from '../calendar';
import {
  type CatalogueDomain,
  type CatalogueFinding,
  DISCLOSURE_KIND_CATALOGUE,
  type DisclosureKind,
  disclosureRulesFor,
  type TimingEvaluation,
} from '../catalogues';
import { type DomainEvent, isDisclosureEventType, type Party, parseDomainEvent } from '../events';
import { internalDates } from './date-order';
import { reject, type Rejection } from './rejections';
import type { DecideContext, PublishDisclosure } from './transaction-decider';
import { yearsOutOfRange } from './year-range';

/**
 * A disclosure outside a transaction (`disclosure-<id>`): a land supply plan, a procurement catalogue, an
 * approval, a housing plan… Its first publisher owns it; only that publisher, in the same region, amends it.
 */
export interface DisclosureState {
  disclosureId?: string;
  kind?: DisclosureKind;
  domain?: CatalogueDomain;
  owner?: { party: Party; regionCode: string };
  /** Published, then each amendment. */
  versions: number;
  /** The transactions the disclosure names as it now stands. */
  transactionIds: readonly string[];
}

export const initialDisclosureState = (): DisclosureState => ({ versions: 0, transactionIds: [] });

interface DisclosureFields {
  disclosureId: string;
  kind: DisclosureKind;
  domain: CatalogueDomain;
  transactionIds?: string[];
  decidedOn?: string;
}

const fieldsOf = (event: DomainEvent) => event.data as unknown as DisclosureFields;

/** Total: events of other streams leave the state as it is. */
export function evolveDisclosure(state: DisclosureState, event: DomainEvent): DisclosureState {
  if (!isDisclosureEventType(event.type)) return state;
  const data = fieldsOf(event);
  const { publisher, regionCode } = event.metadata;
  return {
    disclosureId: state.disclosureId ?? data.disclosureId,
    kind: state.kind ?? data.kind,
    domain: state.domain ?? data.domain,
    owner: state.owner ?? { party: { name: publisher.name, creditCode: publisher.creditCode }, regionCode },
    versions: state.versions + 1,
    transactionIds: data.transactionIds ?? [],
  };
}

export function replayDisclosure(events: readonly DomainEvent[]): DisclosureState {
  return events.reduce(evolveDisclosure, initialDisclosureState());
}

export type DisclosureDecision =
  | { ok: true; events: DomainEvent[]; findings: CatalogueFinding[]; timing: TimingEvaluation }
  | { ok: false; rejection: Rejection };

type Refusal = { ok: false; rejection: Rejection };

/** Who may publish this kind (谁批准谁公开、谁制作谁公开): the department the catalogues name, never a trading centre for it. */
function roleRefusal(event: DomainEvent, kind: DisclosureKind): Refusal | undefined {
  const entry = DISCLOSURE_KIND_CATALOGUE[kind];
  const { publisherRole, onBehalfOf } = event.metadata;
  if (onBehalfOf) {
    return reject(
      'PUBLISHER_ROLE_NOT_ALLOWED',
      `A ${kind} is published by ${entry.department.en} itself, not on behalf of another (onBehalfOf)`,
      `${entry.title.zh}由${entry.department.zh}自行公开，不得代为公开`,
      { kind },
    );
  }
  if (entry.publishers.includes(publisherRole)) return undefined;
  return reject(
    'PUBLISHER_ROLE_NOT_ALLOWED',
    `A publisher in role ${publisherRole} may not publish a ${kind}: ${entry.department.en} does (roles ${entry.publishers.join(', ')})`,
    `${publisherRole}不得发布${entry.title.zh}，应由${entry.department.zh}公开`,
    { role: publisherRole, allowedRoles: entry.publishers, kind },
  );
}

/** The stream's owner, region, id, kind and domain hold for every later event. */
function continuityRefusal(event: DomainEvent, state: DisclosureState): Refusal | undefined {
  const data = fieldsOf(event);
  if (event.type === 'DisclosurePublished' && state.versions > 0) {
    return reject(
      'DISCLOSURE_ALREADY_PUBLISHED',
      `Disclosure ${state.disclosureId} is already published; a change is a DisclosureAmended`,
      `信息${state.disclosureId}已公开，变更应以变更事件发布`,
    );
  }
  if (event.type === 'DisclosureAmended' && state.versions === 0) {
    return reject(
      'DISCLOSURE_NOT_PUBLISHED',
      `Disclosure ${data.disclosureId} has not been published; nothing to amend`,
      `信息${data.disclosureId}尚未公开，无可变更`,
    );
  }
  if (!state.owner) return undefined;
  const actor = event.metadata.publisher;
  if (actor.creditCode !== state.owner.party.creditCode) {
    return reject(
      'NOT_OWNER',
      `Disclosure ${state.disclosureId} was published by ${state.owner.party.name} (${state.owner.party.creditCode}); only it may amend it, not ${actor.creditCode}`,
      `信息${state.disclosureId}由${state.owner.party.name}（${state.owner.party.creditCode}）公开，仅其可变更`,
      { owner: state.owner.party, actor: actor.creditCode },
    );
  }
  if (event.metadata.regionCode !== state.owner.regionCode) {
    return reject(
      'REGION_MISMATCH',
      `Disclosure ${state.disclosureId} belongs to region ${state.owner.regionCode}; the event names ${event.metadata.regionCode}`,
      `信息${state.disclosureId}属地为${state.owner.regionCode}，事件属地${event.metadata.regionCode}不一致`,
      { expected: state.owner.regionCode, actual: event.metadata.regionCode },
    );
  }
  const changed = (['disclosureId', 'kind', 'domain'] as const).filter(
    (field) => state[field] !== undefined && state[field] !== data[field],
  );
  if (changed.length === 0) return undefined;
  return reject(
    'DISCLOSURE_MISMATCH',
    `An amendment keeps the disclosure's ${changed.join(', ')} (${changed.map((f) => `${state[f]}`).join(', ')})`,
    `变更不得改变信息的${changed.join('、')}`,
    { fields: changed },
  );
}

/** A decision or approval dated after it was published contradicts itself. */
function factDateRefusal(event: DomainEvent): Refusal | undefined {
  const decidedOn = fieldsOf(event).decidedOn;
  const publishedOn = toShanghaiDate(event.metadata.publishedAt);
  if (decidedOn === undefined || decidedOn <= publishedOn) return undefined;
  return reject(
    'DATE_CONTRADICTION',
    `decidedOn (${decidedOn}) is after the publication day (${publishedOn})`,
    `决定（批复）日期${decidedOn}晚于公开日期${publishedOn}`,
    { decidedOn, publishedOn },
  );
}

/**
 * The kind's deadlines in the publisher's region (disclosure-kinds.ts): the 20 working days of 政府信息公开条例
 * 第二十六条, or the Jinjiang row's own. An amendment is held to them from its own `occurredAt` (信息变更之日).
 */
export function disclosureTiming(event: DomainEvent, calendar?: StatutoryCalendar): TimingEvaluation {
  const { kind } = fieldsOf(event);
  const { regionCode, occurredAt, publishedAt } = event.metadata;
  const { catalogueId, rules } = disclosureRulesFor(regionCode, kind);
  const dates: AnchorDates = { occurredAt, publishedAt };
  const decidedOn = fieldsOf(event).decidedOn;
  // The published decision dates the period; a change runs from the day it was changed.
  if (decidedOn !== undefined && event.type === 'DisclosurePublished') dates.decidedOn = decidedOn;
  else dates.decidedOn = occurredAt;
  const evaluation: TimingEvaluation = {
    regionCode,
    catalogueId,
    findings: [],
    met: [],
    unchecked: [],
    provisionalYears: [],
    outOfScope: [],
  };
  const origin = { origin: 'catalogue' as const, catalogueId };
  const years = new Set<number>();
  for (const rule of rules) {
    const outcome = checkRule(rule, dates, calendar);
    if (outcome.status === 'breached') {
      evaluation.findings.push({ ...outcome.finding, ...origin });
      for (const y of outcome.finding.provisionalYears ?? []) years.add(y);
    } else if (outcome.status === 'met') {
      const { from, due, actual } = outcome;
      evaluation.met.push({ ...origin, ruleId: rule.id, from, due, actual });
      if (outcome.provisional) for (const y of outcome.provisionalYears) years.add(y);
    } else if (outcome.reason === 'missingDates') {
      evaluation.unchecked.push({
        ...origin,
        ruleId: rule.id,
        reason: 'missingDates',
        missing: outcome.missing,
      });
    } else {
      evaluation.unchecked.push({
        ...origin,
        ruleId: rule.id,
        reason: 'calendarNotCovered',
        year: outcome.year,
        message: outcome.message,
      });
    }
  }
  evaluation.provisionalYears = [...years].sort((a, b) => a - b);
  return evaluation;
}

/** Decide a disclosure event for its own stream. Lateness is a finding, never a rejection. */
export function decideDisclosure(
  command: PublishDisclosure,
  state: DisclosureState,
  context: Pick<DecideContext, 'calendar'> = {},
): DisclosureDecision {
  const parsed = parseDomainEvent(command.event);
  if (!parsed.success) {
    return reject('INVALID_EVENT', 'The event does not match its schema', '事件数据不符合规范', {
      issues: parsed.issues,
    });
  }
  return decideDisclosureParsed(parsed.event, state, context);
}

/** `decideDisclosure` for an event that already came out of `parseDomainEvent`. */
export function decideDisclosureParsed(
  event: DomainEvent,
  state: DisclosureState,
  context: Pick<DecideContext, 'calendar'> = {},
): DisclosureDecision {
  const badYear = yearsOutOfRange(event);
  if (badYear) return badYear;
  if (!isDisclosureEventType(event.type)) {
    return reject(
      'WRONG_STREAM',
      `${event.type} belongs in a transaction or credit stream, not in a disclosure's own`,
      '交易信息、信用信息不得记入交易外公开事项的信息流',
    );
  }
  const refusal =
    roleRefusal(event, fieldsOf(event).kind) ??
    continuityRefusal(event, state) ??
    internalDates(event) ??
    factDateRefusal(event);
  if (refusal) return refusal;
  const timing = disclosureTiming(event, context.calendar);
  return { ok: true, events: [event], findings: timing.findings, timing };
}
