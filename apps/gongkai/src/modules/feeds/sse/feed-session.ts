import type { ServerResponse } from 'node:http';
import type { EventStore, Position, RecordedEvent, Subscription } from '@gongkai/event-store';
import { domainPublicFeedPayload } from '@gongkai/sinks';

export interface FeedSessionOptions {
  store: EventStore;
  response: ServerResponse;
  /** Deliver events strictly after this position; 'end' for new events only. */
  after: Position | 'end';
  keep: (event: RecordedEvent) => boolean;
  heartbeatMs: number;
}

/** One SSE message: `id` is the global position, so a reconnecting client resumes with `Last-Event-ID`. */
export function sseMessage(event: RecordedEvent): string {
  // The redacted public view, the same payload as the public Kafka topic; withheld when unreadable.
  const view = domainPublicFeedPayload(event) ?? null;
  const body = {
    position: event.position,
    streamId: event.streamId,
    revision: event.revision,
    type: event.type,
    recordedAt: event.recordedAt,
    event: view,
    ...(view === null ? { withheld: true } : {}),
  };
  return `id: ${event.position}\nevent: ${event.type}\ndata: ${JSON.stringify(body)}\n\n`;
}

/**
 * Streams `$all` to one SSE client: a catch-up subscription (history, then live, no gap at the switch),
 * heartbeat comment lines so proxies keep the connection, and back-pressure (waits for `drain`).
 * `close()` ends the subscription and the response; a client disconnect does the same.
 */
export class FeedSession {
  private subscription?: Subscription;
  private heartbeat?: NodeJS.Timeout;
  private closed = false;

  constructor(private readonly options: FeedSessionOptions) {}

  /** Runs until the client goes away or `close()` is called. */
  async run(): Promise<void> {
    const { store, response, keep, heartbeatMs } = this.options;
    // 'end' is pinned to the head now, before the client hears that the stream is open: an event appended
    // after that moment is always sent.
    const after = this.options.after === 'end' ? await store.headPosition() : this.options.after;
    if (this.closed) return;
    const subscription = store.subscribeToAll({ from: { after } });
    this.subscription = subscription;
    response.on('close', () => void this.close());
    response.writeHead(200, {
      'content-type': 'text/event-stream; charset=utf-8',
      'cache-control': 'no-cache, no-transform',
      connection: 'keep-alive',
      'x-accel-buffering': 'no',
    });
    // An immediate comment line lets the client know the stream is open before the first event.
    response.write(': connected\n\n');
    this.heartbeat = setInterval(() => response.write(': heartbeat\n\n'), heartbeatMs);
    try {
      for await (const event of subscription) {
        if (this.closed) break;
        if (!keep(event)) continue;
        if (!response.write(sseMessage(event))) await this.drained();
      }
    } finally {
      await this.close();
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    clearInterval(this.heartbeat);
    await this.subscription?.close().catch(() => undefined);
    if (!this.options.response.writableEnded) this.options.response.end();
  }

  private drained(): Promise<void> {
    const { response } = this.options;
    return new Promise((resolve) => {
      const done = () => {
        response.off('drain', done);
        response.off('close', done);
        resolve();
      };
      response.on('drain', done);
      response.on('close', done);
    });
  }
}
