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
}

export interface CoverageReport {
  dataSets: DataSetCoverage[];
  requiredCovered: number;
  required: number;
  refused: string[];
}

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
      };
    });
  return {
    dataSets,
    requiredCovered: dataSets.reduce((sum, set) => sum + set.requiredCovered, 0),
    required: dataSets.reduce((sum, set) => sum + set.required, 0),
    refused,
  };
}

if (require.main === module) {
  const report = nationalCoverage();
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify(report, null, 2));
  } else {
    console.log('| data set | records | fields sent / spec fields | required covered |');
    console.log('|---|---|---|---|');
    for (const set of report.dataSets) {
      const missing = set.missingRequired.length ? ` (missing ${set.missingRequired.join(', ')})` : '';
      console.log(
        `| ${set.dataSet} ${set.name} | ${set.records} | ${set.sent} / ${set.specFields} | ${set.requiredCovered} / ${set.required}${missing} |`,
      );
    }
    const percent = ((100 * report.requiredCovered) / report.required).toFixed(1);
    console.log(`\nrequired fields covered: ${report.requiredCovered} / ${report.required} (${percent} %)`);
    for (const line of report.refused) console.log(`refused: ${line}`);
  }
}
