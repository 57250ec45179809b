import {
  eventDataSchemas,
  isCreditEventType,
  isEventType,
  type CatalogueDomain,
  type EventData,
} from '@gongkai/domain';
import type { RecordedEvent } from '@gongkai/event-store';
import { CREDIT_CHINA_FORMAT, CREDIT_CHINA_RECORDS, CREDIT_CHINA_VALUES } from './credit-china.records';
import { defaultPublicView, informationSourceOf, readDomainEvent, type PublicViewOf } from './domain-event';
import { collectSchemaFields } from './schema-fields';
import type { SinkFieldRecord, SinkFieldValue, SinkMapper, SinkRecord } from './sink-record';

export interface CreditChinaMapperOptions {
  /** 数据来源单位 registered with the credit platform, for records whose event names no data source. */
  dataSourceName?: string;
  dataSourceCode?: string;
  /** Redaction applied before mapping (default: the domain's `toPublicView`). */
  publicView?: PublicViewOf;
}

/**
 * Credit events -> Credit China records: penalties as 双公示 行政处罚 (`cf_*`), blacklist entries and
 * removals, credit records (see credit-china.records.ts). Transaction stage events are not taken.
 * Built from the redacted public view. The data source (`cf_sjly`/`cf_sjlydm`, `hmd_sjly`…) is the one the
 * event names (a penalty's or licence's `dataSource`), else the authority that decided (a blacklist entry's or
 * removal's, a credit record's 认定机关): the record's source is who made the decision, not who typed it in or
 * which centre pushes it. The configured unit, then the publisher, only stand in for an event naming neither.
 */
export function createCreditChinaMapper(options: CreditChinaMapperOptions): SinkMapper {
  const publicView = options.publicView ?? defaultPublicView;
  const configuredSource =
    options.dataSourceName !== undefined && options.dataSourceCode !== undefined
      ? { name: options.dataSourceName, creditCode: options.dataSourceCode }
      : undefined;
  return {
    kind: 'credit-china',
    map(recorded: RecordedEvent): SinkRecord | undefined {
      if (!isEventType(recorded.type) || !isCreditEventType(recorded.type)) return undefined;
      const event = readDomainEvent(recorded);
      if (event === undefined || !isCreditEventType(event.type)) return undefined;
      const recordType = CREDIT_CHINA_RECORDS[event.type];
      const view = publicView(event);
      const data = view.data as EventData<typeof event.type>;
      const names = recordType.fields(data.domain as CatalogueDomain);
      const collected = collectSchemaFields(
        eventDataSchemas[event.type],
        data,
        (_meta, path) => names[path],
        CREDIT_CHINA_FORMAT,
      );
      const fields: Record<string, SinkFieldValue> = {};
      for (const [name, value] of Object.entries(collected)) {
        const convert = CREDIT_CHINA_VALUES[name];
        fields[name] = convert ? convert(value) : value;
      }
      const source = dataSourceOf(data) ?? configuredSource ?? informationSourceOf(view);
      fields[recordType.dataSource.name] ??= source.name;
      fields[recordType.dataSource.creditCode] ??= source.creditCode;
      return {
        dataSet: recordType.dataSet,
        dataSetName: recordType.dataSetName,
        fields: fields as SinkFieldRecord,
      };
    },
  };
}

type Party = { name: string; creditCode: string };

/** The event's own data source, else its deciding authority (every credit event names one). */
function dataSourceOf(data: object): Party | undefined {
  const named = data as { dataSource?: Party; authority?: Party };
  return named.dataSource ?? named.authority;
}
