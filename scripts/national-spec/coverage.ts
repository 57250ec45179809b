/**
 * Per data set of the national data specification: the fields gongkai's provincial mapper sends for every
 * domain's example lifecycle (and the credit examples), against the specification's fields and required
 * fields.
 *
 *   npx tsx scripts/national-spec/coverage.ts            # table on stdout
 *   npx tsx scripts/national-spec/coverage.ts --json     # the same as JSON
 */
import { EVENT_EXAMPLES, isCreditEventType, type DomainEvent } from '@gongkai/domain';
import {
  ENVELOPE_FIELD_NAMES,
  NATIONAL_DATA_SETS,
  NationalSpecViolation,
  createProvincialPlatformMapper,
  isNumberedDomain,
  type SinkRecord,
} from '@gongkai/sinks';
import type { RecordedEvent } from '@gongkai/event-store';

export interface DataSetCoverage {
  dataSet: string;
  name: string;
  records: number;
  /** Specification fields sent in at least one record. */
  sent: number;
  specFields: number;
  /** Required fields present in every record of the data set. */
  requiredCovered: number;
  required: number;
  missingRequired: string[];
  /** Required fields sent with a PROVISIONAL value of a database-held code table (DEFAULT_NATIONAL_CODES). */
  provisionalCodes: string[];
}

export interface CoverageReport {
  dataSets: DataSetCoverage[];
  requiredCovered: number;
  required: number;
  /** Of the required fields covered, those holding a provisional code value. */
  provisionalCodes: number;
  refused: string[];
}

/**
 * Code-valued fields whose value is not provisional: compared against in the public implementation's own code
 * (公告性质, 公告类型, 主体类别 2, 主体角色 01/02) or taken from the event (矿种代码).
 */
const SETTLED_CODE_FIELDS = new Set([
  'NOTICE_NATURE',
  'BULLETIN_TYPE',
  'TENDERER_CODE_TYPE',
  'TENDER_AGENCY_CODE_TYPE',
  'BIDDER_CODE_TYPE',
  'BIDDER_TYPE',
  'BODY_TYPE',
  'LENDING_TYPE',
  'SELLER_TYPE',
  'TENDERER_ROLE',
  'TENDER_AGENCY_ROLE',
  'PURCHASER_ROLE',
  'IN_MINE_COME',
]);

function recorded(event: DomainEvent, position: number): RecordedEvent {
  return {
    id: event.id,
    type: event.type,
    streamId: 'txn-example',
    revision: 0,
    position,
    data: event.data,
    metadata: { ...event.metadata, schemaVersion: event.schemaVersion },
    recordedAt: '2026-03-02T01:00:05.000Z',
  } as unknown as RecordedEvent;
}

export function nationalCoverage(): CoverageReport {
  const mapper = createProvincialPlatformMapper({
    platformCode: '12320600466789123X',
    pubServicePlatCode: 'G3200000001',
  });
  const byDataSet = new Map<string, SinkRecord[]>();
  const refused: string[] = [];
  EVENT_EXAMPLES.forEach((event, index) => {
    const domain = (event.data as { domain: string }).domain;
    const credit = isCreditEventType(event.type);
    if (!isNumberedDomain(domain) && !credit) return;
    try {
      const record = mapper.map(recorded(event, index));
      for (const each of record ? [...(record.preceding ?? []), record] : []) {
        byDataSet.set(each.dataSet, [...(byDataSet.get(each.dataSet) ?? []), each as SinkRecord]);
      }
    } catch (error) {
      if (!(error instanceof NationalSpecViolation)) throw error;
      refused.push(`${event.type}/${domain}: ${error.message}`);
    }
  });
  const dataSets = [...byDataSet.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([code, records]) => {
      const spec = NATIONAL_DATA_SETS[code]!;
      const sentNames = new Set(records.flatMap((record) => Object.keys(record.fields)));
      const required = spec.fields.filter((field) => field.required).map((field) => field.name);
      const missingRequired = required.filter(
        (name) => !records.every((record) => record.fields[name] !== undefined),
      );
      const provisionalCodes = spec.fields
        .filter(
          (field) =>
            field.required &&
            field.codeTable?.name.startsWith('sys_dic') &&
            !SETTLED_CODE_FIELDS.has(field.name),
        )
        .map((field) => field.name)
        .filter((name) => !missingRequired.includes(name));
      return {
        dataSet: code,
        name: spec.name,
        records: records.length,
        sent: spec.fields.filter(
          (field) => sentNames.has(field.name) && !ENVELOPE_FIELD_NAMES.has(field.name),
        ).length,
        specFields: spec.fields.length,
        requiredCovered: required.length - missingRequired.length,
        required: required.length,
        missingRequired,
        provisionalCodes,
      };
    });
  return {
    dataSets,
    requiredCovered: dataSets.reduce((sum, set) => sum + set.requiredCovered, 0),
    required: dataSets.reduce((sum, set) => sum + set.required, 0),
    provisionalCodes: dataSets.reduce((sum, set) => sum + set.provisionalCodes.length, 0),
    refused,
  };
}

if (require.main === module) {
  const report = nationalCoverage();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    console.log(
      '| data set | records | fields sent / spec fields | required covered | of which provisional codes |',
    );
    console.log('|---|---|---|---|---|');
    for (const set of report.dataSets) {
      const missing = set.missingRequired.length ? ` (missing ${set.missingRequired.join(', ')})` : '';
      const provisional = set.provisionalCodes.length ? set.provisionalCodes.join(', ') : '–';
      console.log(
        `| ${set.dataSet} ${set.name} | ${set.records} | ${set.sent} / ${set.specFields} | ` +
          `${set.requiredCovered} / ${set.required}${missing} | ${provisional} |`,
      );
    }
    const percent = (part: number) => ((100 * part) / report.required).toFixed(1);
    const settled = report.requiredCovered - report.provisionalCodes;
    console.log(
      `\nrequired fields covered: ${report.requiredCovered} / ${report.required} (${percent(report.requiredCovered)} %); ` +
        `without the ${report.provisionalCodes} holding provisional code values: ${settled} (${percent(settled)} %)`,
    );
    for (const line of report.refused) console.log(`refused: ${line}`);
  }
}
