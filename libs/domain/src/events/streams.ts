import { EVENT_TYPES, type EventType } from './catalogue';
import type { CatalogueDomain } from '../catalogues';
import { transactionIdOf } from './subjects';

/** Credit events live in the subject's stream, keyed by its unified social credit code. */
export const CREDIT_EVENT_TYPES = [
  'PenaltyImposed',
  'LicenceGranted',
  'CreditRecorded',
  'BlacklistEntered',
  'BlacklistRemoved',
] as const satisfies readonly EventType[];
export type CreditEventType = (typeof CREDIT_EVENT_TYPES)[number];

/** Disclosures outside a transaction live in their own stream, keyed by the publisher's disclosure id. */
export const DISCLOSURE_EVENT_TYPES = [
  'DisclosurePublished',
  'DisclosureAmended',
] as const satisfies readonly EventType[];
export type DisclosureEventType = (typeof DISCLOSURE_EVENT_TYPES)[number];

/** Every other event type lives in the stream of one transaction (derived, so the three lists always partition EVENT_TYPES). */
export type TransactionEventType = Exclude<EventType, CreditEventType | DisclosureEventType>;
export const TRANSACTION_EVENT_TYPES: readonly TransactionEventType[] = EVENT_TYPES.filter(
  (type): type is TransactionEventType =>
    !(CREDIT_EVENT_TYPES as readonly string[]).includes(type) &&
    !(DISCLOSURE_EVENT_TYPES as readonly string[]).includes(type),
);

export function isDisclosureEventType(type: EventType): type is DisclosureEventType {
  return (DISCLOSURE_EVENT_TYPES as readonly string[]).includes(type);
}

export function isCreditEventType(type: EventType): type is CreditEventType {
  return (CREDIT_EVENT_TYPES as readonly string[]).includes(type);
}

export function isTransactionEventType(type: EventType): type is TransactionEventType {
  return (TRANSACTION_EVENT_TYPES as readonly string[]).includes(type);
}

export const TRANSACTION_STREAM_PREFIX = 'txn-';
export const CREDIT_STREAM_PREFIX = 'credit-';
export const DISCLOSURE_STREAM_PREFIX = 'disclosure-';

export const transactionStreamId = (transactionId: string): string =>
  `${TRANSACTION_STREAM_PREFIX}${transactionId}`;
export const creditStreamId = (creditCode: string): string => `${CREDIT_STREAM_PREFIX}${creditCode}`;
export const disclosureStreamId = (disclosureId: string): string =>
  `${DISCLOSURE_STREAM_PREFIX}${disclosureId}`;

/** Which kind of stream an id names, and the key inside it. */
export function parseStreamId(
  streamId: string,
):
  | { kind: 'transaction'; transactionId: string }
  | { kind: 'credit'; creditCode: string }
  | { kind: 'disclosure'; disclosureId: string }
  | undefined {
  if (streamId.startsWith(TRANSACTION_STREAM_PREFIX) && streamId.length > TRANSACTION_STREAM_PREFIX.length) {
    return { kind: 'transaction', transactionId: streamId.slice(TRANSACTION_STREAM_PREFIX.length) };
  }
  if (streamId.startsWith(CREDIT_STREAM_PREFIX) && streamId.length > CREDIT_STREAM_PREFIX.length) {
    return { kind: 'credit', creditCode: streamId.slice(CREDIT_STREAM_PREFIX.length) };
  }
  if (streamId.startsWith(DISCLOSURE_STREAM_PREFIX) && streamId.length > DISCLOSURE_STREAM_PREFIX.length) {
    return { kind: 'disclosure', disclosureId: streamId.slice(DISCLOSURE_STREAM_PREFIX.length) };
  }
  return undefined;
}

/** The stream an event belongs in: its transaction's, its credit subject's, or its own (a disclosure outside a transaction). */
export function streamIdFor(event: { type: EventType; data: unknown }): string {
  const data = event.data as { subject?: { creditCode?: string }; domain?: CatalogueDomain } & Record<
    string,
    unknown
  >;
  if (isCreditEventType(event.type)) {
    const code = data.subject?.creditCode;
    if (!code) throw new TypeError(`${event.type} has no subject.creditCode`);
    return creditStreamId(code);
  }
  if (isDisclosureEventType(event.type)) {
    const id = data['disclosureId'];
    if (typeof id !== 'string' || id === '') throw new TypeError(`${event.type} has no disclosureId`);
    return disclosureStreamId(id);
  }
  const id = data.domain
    ? transactionIdOf(data as { domain: CatalogueDomain } & Record<string, unknown>)
    : undefined;
  if (!id) throw new TypeError(`${event.type} has no transaction id for its domain`);
  return transactionStreamId(id);
}
