import { createHash } from 'node:crypto';
import {
  exampleEvent,
  type CatalogueDomain,
  type DomainEvent,
  type EventMetadata,
  type EventType,
  type Party,
} from '@gongkai/domain';

/**
 * Builds demo events from the domain's own examples (which carry every field each domain's schema asks
 * for), moved in time and re-targeted at another transaction, publisher and region.
 */

const INSTANT = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})(?:\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
const SHANGHAI_MS = 8 * 3_600_000;

/** An ISO instant moved by whole days, written in China Standard Time (`+08:00`) like the examples. */
export function shiftInstant(iso: string, days: number): string {
  const shifted = Date.parse(iso) + days * DAY_MS + SHANGHAI_MS;
  return `${new Date(shifted).toISOString().slice(0, 19)}+08:00`;
}

function shiftDate(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

/** Every instant and calendar date inside a value, moved by whole days. */
export function shiftDates<T>(value: T, days: number): T {
  if (days === 0) return value;
  if (typeof value === 'string') {
    if (INSTANT.test(value)) return shiftInstant(value, days) as T;
    if (DATE.test(value)) return shiftDate(value, days) as T;
    return value;
  }
  if (Array.isArray(value)) return value.map((item: unknown) => shiftDates(item, days)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, shiftDates(inner, days)]),
    ) as T;
  }
  return value;
}

/**
 * A stable UUID (version 5 layout) for a demo event, so running the demo twice on the same data directory
 * is an idempotent retry instead of a second, conflicting lifecycle.
 */
export function demoEventId(name: string): string {
  const hex = createHash('sha256').update(`gongkai-demo/${name}`).digest('hex');
  const variant = ((parseInt(hex[16]!, 16) & 0x3) | 0x8).toString(16);
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-5${hex.slice(13, 16)}-${variant}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

export interface StageSpec {
  /** Unique name of the event within the demo; its id derives from it. */
  name: string;
  type: EventType;
  domain: CatalogueDomain;
  /** Days to move every date of the domain example by (weeks keep weekdays). */
  shiftDays: number;
  /** Fields replacing the example's (after the shift): the subject group and what differs. */
  data?: Record<string, unknown>;
  publisher: Party;
  publisherRole?: EventMetadata['publisherRole'];
  regionCode: string;
  sourceSystem: string;
  occurredAt?: string;
  publishedAt?: string;
}

export function buildStage(spec: StageSpec): DomainEvent {
  const example = shiftDates(exampleEvent(spec.type, spec.domain), spec.shiftDays);
  const { correlationId: _exampleCorrelation, ...metadata } = example.metadata;
  return {
    ...example,
    id: demoEventId(spec.name),
    data: { ...(example.data as Record<string, unknown>), ...spec.data },
    metadata: {
      ...metadata,
      publisher: spec.publisher,
      publisherRole: spec.publisherRole ?? 'implementer',
      regionCode: spec.regionCode,
      sourceSystem: spec.sourceSystem,
      occurredAt: spec.occurredAt ?? metadata.occurredAt,
      publishedAt: spec.publishedAt ?? metadata.publishedAt,
    },
  } as DomainEvent;
}
