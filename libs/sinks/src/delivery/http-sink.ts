import { setTimeout as sleep } from 'node:timers/promises';
import {
  BulkheadPolicy,
  CircuitBreakerPolicy,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  IBackoff,
  IBackoffFactory,
  IRetryBackoffContext,
  RetryPolicy,
  TimeoutPolicy,
  TimeoutStrategy,
  bulkhead,
  circuitBreaker,
  handleType,
  handleWhen,
  retry,
  timeout,
} from 'cockatiel';
import type { RecordedEvent } from '@gongkai/event-store';
import { jsonPayloadFormat, type PayloadFormat } from '../mappers/payload-format';
import type { SinkRecord } from '../mappers/sink-record';
import {
  AttemptFailure,
  DeliveryAborted,
  FinalAttemptFailure,
  HttpStatusError,
  RetryableAttemptFailure,
  classifyAttemptError,
  isTargetFailure,
} from './delivery-errors';
import { fetchTransport, type HttpTransport } from './http-transport';
import { parseRetryAfter } from './retry-after';
import { SinkTargetConfig, displayUrl } from './sink-target.config';

export type CircuitStateName = 'closed' | 'open' | 'half-open' | 'isolated';

/** The part of a recorded event the HTTP request needs. */
export type DeliverableEvent = Pick<RecordedEvent, 'id' | 'type' | 'streamId' | 'position'>;

export type DeliveryOutcome =
  | { kind: 'delivered'; status: number; attempts: number }
  | {
      kind: 'failed';
      /**
       * rejected: a 4xx that will never succeed; attempts-exhausted: maxAttempts failures while the target
       * seemed up; unavailable: a single operator attempt found the target down or throttling.
       */
      reason: 'rejected' | 'attempts-exhausted' | 'unavailable';
      failure: AttemptFailure;
      attempts: number;
    };

export interface AttemptFailureReport {
  target: string;
  eventId: string;
  streamId: string;
  position: number;
  failure: AttemptFailure;
  at: string;
}

export interface HttpSinkOptions {
  format?: PayloadFormat;
  /** Called after every failed attempt that reached the target (for logs and status). */
  onAttemptFailure?: (report: AttemptFailureReport) => void;
  /** Called when the circuit opens, half-opens or closes. */
  onCircuitStateChange?: (target: string, state: CircuitStateName) => void;
  /** How requests reach the target (fetch by default). */
  transport?: HttpTransport;
  /**
   * Headers computed for each attempt from the exact body sent (a subscription's Standard Webhooks
   * signature, whose timestamp must be the attempt's, not the first one's).
   */
  signRequest?: (eventId: string, body: string | Uint8Array) => Record<string, string>;
}

const RESPONSE_EXCERPT_CHARS = 300;

/**
 * Delivers records to one HTTP target through cockatiel policies:
 * retry (exponential backoff with decorrelated jitter) -> circuit breaker -> bulkhead (concurrency) ->
 * timeout -> fetch. The event id travels as `Idempotency-Key`, so a retried request is recognisable.
 * A Retry-After answer pauses the whole target, not just the stream that received it.
 */
export class HttpSink {
  readonly name: string;
  readonly format: PayloadFormat;
  private readonly retryPolicy: RetryPolicy;
  private readonly breaker: CircuitBreakerPolicy;
  private readonly concurrencyLimit: BulkheadPolicy;
  private readonly requestTimeout: TimeoutPolicy;
  private readonly staticHeaders: Record<string, string>;
  private pausedUntil = 0;
  private lastFailureReport: AttemptFailureReport | undefined;

  constructor(
    private readonly config: SinkTargetConfig,
    private readonly options: HttpSinkOptions = {},
  ) {
    this.name = config.name;
    this.format = options.format ?? jsonPayloadFormat;
    this.retryPolicy = retry(handleType(RetryableAttemptFailure), {
      maxAttempts: Number.POSITIVE_INFINITY,
      backoff: new CircuitAwareBackoff(
        new ExponentialBackoff({
          initialDelay: config.retry.initialDelayMs,
          maxDelay: config.retry.maxDelayMs,
        }),
        config.circuitBreaker.halfOpenAfterMs,
      ),
    }).dangerouslyUnref();
    this.breaker = circuitBreaker(handleWhen(isTargetFailure), {
      halfOpenAfter: config.circuitBreaker.halfOpenAfterMs,
      breaker: new ConsecutiveBreaker(config.circuitBreaker.consecutiveFailures),
    });
    this.breaker.onStateChange((state) => options.onCircuitStateChange?.(this.name, circuitStateName(state)));
    this.concurrencyLimit = bulkhead(config.concurrency, Number.POSITIVE_INFINITY);
    // abortOnReturn: false avoids aborting (and allocating an AbortError for) every completed request.
    this.requestTimeout = timeout(config.timeoutMs, {
      strategy: TimeoutStrategy.Aggressive,
      abortOnReturn: false,
    }).dangerouslyUnref();
    this.staticHeaders = { ...config.headers, ...authorizationHeader(config) };
  }

  get url(): string {
    return displayUrl(this.config.url);
  }

  get circuitState(): CircuitStateName {
    return circuitStateName(this.breaker.state);
  }

  get lastFailure(): AttemptFailureReport | undefined {
    return this.lastFailureReport;
  }

  /**
   * Delivers one record, retrying until it is accepted or the failure is final for this event.
   * Throws DeliveryAborted when `signal` aborts (the runner is stopping).
   */
  async deliver(event: DeliverableEvent, record: SinkRecord, signal: AbortSignal): Promise<DeliveryOutcome> {
    const request = this.buildRequest(event, record);
    const tally = { made: 0, counted: 0 };
    const delivery = this.retryPolicy.execute(() => this.attempt(event, request, tally, signal), signal);
    try {
      const status = await raceAbort(delivery, signal);
      return { kind: 'delivered', status, attempts: tally.made };
    } catch (error) {
      if (error instanceof FinalAttemptFailure) {
        return { kind: 'failed', reason: error.reason, failure: error.failure, attempts: tally.made };
      }
      if (signal.aborted || error instanceof DeliveryAborted) throw new DeliveryAborted();
      throw error;
    }
  }

  /** One attempt, no retry: what an operator gets when retrying a dead letter by hand. */
  async deliverOnce(
    event: DeliverableEvent,
    record: SinkRecord,
    signal?: AbortSignal,
  ): Promise<DeliveryOutcome> {
    const request = this.buildRequest(event, record);
    const tally = { made: 0, counted: 0 };
    const effectiveSignal = signal ?? new AbortController().signal;
    try {
      const status = await this.attempt(event, request, tally, effectiveSignal, { waitForThrottle: false });
      return { kind: 'delivered', status, attempts: tally.made };
    } catch (error) {
      if (error instanceof FinalAttemptFailure) {
        return { kind: 'failed', reason: error.reason, failure: error.failure, attempts: tally.made };
      }
      if (error instanceof RetryableAttemptFailure) {
        return { kind: 'failed', reason: 'unavailable', failure: error.failure, attempts: tally.made };
      }
      throw error;
    }
  }

  private buildRequest(
    event: DeliverableEvent,
    record: SinkRecord,
  ): { body: string | Uint8Array; headers: Headers } {
    const headers = new Headers(this.staticHeaders);
    headers.set('content-type', this.format.contentType);
    headers.set('idempotency-key', event.id);
    headers.set('x-gongkai-event-type', event.type);
    headers.set('x-gongkai-stream-id', encodeURIComponent(event.streamId));
    headers.set('x-gongkai-position', String(event.position));
    // Every data set in the body, in the order the platform stores them (the record's own last).
    headers.set(
      'x-gongkai-data-set',
      [...(record.preceding ?? []), record].map((each) => each.dataSet).join(','),
    );
    return { body: this.format.encode(record), headers };
  }

  private async attempt(
    event: DeliverableEvent,
    request: { body: string | Uint8Array; headers: Headers },
    tally: { made: number; counted: number },
    signal: AbortSignal,
    { waitForThrottle = true }: { waitForThrottle?: boolean } = {},
  ): Promise<number> {
    if (waitForThrottle) await this.waitWhilePaused(signal);
    if (signal.aborted) throw new DeliveryAborted();
    // Failures while the circuit is not closed mean "the target is down", not "this event is bad".
    const countsAgainstEvent = this.breaker.state === CircuitState.Closed;
    try {
      return await this.breaker.execute(
        () =>
          this.concurrencyLimit.execute(
            () =>
              this.requestTimeout.execute(
                (_context, requestSignal) => this.send(event, request, requestSignal),
                signal,
              ),
            signal,
          ),
        signal,
      );
    } catch (error) {
      if (signal.aborted) throw new DeliveryAborted();
      const failure = classifyAttemptError(error);
      if (failure.kind !== 'circuit-open') tally.made++;
      this.report(event, failure);
      if (failure.kind === 'permanent') throw new FinalAttemptFailure(failure, 'rejected');
      if (failure.retryAfterMs !== undefined) {
        this.pausedUntil = Math.max(
          this.pausedUntil,
          Date.now() + Math.min(failure.retryAfterMs, this.config.maxRetryAfterMs),
        );
      }
      if (failure.kind === 'target-down' && countsAgainstEvent) {
        tally.counted++;
        if (tally.counted >= this.config.retry.maxAttempts) {
          throw new FinalAttemptFailure(failure, 'attempts-exhausted');
        }
      }
      throw new RetryableAttemptFailure(failure);
    }
  }

  private async send(
    event: DeliverableEvent,
    request: { body: string | Uint8Array; headers: Headers },
    signal: AbortSignal,
  ): Promise<number> {
    let headers = request.headers;
    if (this.options.signRequest) {
      headers = new Headers(headers);
      for (const [name, value] of Object.entries(this.options.signRequest(event.id, request.body)))
        headers.set(name, value);
    }
    // The transport reads the body in every case so the connection returns to the keep-alive pool.
    const response = await (this.options.transport ?? fetchTransport)(this.config.url, {
      headers,
      body: request.body,
      signal,
    });
    if (response.status >= 200 && response.status < 300) return response.status;
    throw new HttpStatusError(
      response.status,
      parseRetryAfter(response.retryAfter),
      response.text.slice(0, RESPONSE_EXCERPT_CHARS),
    );
  }

  private async waitWhilePaused(signal: AbortSignal): Promise<void> {
    for (let wait = this.pausedUntil - Date.now(); wait > 0; wait = this.pausedUntil - Date.now()) {
      try {
        await sleep(wait, undefined, { signal });
      } catch {
        throw new DeliveryAborted();
      }
    }
  }

  private report(event: DeliverableEvent, failure: AttemptFailure): void {
    // "Circuit open" repeats the cause already reported; the circuit's transitions are reported instead.
    if (failure.kind === 'circuit-open') return;
    const report: AttemptFailureReport = {
      target: this.name,
      eventId: event.id,
      streamId: event.streamId,
      position: event.position,
      failure,
      at: new Date().toISOString(),
    };
    this.lastFailureReport = report;
    this.options.onAttemptFailure?.(report);
  }
}

function authorizationHeader(config: SinkTargetConfig): Record<string, string> {
  if (!config.auth) return {};
  if (config.auth.type === 'bearer') return { authorization: `Bearer ${config.auth.token}` };
  const basic = Buffer.from(`${config.auth.username}:${config.auth.password}`, 'utf8').toString('base64');
  return { authorization: `Basic ${basic}` };
}

function circuitStateName(state: CircuitState): CircuitStateName {
  switch (state) {
    case CircuitState.Closed:
      return 'closed';
    case CircuitState.Open:
      return 'open';
    case CircuitState.HalfOpen:
      return 'half-open';
    case CircuitState.Isolated:
      return 'isolated';
  }
}

/** Resolves or rejects with `promise`, or rejects with DeliveryAborted as soon as `signal` aborts. */
function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) {
    promise.catch(() => undefined);
    return Promise.reject(new DeliveryAborted());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(new DeliveryAborted());
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(error);
      },
    );
  });
}

/**
 * Exponential backoff, except that while the circuit is open a stream waits no longer than the
 * half-open delay, so deliveries resume promptly once the probe succeeds.
 */
class CircuitAwareBackoff implements IBackoffFactory<IRetryBackoffContext<unknown>> {
  constructor(
    private readonly inner: IBackoffFactory<IRetryBackoffContext<unknown>>,
    private readonly circuitOpenDelayMs: number,
  ) {}

  next(context: IRetryBackoffContext<unknown>): IBackoff<IRetryBackoffContext<unknown>> {
    return this.wrap(this.inner.next(context), context);
  }

  private wrap(
    backoff: IBackoff<IRetryBackoffContext<unknown>>,
    context: IRetryBackoffContext<unknown>,
  ): IBackoff<IRetryBackoffContext<unknown>> {
    const circuitOpen =
      'error' in context.result &&
      context.result.error instanceof RetryableAttemptFailure &&
      context.result.error.failure.kind === 'circuit-open';
    return {
      duration: circuitOpen ? Math.min(backoff.duration, this.circuitOpenDelayMs) : backoff.duration,
      next: (nextContext) => this.wrap(backoff.next(nextContext), nextContext),
    };
  }
}
