import type { IHeaders, Message } from 'kafkajs';
import type { RecordedEvent } from '@gongkai/event-store';

/**
 * One event as one Kafka message, in the CloudEvents Kafka protocol binding's binary mode: the value is
 * the event's JSON payload, the CloudEvents attributes travel as `ce_*` headers, and the key is the
 * stream id, so all events of a transaction land in one partition, in order.
 */

export const FEED_HEADERS = {
  specVersion: 'ce_specversion',
  id: 'ce_id',
  type: 'ce_type',
  source: 'ce_source',
  subject: 'ce_subject',
  time: 'ce_time',
  /** The binding maps `datacontenttype` to the plain `content-type` header. */
  contentType: 'content-type',
  /** Global position in the store's `$all` order. */
  position: 'gongkai_position',
  /** 0-based revision of the event in its stream: consumers deduplicate and detect gaps with it. */
  revision: 'gongkai_revision',
  /** Filter attributes, so a consumer can skip a message without parsing its value. */
  domain: 'gongkai_domain',
  region: 'gongkai_region',
  stage: 'gongkai_stage',
  /** `public` (redacted), `full`, or `withheld` (no public view: headers only, null value). */
  view: 'gongkai_view',
  /**
   * Every event at or below this position was acknowledged by Kafka before this message was sent.
   * The publisher resumes from it after a crash (see resume-position.ts).
   */
  durableThrough: 'gongkai_durable_through',
} as const;

export const CLOUDEVENTS_SPEC_VERSION = '1.0';

/** Which payload a topic carries; a message whose event has none for that topic is `withheld`. */
export type FeedView = 'public' | 'full';
export type FeedMessageView = FeedView | 'withheld';

/** What a consumer filters on (see docs/feeds.md). */
export interface FeedAttributes {
  /** Catalogue domain (`engineering`, `procurement`, `land`...). */
  domain?: string;
  /** GB/T 2260 region code of the publishing jurisdiction. */
  region?: string;
  /** Lifecycle stage the event records. */
  stage?: string;
}

export type FeedAttributesOf = (event: RecordedEvent) => FeedAttributes;

/**
 * The payload published for an event on one topic. `undefined` withholds it: the message still goes
 * out, with its headers and a null value, so a consumer sees every revision of a stream and can tell a
 * withheld event from a lost one.
 */
export type FeedPayloadOf = (event: RecordedEvent) => unknown;

function stringField(value: unknown, field: string): string | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const found = (value as Record<string, unknown>)[field];
  return typeof found === 'string' && found.length > 0 ? found : undefined;
}

/** Domain from `data.domain`, region from `metadata.regionCode`, stage = the event type (one type per stage). */
export const defaultFeedAttributes: FeedAttributesOf = (event) => ({
  domain: stringField(event.data, 'domain'),
  region: stringField(event.metadata, 'regionCode'),
  stage: event.type,
});

/** The full payload for authorised consumers: the event's data and metadata as recorded. */
export const fullFeedPayload: FeedPayloadOf = (event) => ({ data: event.data, metadata: event.metadata });

export interface FeedMessageContext {
  source: string;
  typePrefix: string;
  view: FeedView;
  attributes: FeedAttributes;
  durableThrough: number;
}

export function toFeedMessage(event: RecordedEvent, payload: unknown, context: FeedMessageContext): Message {
  const withheld = payload === undefined;
  const headers: IHeaders = {
    [FEED_HEADERS.specVersion]: CLOUDEVENTS_SPEC_VERSION,
    [FEED_HEADERS.id]: event.id,
    [FEED_HEADERS.type]: `${context.typePrefix}${event.type}`,
    [FEED_HEADERS.source]: context.source,
    [FEED_HEADERS.subject]: event.streamId,
    [FEED_HEADERS.time]: event.recordedAt,
    [FEED_HEADERS.position]: String(event.position),
    [FEED_HEADERS.revision]: String(event.revision),
    [FEED_HEADERS.view]: withheld ? 'withheld' : context.view,
    [FEED_HEADERS.durableThrough]: String(context.durableThrough),
  };
  const { domain, region, stage } = context.attributes;
  if (!withheld) headers[FEED_HEADERS.contentType] = 'application/json';
  if (domain !== undefined) headers[FEED_HEADERS.domain] = domain;
  if (region !== undefined) headers[FEED_HEADERS.region] = region;
  if (stage !== undefined) headers[FEED_HEADERS.stage] = stage;
  // The message timestamp stays the send time: an old event's recordedAt as CreateTime would make
  // time-based retention delete a republished history at once. ce_time carries recordedAt.
  return { key: event.streamId, value: withheld ? null : JSON.stringify(payload), headers };
}

/** A header's value as a string (kafkajs hands consumers Buffers). */
export function headerString(headers: IHeaders | undefined, name: string): string | undefined {
  const raw = headers?.[name];
  const value = Array.isArray(raw) ? raw[raw.length - 1] : raw;
  if (value === undefined) return undefined;
  return typeof value === 'string' ? value : value.toString('utf8');
}

/** A numeric gongkai header, or undefined when absent or malformed. */
export function headerNumber(headers: IHeaders | undefined, name: string): number | undefined {
  const value = headerString(headers, name);
  if (value === undefined || !/^\d+$/.test(value)) return undefined;
  return Number(value);
}
