import { creditOwnershipRefusal } from './credit-ownership';
import { actingParty } from './ownership';
import { yearsOutOfRange } from './year-range';
import { type CalendarDate, toShanghaiDate } from '../calendar';
import type { CatalogueDomain, CatalogueFinding, TimingEvaluation } from '../catalogues';
import { publisherAllowed } from '../catalogues';
import { type DomainEvent, isCreditEventType, parseDomainEvent } from '../events';
import type { BlacklistEntry } from './blacklist';
import {
  checkDisplayEnd,
  DISPLAY_PERIOD_MONTHS,
  DISPLAY_PERIOD_SOURCE,
  type DishonestySeverity,
  displayPeriod,
} from './display-periods';
import { reject, type Rejection } from './rejections';
import { timingOf } from './timing';
import type { DecideContext, PublishDisclosure } from './transaction-decider';

/** A credit subject's stream (`credit-<统一社会信用代码>`): its penalties, records and blacklist listings. */
export interface CreditState {
  creditCode?: string;
  subjectName?: string;
  penaltyDecisions: string[];
  /** 行政许可决定文书号 already recorded. */
  licenceDecisions: string[];
  recordNumbers: string[];
  blacklist: BlacklistEntry[];
  eventCount: number;
}

export const initialCreditState = (): CreditState => ({
  penaltyDecisions: [],
  licenceDecisions: [],
  recordNumbers: [],
  blacklist: [],
  eventCount: 0,
});

/** Total like the transaction `evolve`: transaction events leave a credit state as it is. */
export function evolveCredit(state: CreditState, event: DomainEvent): CreditState {
  if (!isCreditEventType(event.type)) return state;
  const subject = (event.data as { subject: { name: string; creditCode: string } }).subject;
  const next: CreditState = {
    ...state,
    creditCode: state.creditCode ?? subject.creditCode,
    subjectName: subject.name,
    eventCount: state.eventCount + 1,
  };
  switch (event.type) {
    case 'PenaltyImposed':
      return { ...next, penaltyDecisions: [...state.penaltyDecisions, event.data.decisionNumber] };
    case 'LicenceGranted':
      return { ...next, licenceDecisions: [...(state.licenceDecisions ?? []), event.data.decisionNumber] };
    case 'CreditRecorded':
      return { ...next, recordNumbers: [...state.recordNumbers, event.data.recordNumber] };
    case 'BlacklistEntered': {
      const period = displayPeriod(event.data.severity, event.data.decidedOn);
      const entry: BlacklistEntry = {
        creditCode: subject.creditCode,
        subjectName: subject.name,
        decisionNumber: event.data.decisionNumber,
        severity: event.data.severity,
        decidedOn: period.decidedOn,
        repairableFrom: period.repairableFrom,
        displayUntil: toShanghaiDate(event.data.displayUntil),
        decidedBy: { name: actingParty(event).name, creditCode: actingParty(event).creditCode },
      };
      return { ...next, blacklist: [...state.blacklist, entry] };
    }
    case 'BlacklistRemoved': {
      const removedOn = toShanghaiDate(event.data.removedOn);
      return {
        ...next,
        blacklist: state.blacklist.map((entry) =>
          entry.decisionNumber === event.data.entryDecisionNumber && entry.removedOn === undefined
            ? { ...entry, removedOn }
            : entry,
        ),
      };
    }
  }
  return next;
}

export function replayCredit(events: readonly DomainEvent[]): CreditState {
  return events.reduce(evolveCredit, initialCreditState());
}

/** The subject's listings, for the blacklist context of transaction decisions. */
export function creditBlacklistEntries(state: CreditState): readonly BlacklistEntry[] {
  return state.blacklist;
}

export type CreditDecision =
  | { ok: true; events: DomainEvent[]; findings: CatalogueFinding[]; timing: TimingEvaluation }
  | { ok: false; rejection: Rejection };

type Refusal = { ok: false; rejection: Rejection };

const SEVERITY_ZH: Record<DishonestySeverity, string> = { minor: '轻微', ordinary: '一般', serious: '严重' };

/**
 * The display end against the period of its class. Without a class only the longest maximum (serious) binds. Past
 * the maximum is lawful only with a sector rule cited for a subject that has not corrected.
 */
function checkDisplay(
  what: { en: string; zh: string },
  severity: DishonestySeverity | undefined,
  decidedOn: string,
  displayUntil: string | undefined,
  extension: { basis: string } | undefined,
): Refusal | undefined {
  if (displayUntil === undefined) return undefined;
  const period = displayPeriod(severity ?? 'serious', decidedOn);
  const outcome = checkDisplayEnd(period, displayUntil);
  if (outcome === 'within' || (outcome === 'aboveMaximum' && extension)) return undefined;
  if (outcome === 'belowMinimum' && severity === undefined) return undefined;
  const months = DISPLAY_PERIOD_MONTHS[period.severity];
  const range = severity
    ? `${period.minimumEndsOn} to ${period.displayEndsOn}`
    : `at most ${period.displayEndsOn}`;
  const rangeZh = severity
    ? `${period.minimumEndsOn}至${period.displayEndsOn}之间`
    : `不晚于${period.displayEndsOn}`;
  return reject(
    'DISPLAY_PERIOD_OUT_OF_RANGE',
    `${what.en} decided on ${decidedOn} (${severity ?? 'any class'}: ${months.minimum}–${months.maximum} months) is shown until a day from ${range}, not ${displayUntil} (${DISPLAY_PERIOD_SOURCE}); a longer display needs the sector rule cited (displayExtension)`,
    `${severity ? SEVERITY_ZH[severity] : ''}${what.zh}公示截止日期应为${rangeZh}，不得为${displayUntil}（${DISPLAY_PERIOD_SOURCE}）；超过最长公示期须注明行业规定依据`,
    { period, displayUntil },
  );
}

function checkCredit(event: DomainEvent, state: CreditState): Refusal | undefined {
  switch (event.type) {
    case 'PenaltyImposed': {
      const d = event.data;
      if (state.penaltyDecisions.includes(d.decisionNumber)) {
        return reject(
          'DUPLICATE_DECISION',
          `Penalty decision ${d.decisionNumber} is already recorded`,
          `行政处罚决定${d.decisionNumber}已记录`,
        );
      }
      if (d.displayUntil && d.displayUntil < d.decidedOn) {
        return reject(
          'DATE_CONTRADICTION',
          `Display end ${d.displayUntil} is before the decision ${d.decidedOn}`,
          `公示截止期${d.displayUntil}早于处罚决定日期${d.decidedOn}`,
        );
      }
      return checkDisplay(
        { en: 'A penalty', zh: '行政处罚信息' },
        d.severity,
        d.decidedOn,
        d.displayUntil,
        d.displayExtension,
      );
    }
    case 'LicenceGranted': {
      const d = event.data;
      if ((state.licenceDecisions ?? []).includes(d.decisionNumber)) {
        return reject(
          'DUPLICATE_DECISION',
          `Licence decision ${d.decisionNumber} is already recorded`,
          `行政许可决定${d.decisionNumber}已记录`,
        );
      }
      if (d.validUntil && d.validUntil < d.validFrom) {
        return reject(
          'DATE_CONTRADICTION',
          `The licence is valid until ${d.validUntil}, before it is valid from ${d.validFrom}`,
          `许可有效期至${d.validUntil}早于有效期自${d.validFrom}`,
        );
      }
      return undefined;
    }
    case 'CreditRecorded':
      if (state.recordNumbers.includes(event.data.recordNumber)) {
        return reject(
          'DUPLICATE_DECISION',
          `Credit record ${event.data.recordNumber} is already recorded`,
          `信用记录${event.data.recordNumber}已记录`,
        );
      }
      if (event.data.recordKind !== 'dishonesty') return undefined;
      return checkDisplay(
        { en: 'A dishonesty record', zh: '失信信息' },
        event.data.severity,
        event.data.decidedOn,
        event.data.displayUntil,
        event.data.displayExtension,
      );
    case 'BlacklistEntered': {
      const d = event.data;
      if (state.blacklist.some((entry) => entry.decisionNumber === d.decisionNumber)) {
        return reject(
          'DUPLICATE_DECISION',
          `Blacklist decision ${d.decisionNumber} is already recorded`,
          `列入黑名单决定${d.decisionNumber}已记录`,
        );
      }
      if (d.severity !== 'serious') {
        return reject(
          'BLACKLIST_REQUIRES_SERIOUS',
          `Only serious dishonesty is listed on the blacklist, not ${d.severity} (${DISPLAY_PERIOD_SOURCE})`,
          `列入黑名单（严重失信主体名单）的应为严重失信行为，一般失信不得列入（${DISPLAY_PERIOD_SOURCE}）`,
          { severity: d.severity },
        );
      }
      return checkDisplay(
        { en: 'A blacklist listing', zh: '严重失信主体名单信息' },
        d.severity,
        d.decidedOn,
        d.displayUntil,
        d.displayExtension,
      );
    }
    case 'BlacklistRemoved': {
      const d = event.data;
      const entry = state.blacklist.find(
        (e) => e.decisionNumber === d.entryDecisionNumber && e.removedOn === undefined,
      );
      if (!entry) {
        return reject(
          'NOT_ON_BLACKLIST',
          `No listing ${d.entryDecisionNumber} is in force for this subject`,
          `该主体无生效的列入决定${d.entryDecisionNumber}`,
        );
      }
      const removedOn: CalendarDate = toShanghaiDate(d.removedOn);
      if (removedOn < entry.decidedOn) {
        return reject(
          'DATE_CONTRADICTION',
          `Removal ${removedOn} precedes the listing ${entry.decidedOn}`,
          `移出日期${removedOn}早于列入日期${entry.decidedOn}`,
        );
      }
      if (d.removalReason === 'credit_repaired' && removedOn < entry.repairableFrom) {
        return reject(
          'REPAIR_BEFORE_MINIMUM',
          `Credit repair takes effect from ${entry.repairableFrom} at the earliest: the minimum display runs to 24:00 of its last day (${DISPLAY_PERIOD_SOURCE}; 民法典 第二百零三条第二款)`,
          `信用修复最早自${entry.repairableFrom}起生效：最短公示期至其最后一日二十四时届满（${DISPLAY_PERIOD_SOURCE}；民法典第二百零三条第二款）`,
          { entry },
        );
      }
      if (d.removalReason === 'display_expired' && removedOn <= entry.displayUntil) {
        return reject(
          'DATE_CONTRADICTION',
          `The display period runs until ${entry.displayUntil}; it has not expired on ${removedOn}`,
          `公示期至${entry.displayUntil}，${removedOn}尚未届满`,
          { entry },
        );
      }
      return undefined;
    }
  }
  return undefined;
}

/** Decide a credit event for a subject's stream. Timing (双公示 7 working days) gives findings, never a rejection. */
export function decideCredit(
  command: PublishDisclosure,
  state: CreditState,
  context: Pick<DecideContext, 'calendar'> = {},
): CreditDecision {
  const parsed = parseDomainEvent(command.event);
  if (!parsed.success) {
    return reject('INVALID_EVENT', 'The event does not match its schema', '事件数据不符合规范', {
      issues: parsed.issues,
    });
  }
  return decideCreditParsed(parsed.event, state, context);
}

/** `decideCredit` for an event that already came out of `parseDomainEvent`: not validated a second time. */
export function decideCreditParsed(
  event: DomainEvent,
  state: CreditState,
  context: Pick<DecideContext, 'calendar'> = {},
): CreditDecision {
  const badYear = yearsOutOfRange(event);
  if (badYear) return badYear;
  if (!isCreditEventType(event.type)) {
    return reject(
      'WRONG_STREAM',
      `${event.type} belongs in a transaction stream`,
      '交易信息应记入交易流，而非信用流',
    );
  }
  const data = event.data as { subject: { creditCode: string }; domain: CatalogueDomain };
  if (state.creditCode !== undefined && data.subject.creditCode !== state.creditCode) {
    return reject(
      'SUBJECT_MISMATCH',
      `The event is about ${data.subject.creditCode}, the stream about ${state.creditCode}`,
      `事件主体（${data.subject.creditCode}）与本信用流主体（${state.creditCode}）不一致`,
    );
  }
  const role = publisherAllowed(
    event.metadata.regionCode,
    event.type,
    data.domain,
    event.metadata.publisherRole,
  );
  if (!role.allowed) {
    return reject(
      'PUBLISHER_ROLE_NOT_ALLOWED',
      `A publisher in role ${event.metadata.publisherRole} may not publish ${event.type} here (allowed: ${role.allowedRoles.join(', ')})`,
      `${event.metadata.publisherRole}不得发布此项信用信息（允许：${role.allowedRoles.join('、')}）`,
      { role: event.metadata.publisherRole, allowedRoles: role.allowedRoles },
    );
  }
  const refusal = creditOwnershipRefusal(event, state.blacklist) ?? checkCredit(event, state);
  if (refusal) return refusal;
  const timing = timingOf(event, undefined, context.calendar);
  return { ok: true, events: [event], findings: timing.findings, timing };
}
