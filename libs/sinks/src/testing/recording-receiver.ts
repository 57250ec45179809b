import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A real HTTP receiver standing in for a provincial platform or Credit China in tests.
 * It records every request, deduplicates by `Idempotency-Key` the way a well-behaved receiver does
 * (a repeated key is answered 200 again and counted as a duplicate, not stored twice), and can be told
 * to misbehave: fail (5xx), throttle (429 + Retry-After), hang (never answer), reject (4xx), answer
 * slowly, or go down
 * (stop listening: connection refused) and come back on the same port.
 */

export interface ReceivedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  idempotencyKey: string | undefined;
  body: string;
  /** Milliseconds since the epoch. */
  receivedAt: number;
  /** What the receiver answered (undefined while hanging / never). */
  status: number | undefined;
}

/** A delivery the receiver accepted for the first time (one per idempotency key). */
export interface AcceptedDelivery {
  idempotencyKey: string;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  json: unknown;
  receivedAt: number;
}

export type FaultMode =
  | { mode: 'fail'; status?: number }
  | { mode: 'throttle'; retryAfterSeconds: number }
  | { mode: 'hang' }
  | { mode: 'reject'; status?: number }
  /** Answers normally, after a pause. */
  | { mode: 'delay'; milliseconds: number };

export interface FaultRule {
  fault: FaultMode;
  /** Applies to this many matching requests, then expires. */
  times?: number;
  /** Applies until this instant (ms since the epoch), then expires. */
  until?: number;
  /** Applies only to matching requests (default: all). */
  match?: (request: ReceivedRequest) => boolean;
}

export class RecordingReceiver {
  readonly requests: ReceivedRequest[] = [];
  readonly accepted: AcceptedDelivery[] = [];
  /** Requests repeating an idempotency key already accepted. */
  duplicates = 0;
  /** Requests without an Idempotency-Key header (answered 400). */
  missingKey = 0;
  private readonly acceptedKeys = new Set<string>();
  private rules: Array<FaultRule & { remaining?: number }> = [];
  private readonly sockets = new Set<Socket>();
  private readonly hanging = new Set<ServerResponse>();
  private server: Server | undefined;
  private waiters: Array<() => void> = [];

  private constructor(private port: number) {}

  /** Starts listening on a free loopback port. */
  static async start(): Promise<RecordingReceiver> {
    const receiver = new RecordingReceiver(0);
    await receiver.listen();
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${this.port}/ingest`;
  }

  get isUp(): boolean {
    return this.server !== undefined;
  }

  /** Adds a fault rule; rules are checked in the order they were added. */
  addFault(rule: FaultRule): this {
    this.rules.push({ ...rule, remaining: rule.times });
    return this;
  }

  failNext(times: number, status = 500): this {
    return this.addFault({ fault: { mode: 'fail', status }, times });
  }

  failFor(milliseconds: number, status = 500): this {
    return this.addFault({ fault: { mode: 'fail', status }, until: Date.now() + milliseconds });
  }

  throttleNext(times: number, retryAfterSeconds: number): this {
    return this.addFault({ fault: { mode: 'throttle', retryAfterSeconds }, times });
  }

  hangNext(times: number): this {
    return this.addFault({ fault: { mode: 'hang' }, times });
  }

  /** Rejects matching requests with a 4xx until cleared (or `times` times). */
  reject(match: (request: ReceivedRequest) => boolean, status = 400, times?: number): this {
    return this.addFault({ fault: { mode: 'reject', status }, match, times });
  }

  /** Answers every request normally but only after `milliseconds`, until cleared. */
  slowDown(milliseconds: number): this {
    return this.addFault({ fault: { mode: 'delay', milliseconds } });
  }

  clearFaults(): this {
    this.rules = [];
    return this;
  }

  /** Stops listening and drops every connection: clients get "connection refused". */
  async goDown(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    this.releaseHanging();
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    for (const socket of this.sockets) socket.destroy();
    await closed;
  }

  /** Listens again on the same port. */
  async comeBack(): Promise<void> {
    if (!this.server) await this.listen();
  }

  async close(): Promise<void> {
    this.waiters = [];
    await this.goDown();
  }

  acceptedKeysInOrder(): string[] {
    return this.accepted.map((delivery) => delivery.idempotencyKey);
  }

  /** Resolves once `predicate` holds (checked after every request), or rejects after `timeoutMs`. */
  async waitFor(predicate: () => boolean, timeoutMs = 20_000, what = 'condition'): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!predicate()) {
      const remaining = deadline - Date.now();
      if (remaining <= 0) {
        throw new Error(
          `receiver: timed out waiting for ${what} (requests ${this.requests.length}, accepted ${this.accepted.length}, duplicates ${this.duplicates})`,
        );
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(remaining, 50));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  private listen(): Promise<void> {
    const server = createServer((request, response) => void this.handle(request, response));
    server.keepAliveTimeout = 5_000;
    server.on('connection', (socket) => {
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
    });
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.port, '127.0.0.1', () => {
        server.off('error', reject);
        this.port = (server.address() as AddressInfo).port;
        this.server = server;
        resolve();
      });
    });
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const keyHeader = request.headers['idempotency-key'];
    const received: ReceivedRequest = {
      method: request.method ?? 'GET',
      path: request.url ?? '/',
      headers: { ...request.headers },
      idempotencyKey: typeof keyHeader === 'string' ? keyHeader : undefined,
      body: Buffer.concat(chunks).toString('utf8'),
      receivedAt: Date.now(),
      status: undefined,
    };
    this.requests.push(received);
    try {
      const rule = this.faultFor(received);
      if (rule?.mode === 'delay') await sleep(rule.milliseconds);
      const fault = rule?.mode === 'delay' ? undefined : rule;
      if (fault?.mode === 'hang') {
        this.hanging.add(response);
        response.on('close', () => this.hanging.delete(response));
        return;
      }
      if (fault?.mode === 'throttle') {
        this.answer(
          response,
          received,
          429,
          { error: 'throttled' },
          { 'retry-after': String(fault.retryAfterSeconds) },
        );
        return;
      }
      if (fault) {
        const status = fault.status ?? (fault.mode === 'fail' ? 500 : 400);
        this.answer(response, received, status, { error: `${fault.mode} (test receiver)` });
        return;
      }
      if (received.idempotencyKey === undefined) {
        this.missingKey++;
        this.answer(response, received, 400, { error: 'Idempotency-Key header required' });
        return;
      }
      if (this.acceptedKeys.has(received.idempotencyKey)) {
        this.duplicates++;
        this.answer(response, received, 200, { status: 'duplicate' });
        return;
      }
      let json: unknown;
      try {
        json = JSON.parse(received.body);
      } catch {
        this.answer(response, received, 400, { error: 'body is not JSON' });
        return;
      }
      this.acceptedKeys.add(received.idempotencyKey);
      this.accepted.push({
        idempotencyKey: received.idempotencyKey,
        headers: received.headers,
        body: received.body,
        json,
        receivedAt: received.receivedAt,
      });
      this.answer(response, received, 201, { status: 'accepted' });
    } finally {
      this.notify();
    }
  }

  private faultFor(request: ReceivedRequest): FaultMode | undefined {
    const now = Date.now();
    this.rules = this.rules.filter(
      (rule) =>
        (rule.remaining === undefined || rule.remaining > 0) &&
        (rule.until === undefined || rule.until > now),
    );
    const rule = this.rules.find((candidate) => !candidate.match || candidate.match(request));
    if (!rule) return undefined;
    if (rule.remaining !== undefined) rule.remaining--;
    return rule.fault;
  }

  private answer(
    response: ServerResponse,
    request: ReceivedRequest,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    request.status = status;
    response.writeHead(status, { 'content-type': 'application/json', ...headers });
    response.end(JSON.stringify(body));
  }

  private releaseHanging(): void {
    for (const response of this.hanging) response.destroy();
    this.hanging.clear();
  }

  private notify(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}
