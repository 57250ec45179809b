import {
  eventDataSchemas,
  PLATFORM_ENVELOPE_FIELDS,
  SPEC_FIELDS,
  type CatalogueDomain,
  type DomainEvent,
} from '@gongkai/domain';
import type { RecordedEvent } from '@gongkai/event-store';
import { toSpecDateTime } from './data-timestamp';
import { defaultPublicView, informationSourceOf, readDomainEvent, type PublicViewOf } from './domain-event';
import { DEFAULT_PROVINCIAL_DATA_SETS, dataSetFor, type DataSetTable } from './provincial-platform.data-sets';
import { collectSchemaFields } from './schema-fields';
import { UnmappableEvent, type SinkFieldRecord, type SinkMapper, type SinkRecord } from './sink-record';

export interface ProvincialPlatformMapperOptions {
  /** `PLATFORM_CODE`: this trading system. */
  platformCode: string;
  /** `PUB_SERVICE_PLAT_CODE`: the public service platform pushed to. */
  pubServicePlatCode: string;
  /** Data set numbering; a province that numbers differently passes its own (default: the table beside). */
  dataSets?: DataSetTable;
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
} as const;

/** 公告性质 of announcement data sets: 1 normal, 2 correction, 3 termination. */
export const NOTICE_NATURE_FIELD = 'NOTICE_NATURE';

/**
 * Stage and blacklist events -> records of the national data specification (公共资源交易平台系统数据规范):
 * the data set of the event's domain, the fields the domain's SPEC_FIELDS names, the platform envelope
 * (`PLATFORM_CODE`, `PUB_SERVICE_PLAT_CODE`, `DATA_TIMESTAMP`) and the information source. Always built
 * from the redacted public view. `DATA_TIMESTAMP` is the store's `recordedAt`, so a resent record is
 * byte-for-byte the same.
 */
export function createProvincialPlatformMapper(options: ProvincialPlatformMapperOptions): SinkMapper {
  const dataSets = options.dataSets ?? DEFAULT_PROVINCIAL_DATA_SETS;
  const publicView = options.publicView ?? defaultPublicView;
  return {
    kind: 'provincial-platform',
    map(recorded: RecordedEvent): SinkRecord | undefined {
      // Events the platform does not take are skipped before they are parsed: one that no longer
      // parses must not be dead-lettered for a target that would never receive it.
      if (dataSetFor(dataSets, declaredDomain(recorded), recorded.type) === undefined) return undefined;
      const event = readDomainEvent(recorded);
      if (event === undefined) return undefined;
      const domain = domainOf(event);
      const entry = dataSetFor(dataSets, domain, event.type);
      if (entry === undefined) return undefined;
      const view = publicView(event);
      const specFields = SPEC_FIELDS[event.type]?.[domain]?.fields;
      if (specFields === undefined) {
        throw new UnmappableEvent(event.id, event.type, `no national field mapping for domain ${domain}`);
      }
      const source = informationSourceOf(view);
      const fields: SinkFieldRecord = {
        [PLATFORM_ENVELOPE_FIELDS.platformCode]: options.platformCode,
        [PLATFORM_ENVELOPE_FIELDS.pubServicePlatCode]: options.pubServicePlatCode,
        [PLATFORM_ENVELOPE_FIELDS.dataTimestamp]: toSpecDateTime(recorded.recordedAt),
        ...(entry.noticeNature !== undefined ? { [NOTICE_NATURE_FIELD]: entry.noticeNature } : {}),
        ...collectSchemaFields(eventDataSchemas[event.type], view.data, (_meta, path) => specFields[path]),
        [INFORMATION_SOURCE_FIELDS.name]: source.name,
        [INFORMATION_SOURCE_FIELDS.creditCode]: source.creditCode,
        [INFORMATION_SOURCE_FIELDS.sourceSystem]: source.sourceSystem,
      };
      return { dataSet: entry.code, dataSetName: entry.name, fields };
    },
  };
}

function declaredDomain(recorded: RecordedEvent): string | undefined {
  const data = recorded.data;
  if (typeof data !== 'object' || data === null) return undefined;
  const domain = (data as { domain?: unknown }).domain;
  return typeof domain === 'string' ? domain : undefined;
}

/** Every event of the catalogue names its domain: the discriminator of stage events, an attribute of credit ones. */
function domainOf(event: DomainEvent): CatalogueDomain {
  return event.data.domain;
}
