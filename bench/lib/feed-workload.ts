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
 * The feeds bench's events: the domain's own examples (EVENT_EXAMPLES), re-keyed to a new transaction or
 * credit subject each time, stored as the service stores them (schema version and findings in metadata).
 * Each example is serialised once with placeholders, so a new event costs a string replace and a JSON.parse.
 */

const TX = '__BENCH_TX__';
const CODE = '__BENCH_CODE__';
const DOMAINS: readonly CatalogueDomain[] = ['engineering', 'procurement', 'land'];
/** A 10-event transaction: the 8 lifecycle stages, then two more performance records of the contract. */
export const TRANSACTION_STAGES: readonly EventType[] = [
  ...LIFECYCLE_ORDER,
  'ContractChanged',
  'ContractChanged',
];
const CREDIT_TYPES: readonly EventType[] = ['PenaltyImposed', 'CreditRecorded'];

interface Template {
  type: string;
  json: string;
}

/** The example as stored, with every occurrence of `key` (a transaction id, a credit code) made a placeholder. */
function storedTemplate(
  type: EventType,
  domain: CatalogueDomain,
  key: (data: Record<string, unknown>) => string,
  placeholder: string,
): Template {
  const example = exampleEvent(type, domain);
  const metadata = { ...example.metadata, schemaVersion: example.schemaVersion, findings: [] };
  const json = JSON.stringify({ data: example.data, metadata });
  // Whole occurrences also catch derived codes (an engineering bid section code is the tender code + 001).
  return { type, json: json.replaceAll(key(example.data as Record<string, unknown>), placeholder) };
}

const transactionTemplates = new Map<CatalogueDomain, Template[]>(
  DOMAINS.map((domain) => [
    domain,
    TRANSACTION_STAGES.map((type) =>
      storedTemplate(type, domain, (data) => data[TRANSACTION_ID_FIELD[domain]] as string, TX),
    ),
  ]),
);

const creditTemplates = CREDIT_TYPES.map((type) =>
  storedTemplate(type, 'engineering', (data) => (data.subject as { creditCode: string }).creditCode, CODE),
);

function fromTemplate(template: Template, placeholder: string, value: string): EventData {
  const { data, metadata } = JSON.parse(template.json.replaceAll(placeholder, value)) as {
    data: unknown;
    metadata: Record<string, unknown>;
  };
  return { id: randomUUID(), type: template.type, data, metadata };
}

export interface StreamAppend {
  streamId: string;
  events: EventData[];
}

/** Hands out whole transactions (10 events each) and credit subjects (a penalty and a credit record). */
export class FeedWorkload {
  private transactions = 0;
  private readonly rnd = prng(20261123);
  /** Five capitals/digits per run, so two runs against one store never reuse a transaction id. */
  private readonly runTag = Date.now().toString(36).toUpperCase().slice(-5);

  /** The next transaction's events, all of them, in lifecycle order. */
  transaction(): StreamAppend {
    const index = ++this.transactions;
    const domain = DOMAINS[index % DOMAINS.length]!;
    // Shaped as a tender project code (valid in every domain): region 320602, 11 capitals/digits, sequence 001.
    const transactionId = `320602${this.runTag}${String(index).padStart(6, '0')}001`;
    return {
      streamId: transactionStreamId(transactionId),
      events: transactionTemplates.get(domain)!.map((template) => fromTemplate(template, TX, transactionId)),
    };
  }

  /** A fresh credit subject with a penalty and a credit record. */
  creditSubject(): StreamAppend {
    const code = creditCode(this.rnd, '440304');
    return {
      streamId: creditStreamId(code),
      events: creditTemplates.map((t) => fromTemplate(t, CODE, code)),
    };
  }

  /** One transaction, one stage: what a centre publishes as it happens (the latency runs). */
  announcement(): StreamAppend {
    const { streamId, events } = this.transaction();
    return { streamId, events: [events[0]!] };
  }

  /**
   * Appends whole streams (ten transactions, then a credit subject) until `total` events are in the store,
   * `concurrency` appends in flight.
   */
  async load(store: EventStore, total: number, concurrency = 32, label = 'load'): Promise<number> {
    const progress = new Progress(label, total);
    let appended = 0;
    let appends = 0;
    const next = (): StreamAppend | undefined => {
      if (appended >= total) return undefined;
      const append = ++appends % 11 === 0 ? this.creditSubject() : this.transaction();
      append.events.splice(total - appended);
      appended += append.events.length;
      return append;
    };
    // Concurrent appends share the store's group commit (one transaction for many appends).
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
