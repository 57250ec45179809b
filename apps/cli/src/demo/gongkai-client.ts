import type { DomainEvent } from '@gongkai/domain';

/** An answer of the service: the HTTP status and the parsed JSON body (problem+json for errors). */
export interface HttpAnswer<T = unknown> {
  status: number;
  body: T;
}

/** RFC 9457 problem as the service answers it; `code` is the domain rule code for 409/422. */
export interface ProblemAnswer {
  type: string;
  title: string;
  status: number;
  detail: string;
  code?: string;
  detailZh?: string;
  errors?: { field: string; message: string }[];
}

export interface AppendedAnswer {
  eventId: string;
  streamId: string;
  revision: number;
  position: number;
  hash: string;
  findings: Record<string, unknown>[];
  replayed: boolean;
}

export interface BatchAnswer {
  accepted: number;
  replayed: number;
  failed: number;
  items: ({ index: number; status: number } & (
    { replayed: boolean; result: Omit<AppendedAnswer, 'replayed'> } | { problem: ProblemAnswer }
  ))[];
}

export class ServiceUnreachable extends Error {
  constructor(url: string, cause: unknown) {
    super(`Cannot reach the service at ${url}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ServiceUnreachable';
  }
}

/** The body a publisher sends for one event: the domain event without what the service sets. */
export function envelopeOf(event: DomainEvent): Record<string, unknown> {
  const { recordedAt: _recordedAt, findings: _findings, ...metadata } = event.metadata;
  return { id: event.id, type: event.type, schemaVersion: event.schemaVersion, data: event.data, metadata };
}

/** A small HTTP client of the gongkai v1 API (Node's fetch), just what the demo needs. */
export class GongkaiClient {
  constructor(readonly baseUrl: string) {}

  async request<T>(
    method: string,
    path: string,
    options: { token?: string; body?: unknown } = {},
  ): Promise<HttpAnswer<T>> {
    const url = `${this.baseUrl}${path}`;
    let response: Response;
    try {
      response = await fetch(url, {
        method,
        headers: {
          accept: 'application/json',
          ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        },
        body: options.body !== undefined ? JSON.stringify(options.body) : undefined,
      });
    } catch (error) {
      throw new ServiceUnreachable(url, error);
    }
    const text = await response.text();
    return { status: response.status, body: (text ? JSON.parse(text) : undefined) as T };
  }

  appendEvent(
    token: string,
    transactionId: string,
    event: DomainEvent,
  ): Promise<HttpAnswer<AppendedAnswer | ProblemAnswer>> {
    return this.request('POST', `/v1/transactions/${encodeURIComponent(transactionId)}/events`, {
      token,
      body: envelopeOf(event),
    });
  }

  /** Credit events have no transaction: they go through the batch endpoint, which routes them to their subject's stream. */
  appendBatch(
    token: string,
    events: readonly DomainEvent[],
  ): Promise<HttpAnswer<BatchAnswer | ProblemAnswer>> {
    return this.request('POST', '/v1/events:batch', { token, body: { events: events.map(envelopeOf) } });
  }
}
