import {
  CORRECTED_STAGE,
  correctedStageData,
  eventDataSchemas,
  isCorrectionEventType,
  isCreditEventType,
  PLATFORM_ENVELOPE_FIELDS,
  SPEC_FIELDS,
  TRANSACTION_ID_FIELD,
  type CatalogueDomain,
  type DomainEvent,
  type EventType,
} from '@gongkai/domain';
import type { RecordedEvent } from '@gongkai/event-store';
import { specDataSet } from '../national-spec/spec-data-sets';
import { validateSpecRecord, type SpecViolation } from '../national-spec/validate-record';
import { toSpecDateTime } from './data-timestamp';
import { defaultPublicView, informationSourceOf, readDomainEvent, type PublicViewOf } from './domain-event';
import { blacklistEntryRecord, blacklistRemovalRecord, penaltyRecord } from './national/credit.records';
import { mergeNationalCodes, type DeepPartial, type NationalCodes } from './national/national-codes';
import type { NationalRecord, RecordContext } from './national/record-kit';
import { STAGE_RECORDS, isNumberedDomain } from './national/stage-records';
import { defaultUnifiedDealCode, type UnifiedDealCodeOf } from './national/unified-deal-code';
import { otherTransactionFields } from './national/other-transaction.records';
import { otherTransactionDataSet } from './provincial-platform.data-sets';
import { collectSchemaFields } from './schema-fields';
import {
  UnmappableEvent,
  type SinkFieldRecord,
  type SinkFieldValue,
  type SinkMapper,
  type SinkRecord,
} from './sink-record';

/**
 * A province whose interface document numbers or names differently (where it differs, it wins): data set
 * codes and names, field names per data set, the code values of database-held code tables, and stages it
 * does not take. Records are validated against the national specification first, then renamed.
 */
export interface ProvinceOverride {
  /** Per national data set code: the province's code, name and field names. */
  dataSets?: Readonly<
    Record<string, { code?: string; name?: string; fields?: Readonly<Record<string, string>> }>
  >;
  /** Code values (主体类别, 主体角色, 招标方式…) over DEFAULT_NATIONAL_CODES. */
  codes?: DeepPartial<NationalCodes>;
  /** `domain:EventType` (or `*:EventType`) the province does not take. */
  skip?: readonly string[];
}

export interface ProvincialPlatformMapperOptions {
  /** `PLATFORM_CODE`: this trading system. */
  platformCode: string;
  /** `PUB_SERVICE_PLAT_CODE`: the public service platform pushed to. */
  pubServicePlatCode: string;
  /** The province's own numbering, names and codes (docs/sinks.md). */
  province?: ProvinceOverride;
  /** 统一交易标识码 rule (default: `defaultUnifiedDealCode`). */
  unifiedDealCode?: UnifiedDealCodeOf;
  /** Redaction applied before mapping (default: the domain's `toPublicView`). */
  publicView?: PublicViewOf;
}

/**
 * 信息来源 on every record ("相关信息推送过程中应当注明信息来源"): the publishing organisation, its unified
 * social credit code and the system the record came from. The specification's public implementations name
 * no common field for it, so these names are gongkai's own.
 */
export const INFORMATION_SOURCE_FIELDS = {
  name: 'INFO_SOURCE_NAME',
  creditCode: 'INFO_SOURCE_CODE',
  sourceSystem: 'INFO_SOURCE_SYSTEM',
  /** When the publisher published it (metadata.publishedAt), whatever the data set calls its own time field. */
  publishedAt: 'INFO_PUBLISH_TIME',
} as const;

/**
 * Fields gongkai sends beyond a data set's own (its extension, allowed by the check before sending): the
 * information source group on every record, and 被拒绝申请人及不合格原因 on 516, which the specification lacks.
 */
export const NATIONAL_EXTENSION_FIELDS: ReadonlySet<string> = new Set([
  ...Object.values(INFORMATION_SOURCE_FIELDS),
  'REJECTED_APPLICANT_LIST',
]);

/** 公告性质 of the provisional "other transactions" announcement sets: 1 normal, 2 correction, 3 termination. */
export const NOTICE_NATURE_FIELD = 'NOTICE_NATURE';

/** Credit events the platform takes, as 300 / 302 / 303. */
const CREDIT_RECORDS: Partial<Record<EventType, true>> = {
  PenaltyImposed: true,
  BlacklistEntered: true,
  BlacklistRemoved: true,
};

/** Where in an event a centre puts what a required field needs (for the dead letter's message). */
const EVENT_PATH_OF: Readonly<Record<string, string>> = {
  URL: 'publication.url',
  PROJECT_URL: 'publication.url',
  LAND_URL: 'publication.url',
  NOTICE_MEDIA: 'publication.media',
  BULLETIN_MEDIA: 'publication.media',
  BULLETIN_DUTY: 'publication.bulletinDuty',
  CREATOR: 'publication.bulletinDuty',
  REPORT_DUTY: 'publication.bulletinDuty',
  EXAMINER_NAME: 'publication.examinerName',
  BULLETIN_DUTY_CODE_TYPE: 'publication.examinerName',
  TRA_AGENCY_NAME: 'tradingVenue',
  TRA_AGENCY_CODE: 'tradingVenue',
  TRA_PLACE_CODE: 'tradingVenue.regionCode',
  TENDER_AGENCY_NAME: 'agency',
  TENDER_AGENCY_CODE: 'agency',
  PURCHASER_AGENCY_NAME: 'agency',
  PURCHASER_AGENCY_CODE: 'agency',
  TENDERER_CONTACTOR: 'contact.person',
  TENDERER_PHONE_NUMBER: 'contact.telephone',
  TENDERER_EMAIL: 'contact.email',
  TENDERER_ADDRESS: 'contact.address',
  CONTACTOR: 'contact.person',
  CONTACT_INFORMATION: 'contact.telephone',
  CONTACT_NUMBER: 'contact.telephone',
  PUBLICITY_NAME: 'notice.title',
  PUBLICITY_CONTENT: 'notice.content',
  NOTICE_NAME: 'notice.title',
  NOTICE_CONTENT: 'notice.content (or the announcement content)',
  WIN_BID_BULLETIN_TITLE: 'notice.title',
  WIN_BID_BULLETIN_CONTENT: 'notice.content',
  CONTRACT_NAME: 'notice.title',
  CONTRACT_CONTENT: 'notice.content',
  PERFORMANCE_REPORT_NAME: 'notice.title',
  ANNOUNCEMENT_TITLE: 'notice.title',
  ANNOUNCEMENT_CONNECT: 'notice.content',
  TERMINATION_BULLETIN_TITLE: 'notice.title',
  TERMINATION_BULLETIN_CONTENT: 'notice.content',
  EXCEPITON_NAME: 'notice.title',
  APPROVAL_RESULT: 'approval.result',
  APPROVAL_TIME: 'approval.approvedAt',
  PROJECT_NAME: 'project.name',
  TENDER_DOC_GET_METHOD: 'documentsMethod',
  BID_OPEN_TIME: 'bidOpeningAt',
  SYNDICATED_FLAG: 'consortiumBidsAllowed',
  CONTRACT_RECKON_PRICE: 'estimatedContractPrice',
  IN_MINE_COME: 'mineralCode',
  QT_PLAN_YEARS: 'termYears',
  NA_GEOGRAPHY_POSITION: 'location',
  NA_AREA_COORDINATE: 'areaCoordinates',
  OBJECT_EVALUATE_VALUE: 'appraisedValue',
  TENDER_PROJECT_NAME: 'transactionName',
  QUALITY: 'candidates.qualityCommitment',
  PERFORMANCE_PARTY_NAME: 'performingParty',
};

/** A record the platform would refuse: every broken rule, named, with where the event should carry it. */
export class NationalSpecViolation extends UnmappableEvent {
  constructor(
    eventId: string,
    eventType: string,
    readonly violations: readonly SpecViolation[],
  ) {
    super(
      eventId,
      eventType,
      `the national data specification would refuse it: ${violations
        .map((violation) => {
          const path = violation.rule === 'required' ? EVENT_PATH_OF[violation.field] : undefined;
          return `${violation.dataSet} ${violation.message} [${violation.rule}]${path ? ` (event: ${path})` : ''}`;
        })
        .join('; ')}`,
    );
    this.name = 'NationalSpecViolation';
  }
}

/**
 * Stage and credit events -> records of the national data specification (公共资源交易平台系统数据规范), each
 * in the data set that means it (./national), with the specification's field names and formats, the
 * transaction's UNIFIED_DEAL_CODE, the platform envelope (`PLATFORM_CODE`, `PUB_SERVICE_PLAT_CODE`,
 * `DATA_TIMESTAMP`) and the information source. Always built from the redacted public view. Every record is
 * checked against its data set's rules before it is returned: one the platform would refuse throws
 * NationalSpecViolation (a dead letter naming the rule), never a silent send. When a stage is several
 * records (500/501/502 before 503, the 510 rows before 511), the last is the record and the others travel
 * before it in `preceding`. `DATA_TIMESTAMP` is the store's `recordedAt`, so a resent record is identical.
 */
export function createProvincialPlatformMapper(options: ProvincialPlatformMapperOptions): SinkMapper {
  const publicView = options.publicView ?? defaultPublicView;
  const codes = mergeNationalCodes(options.province?.codes);
  const unifiedDealCodeOf = options.unifiedDealCode ?? defaultUnifiedDealCode;
  const skipped = new Set(options.province?.skip ?? []);

  const takes = (domain: string | undefined, type: string): boolean => {
    if (skipped.has(`*:${type}`) || (domain !== undefined && skipped.has(`${domain}:${type}`))) return false;
    if (CREDIT_RECORDS[type as EventType]) return true;
    const sentAs = laterStageCorrected(type) ?? type;
    if (isNumberedDomain(domain)) return STAGE_RECORDS[domain][sentAs as EventType] !== undefined;
    return otherTransactionDataSet(domain, sentAs) !== undefined;
  };

  return {
    kind: 'provincial-platform',
    map(recorded: RecordedEvent): SinkRecord | undefined {
      // Events the platform does not take are skipped before they are parsed: one that no longer
      // parses must not be dead-lettered for a target that would never receive it.
      if (!takes(declaredDomain(recorded), recorded.type)) return undefined;
      const event = readDomainEvent(recorded);
      if (event === undefined) return undefined;
      const view = publicView(event);
      const domain: CatalogueDomain = view.data.domain;
      const transactionId = transactionIdOf(event);
      const unifiedDealCode =
        transactionId === undefined
          ? undefined
          : unifiedDealCodeOf({ platformCode: options.platformCode, domain, transactionId });
      const built = buildRecords(asStage(view as DomainEvent), domain, unifiedDealCode, codes).map(
        (record) => (laterStageCorrected(view.type) !== undefined ? asCorrection(record, codes) : record),
      );
      if (built.length === 0) return undefined;

      const source = informationSourceOf(view);
      const envelope = {
        [PLATFORM_ENVELOPE_FIELDS.platformCode]: options.platformCode,
        [PLATFORM_ENVELOPE_FIELDS.pubServicePlatCode]: options.pubServicePlatCode,
        [PLATFORM_ENVELOPE_FIELDS.dataTimestamp]: toSpecDateTime(recorded.recordedAt),
      };
      const trailer = {
        [INFORMATION_SOURCE_FIELDS.name]: source.name,
        [INFORMATION_SOURCE_FIELDS.creditCode]: source.creditCode,
        [INFORMATION_SOURCE_FIELDS.sourceSystem]: source.sourceSystem,
        [INFORMATION_SOURCE_FIELDS.publishedAt]: toSpecDateTime(view.metadata.publishedAt),
      };
      const records = built.map((record) => ({
        dataSet: record.dataSet,
        fields: withoutUndefined({ ...envelope, ...record.fields, ...trailer }),
      }));
      const violations = records.flatMap((record) =>
        specDataSet(record.dataSet) === undefined
          ? [] // a provisional "other transactions" set: nothing to check against
          : validateSpecRecord(record.dataSet, record.fields, { extraFields: NATIONAL_EXTENSION_FIELDS }),
      );
      if (violations.length > 0) throw new NationalSpecViolation(event.id, event.type, violations);

      const sent = records.map((record) => inProvinceTerms(record, options.province));
      const primary = sent[sent.length - 1]!;
      return sent.length === 1 ? primary : { ...primary, preceding: sent.slice(0, -1) };
    },
  };

  function buildRecords(
    event: DomainEvent,
    domain: CatalogueDomain,
    unifiedDealCode: string | undefined,
    tableCodes: NationalCodes,
  ): NationalRecord[] {
    const base = { metadata: event.metadata, codes: tableCodes };
    if (event.type === 'PenaltyImposed') {
      return [penaltyRecord({ ...base, data: event.data, eventId: event.id, unifiedDealCode })];
    }
    if (event.type === 'BlacklistEntered') {
      return [blacklistEntryRecord({ ...base, data: event.data, eventId: event.id, unifiedDealCode })];
    }
    if (event.type === 'BlacklistRemoved') {
      return [blacklistRemovalRecord({ ...base, data: event.data, eventId: event.id, unifiedDealCode })];
    }
    if (isNumberedDomain(domain)) {
      const builder = STAGE_RECORDS[domain][event.type];
      if (builder === undefined) return [];
      const context = { ...base, type: event.type, data: event.data, unifiedDealCode: unifiedDealCode! };
      return builder(context as RecordContext);
    }
    return otherTransactionRecord(event, domain, unifiedDealCode);
  }
}

/** The stage a correction of a later stage restates (the announcement's correction has records of its own). */
function laterStageCorrected(type: string): EventType | undefined {
  return isCorrectionEventType(type) && type !== 'AnnouncementCorrected' ? CORRECTED_STAGE[type] : undefined;
}

/**
 * A correction of a later stage is sent as the stage's records again (the specification resends the row, as
 * it does 503 for the announcement), built from the restated stage with the correction's notice.
 */
function asStage(event: DomainEvent): DomainEvent {
  const stage = laterStageCorrected(event.type);
  return stage === undefined
    ? event
    : ({ ...event, type: stage, data: correctedStageData(event) } as DomainEvent);
}

/** 公告性质 更正 on the records that carry it (513 中标结果公告, the 9xx sets). */
function asCorrection(record: NationalRecord, codes: NationalCodes): NationalRecord {
  const fields = record.fields as Record<string, unknown>;
  if (!(NOTICE_NATURE_FIELD in fields) && specDataSet(record.dataSet) !== undefined) return record;
  return { ...record, fields: { ...record.fields, [NOTICE_NATURE_FIELD]: codes.noticeNature.correction } };
}

/** The provisional 9xx record of an unnumbered domain: the domain's SPEC_FIELDS names, as before. */
function otherTransactionRecord(
  event: DomainEvent,
  domain: CatalogueDomain,
  unifiedDealCode: string | undefined,
): NationalRecord[] {
  const entry = otherTransactionDataSet(domain, event.type);
  const specFields = SPEC_FIELDS[event.type]?.[domain]?.fields;
  if (entry === undefined || specFields === undefined) return [];
  const fields: Record<string, SinkFieldValue | undefined> = {
    UNIFIED_DEAL_CODE: unifiedDealCode,
    ...(entry.noticeNature !== undefined ? { [NOTICE_NATURE_FIELD]: entry.noticeNature } : {}),
    ...collectSchemaFields(eventDataSchemas[event.type], event.data, (_meta, path) => specFields[path]),
  };
  // What the domain's SPEC_FIELDS names stays as it is; the results' lists and times come after it.
  for (const [name, value] of Object.entries(otherTransactionFields(event))) fields[name] ??= value;
  return [{ dataSet: entry.code, fields }];
}

function inProvinceTerms(
  record: { dataSet: string; fields: SinkFieldRecord },
  province: ProvinceOverride | undefined,
): SinkRecord {
  const national = specDataSet(record.dataSet);
  const override = province?.dataSets?.[record.dataSet];
  const renames = override?.fields ?? {};
  const fields = Object.fromEntries(
    Object.entries(record.fields).map(([name, value]) => [renames[name] ?? name, value]),
  );
  return {
    dataSet: override?.code ?? record.dataSet,
    dataSetName: override?.name ?? national?.name ?? otherTransactionName(record.dataSet),
    fields,
  };
}

function otherTransactionName(code: string): string {
  return (
    {
      '901': '其他交易公告',
      '902': '其他交易资格审查结果',
      '903': '其他交易成交候选人公示',
      '904': '其他交易成交结果',
      '905': '其他交易合同',
      '906': '其他交易合同变更及履约',
    }[code] ?? code
  );
}

function withoutUndefined(fields: Record<string, SinkFieldValue | undefined>): SinkFieldRecord {
  return Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as SinkFieldRecord;
}

/** The transaction an event belongs to: its stream's code, or the credit event's `transactionId`. */
function transactionIdOf(event: DomainEvent): string | undefined {
  if (isCreditEventType(event.type)) return (event.data as { transactionId?: string }).transactionId;
  const data = event.data as unknown as Record<string, unknown>;
  const field = TRANSACTION_ID_FIELD[event.data.domain];
  const value = data[field];
  return typeof value === 'string' ? value : undefined;
}

function declaredDomain(recorded: RecordedEvent): string | undefined {
  const data = recorded.data;
  if (typeof data !== 'object' || data === null) return undefined;
  const domain = (data as { domain?: unknown }).domain;
  return typeof domain === 'string' ? domain : undefined;
}
