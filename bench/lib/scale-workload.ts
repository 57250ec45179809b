import { randomUUID } from 'node:crypto';
import {
  LIFECYCLE_ORDER,
  TRANSACTION_ID_FIELD,
  creditStreamId,
  exampleEvent,
  transactionStreamId,
  type CatalogueDomain,
  type EventType,
} from '@gongkai/domain';
import type { EventData, EventStore } from '@gongkai/event-store';
import { creditCode, prng } from './chinese-events';
import { Progress } from './stats';

/**
 * The scale bench's store: whole lifecycles of engineering, procurement and land transactions (the
 * domain's examples, re-keyed), spread over 15 districts of 5 Jiangsu cities and over time (a transaction
 * every few minutes), with a statutory finding stored on about 1.7 % of events, and every eleventh stream
 * a credit subject (a penalty and a credit record). Events are stored as the service stores them (schema
 * version and findings in metadata), appended to the store directly: the service's HTTP path would take
 * hours for millions of events.
 */

export const REGIONS = [
  '320602',
  '320612',
  '320613',
  '320681',
  '320685', // Nantong
  '320505',
  '320506',
  '320508', // Suzhou
  '320102',
  '320104',
  '320105', // Nanjing
  '320205',
  '320211', // Wuxi
  '321002',
  '321003', // Yangzhou
] as const;

const TX = '__BENCH_TX__';
const CODE = '__BENCH_CODE__';
const DOMAINS: readonly CatalogueDomain[] = ['engineering', 'procurement', 'land'];
const STAGES: readonly EventType[] = [...LIFECYCLE_ORDER, 'ContractChanged', 'ContractChanged'];
const CREDIT_TYPES: readonly EventType[] = ['PenaltyImposed', 'CreditRecorded'];
/** Share of events stored with a finding (as measured on a province's trail in issue 17). */
export const FINDING_SHARE = 0.017;

/** What the service stores for a late disclosure (the decider's CatalogueFinding shape). */
const FINDING = {
  code: 'LATE_DISCLOSURE',
  ruleId: 'engineering.candidates.publish-within-3d',
  origin: 'statute',
  sourceText: '招标投标法实施条例 第五十四条',
  from: '2026-03-26',
  due: '2026-03-30',
  actual: '2026-04-07',
  lateByWorkingDays: 5,
  lateByCalendarDays: 8,
  message: { zh: '中标候选人公示逾期 5 个工作日', en: 'Candidates publicised 5 working days late' },
};

interface Template {
  type: string;
  json: string;
}

function storedTemplate(
  type: EventType,
  domain: CatalogueDomain,
  key: (data: Record<string, unknown>) => string,
  placeholder: string,
): Template {
  const example = exampleEvent(type, domain);
  const metadata = { ...example.metadata, schemaVersion: example.schemaVersion, findings: [] };
  const json = JSON.stringify({ data: example.data, metadata });
  return { type, json: json.replaceAll(key(example.data as Record<string, unknown>), placeholder) };
}

const transactionTemplates = new Map<CatalogueDomain, Template[]>(
  DOMAINS.map((domain) => [
    domain,
    STAGES.map((type) =>
      storedTemplate(type, domain, (data) => data[TRANSACTION_ID_FIELD[domain]] as string, TX),
    ),
  ]),
);
const creditTemplates = CREDIT_TYPES.map((type) =>
  storedTemplate(type, 'engineering', (data) => (data.subject as { creditCode: string }).creditCode, CODE),
);

const START = Date.parse('2020-01-01T01:00:00Z');
const MINUTE = 60_000;

export interface ScaleStream {
  streamId: string;
  events: EventData[];
}

export class ScaleWorkload {
  private streams = 0;
  private transactions = 0;
  private readonly rnd = prng(20261127);
  readonly transactionIds: string[] = [];
  readonly creditCodes: string[] = [];

  private event(
    template: Template,
    placeholder: string,
    value: string,
    at: number,
    region?: string,
  ): EventData {
    const { data, metadata } = JSON.parse(template.json.replaceAll(placeholder, value)) as {
      data: unknown;
      metadata: Record<string, unknown>;
    };
    const instant = new Date(at).toISOString();
    metadata.publishedAt = instant;
    metadata.occurredAt = instant;
    if (region) metadata.regionCode = region;
    if (this.rnd() < FINDING_SHARE) metadata.findings = [FINDING];
    return { id: randomUUID(), type: template.type, data, metadata };
  }

  transaction(): ScaleStream {
    const index = ++this.transactions;
    const domain = DOMAINS[index % DOMAINS.length]!;
    const region = REGIONS[Math.floor(this.rnd() * REGIONS.length)]!;
    // A tender project code: region, 11 capitals/digits, sequence 001 (valid in every domain).
    const transactionId = `${region}S${String(index).padStart(10, '0')}001`;
    if (index % 97 === 0) this.transactionIds.push(transactionId);
    // A transaction announced every 3 minutes; its stages follow over the next weeks.
    const announced = START + index * 3 * MINUTE;
    return {
      streamId: transactionStreamId(transactionId),
      events: transactionTemplates
        .get(domain)!
        .map((template, stage) =>
          this.event(template, TX, transactionId, announced + stage * 3 * 86_400_000, region),
        ),
    };
  }

  creditSubject(): ScaleStream {
    const code = creditCode(this.rnd, '320602');
    if (this.creditCodes.length < 1000) this.creditCodes.push(code);
    const at = START + this.transactions * 3 * MINUTE;
    return {
      streamId: creditStreamId(code),
      events: creditTemplates.map((t) => this.event(t, CODE, code, at)),
    };
  }

  /** Appends whole streams until `total` events are in the store, `concurrency` appends in flight. */
  async load(store: EventStore, total: number, concurrency = 32): Promise<number> {
    const progress = new Progress('load', total, 10_000);
    let appended = 0;
    const next = (): ScaleStream | undefined => {
      if (appended >= total) return undefined;
      const append = ++this.streams % 11 === 0 ? this.creditSubject() : this.transaction();
      append.events.splice(total - appended);
      appended += append.events.length;
      return append;
    };
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        for (let append = next(); append; append = next()) {
          await store.append(append.streamId, append.events);
          progress.update(appended);
        }
      }),
    );
    return appended;
  }
}
