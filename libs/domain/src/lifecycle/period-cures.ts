import {
  type AnchorDates,
  DATE_ANCHORS,
  formatSource,
  type ScopeFacts,
  type StatutoryCalendar,
} from '../calendar';
import { type CatalogueDomain, type CatalogueFinding, evaluateTiming, rulesFor } from '../catalogues';
import {
  CORRECTED_STAGE,
  CORRECTION_MOVED_DATES,
  type CorrectableStage,
  type DomainEvent,
  isCorrectionEventType,
  restatedStageOf,
  type TransactionEventType,
} from '../events';

/**
 * A correction that extends a period cures the PERIOD_TOO_SHORT found on the stage (招标投标法实施条例 第二十一条:
 * a late clarification must 顺延提交投标文件的截止时间; 第五十四条: a publicity of at least 3 days). The finding
 * stays with the event that raised it (the trail is never edited); the correction records the cure beside its
 * own findings, as a `PERIOD_CURED` element naming the event and rule it cures, so the history reads "raised by
 * A at T1, cured by X at T2", and every reader of the stored findings (read models, exports) can show it.
 */
export const PERIOD_CURED = 'PERIOD_CURED';

/** The stages whose periods a correction can move. */
const STAGES: readonly string[] = Object.values(CORRECTED_STAGE);

/** What the decider remembers of a stage's timing: the dates its period rules were checked on, as moved. */
export interface StageTiming {
  eventType: TransactionEventType;
  regionCode: string;
  domain?: CatalogueDomain;
  dates: AnchorDates;
  facts: ScopeFacts;
}

/** A PERIOD_TOO_SHORT of this round that no correction has cured yet. */
export interface ShortPeriod {
  /** The event the finding is stored with. */
  eventId: string;
  eventType: TransactionEventType;
  /** The stage whose period it is (the announcement for its corrections' 15-day rule). */
  stage: CorrectableStage;
  ruleId: string;
  /** The event type whose rules raised it, and the dates it was checked on (the stage's: see StageTiming). */
  evaluatedAs: TransactionEventType;
  dates: AnchorDates;
  facts: ScopeFacts;
  regionCode: string;
  domain?: CatalogueDomain;
}

/** A cure, stored with the correction's findings. */
export interface CureFinding {
  code: typeof PERIOD_CURED;
  ruleId: string;
  origin: CatalogueFinding['origin'];
  /** The event whose PERIOD_TOO_SHORT this cures. */
  curedEventId: string;
  curedEventType: TransactionEventType;
  /** The period as corrected: it ran from `from`, had to reach `due`, now reaches `actual`. */
  from: string;
  due: string;
  actual: string;
  /** The rule's statute or catalogue line. */
  sourceText: string;
  message: { en: string; zh: string };
}

/** A stage rule's PERIOD_TOO_SHORT raised on a correction that shortens (or leaves short) the stage's period. */
export type RaisedStageFinding = CatalogueFinding & { stage: CorrectableStage };

/** The stage an event publishes or corrects (undefined for the rest). */
export function periodStageOf(type: string): CorrectableStage | undefined {
  if (isCorrectionEventType(type)) return CORRECTED_STAGE[type];
  return STAGES.includes(type) ? (type as CorrectableStage) : undefined;
}

/** The anchor dates a correction gives the stage: its restated stage, then the dates it moves. */
export function correctedDates(event: DomainEvent): AnchorDates {
  if (!isCorrectionEventType(event.type)) return {};
  const data = event.data as Record<string, unknown>;
  const restated = restatedStageOf(event.type, data) ?? {};
  const moved = event.type === 'AnnouncementCorrected' ? data : {};
  const dates: AnchorDates = {};
  for (const anchor of DATE_ANCHORS) {
    if (anchor === 'occurredAt' || anchor === 'publishedAt' || anchor === 'correctedAt') continue;
    const value = (CORRECTION_MOVED_DATES as readonly string[]).includes(anchor)
      ? (moved[anchor] ?? restated[anchor])
      : restated[anchor];
    if (typeof value === 'string') dates[anchor] = value;
  }
  return dates;
}

interface PeriodState {
  stageTiming?: Partial<Record<CorrectableStage, StageTiming>>;
  shortPeriods?: ShortPeriod[];
}

/**
 * What a correction does to the stage's periods: the open PERIOD_TOO_SHORT it cures, and the stage rules it
 * leaves breached that no open finding holds yet (a correction that shortens a period is a finding itself).
 */
export function periodCures(
  event: DomainEvent,
  state: PeriodState,
  calendar?: StatutoryCalendar,
): { cures: CureFinding[]; raised: RaisedStageFinding[] } {
  if (!isCorrectionEventType(event.type)) return { cures: [], raised: [] };
  const stage = CORRECTED_STAGE[event.type];
  const timing = state.stageTiming?.[stage];
  const moved = correctedDates(event);
  if (!timing || Object.keys(moved).length === 0) return { cures: [], raised: [] };
  const evaluate = (eventType: TransactionEventType, dates: AnchorDates, facts: ScopeFacts) =>
    evaluateTiming(
      {
        regionCode: timing.regionCode,
        eventType,
        ...(timing.domain ? { domain: timing.domain } : {}),
        dates: { ...dates, ...moved },
        facts,
      },
      calendar,
    );
  const stageNow = evaluate(timing.eventType, timing.dates, timing.facts);
  const open = (state.shortPeriods ?? []).filter((p) => p.stage === stage);
  const cures: CureFinding[] = [];
  for (const period of open) {
    const now =
      period.evaluatedAs === timing.eventType
        ? stageNow
        : evaluate(period.evaluatedAs, period.dates, period.facts);
    const met = now.met.find((m) => m.ruleId === period.ruleId);
    if (!met) continue;
    const rule = rulesFor(timing.regionCode, period.evaluatedAs, timing.domain).rules.find(
      (r) => r.rule.id === period.ruleId,
    );
    cures.push({
      code: PERIOD_CURED,
      ruleId: period.ruleId,
      origin: met.origin,
      curedEventId: period.eventId,
      curedEventType: period.eventType,
      from: met.from,
      due: met.due,
      actual: met.actual,
      sourceText: rule ? formatSource(rule.rule.source) : '',
      message: {
        en: `The correction extends the period: ${period.ruleId} is now met (due ${met.due}, reached ${met.actual}); the finding on ${period.eventType} is cured`,
        zh: `更正后期限已满足要求（应不早于${met.due}，更正后为${met.actual}），${period.eventType}的期限不足问题已纠正`,
      },
    });
  }
  const stillOpen = new Set(open.filter((p) => p.evaluatedAs === timing.eventType).map((p) => p.ruleId));
  const raised = stageNow.findings
    .filter((f) => f.code === 'PERIOD_TOO_SHORT' && !stillOpen.has(f.ruleId))
    .map((f) => ({ ...f, stage }));
  return { cures, raised };
}

interface StoredFindingLike {
  code?: unknown;
  ruleId?: unknown;
  curedEventId?: unknown;
  stage?: unknown;
}

/**
 * Fold an event's timing into the period state: a stage's dates (moved by its corrections), its open
 * PERIOD_TOO_SHORT findings (read from `metadata.findings`, as the service stores them), minus the cures. A
 * new announcement starts a new round, whose periods are its own.
 */
export function trackPeriods<S extends PeriodState>(
  next: S,
  event: DomainEvent,
  datesOf: (event: DomainEvent) => { dates: AnchorDates; facts: ScopeFacts },
): S {
  const stage = periodStageOf(event.type);
  if (!stage) return next;
  const domain = (event.data as { domain?: CatalogueDomain }).domain;
  const round = event.type === 'AnnouncementPublished';
  const stageTiming = { ...(round ? {} : next.stageTiming) };
  let shortPeriods = round ? [] : [...(next.shortPeriods ?? [])];
  const own = datesOf(event);
  if (isCorrectionEventType(event.type)) {
    const current = stageTiming[stage];
    if (current) stageTiming[stage] = { ...current, dates: { ...current.dates, ...correctedDates(event) } };
  } else {
    stageTiming[stage] = {
      eventType: event.type as TransactionEventType,
      regionCode: event.metadata.regionCode,
      ...(domain ? { domain } : {}),
      ...own,
    };
  }
  const findings = (event.metadata.findings ?? []) as StoredFindingLike[];
  const cured = new Set(
    findings
      .filter((f) => f.code === PERIOD_CURED && typeof f.curedEventId === 'string')
      .map((f) => `${String(f.curedEventId)}|${String(f.ruleId)}`),
  );
  if (cured.size > 0) shortPeriods = shortPeriods.filter((p) => !cured.has(`${p.eventId}|${p.ruleId}`));
  for (const finding of findings) {
    if (finding.code !== 'PERIOD_TOO_SHORT' || typeof finding.ruleId !== 'string') continue;
    const stageRule = typeof finding.stage === 'string';
    const timing = stageTiming[stage];
    shortPeriods.push({
      eventId: event.id,
      eventType: event.type as TransactionEventType,
      stage,
      ruleId: finding.ruleId,
      evaluatedAs: stageRule && timing ? timing.eventType : (event.type as TransactionEventType),
      dates: stageRule && timing ? timing.dates : own.dates,
      facts: stageRule && timing ? timing.facts : own.facts,
      regionCode: event.metadata.regionCode,
      ...(domain ? { domain } : {}),
    });
  }
  return { ...next, stageTiming, shortPeriods };
}
