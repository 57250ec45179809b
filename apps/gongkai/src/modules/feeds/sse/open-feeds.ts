import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { ServiceConfig } from '@gongkai/runtime';
import type { EventStore } from '@gongkai/event-store';
import { Gauge } from 'prom-client';
import type { ServiceMetrics } from '../../../platform/metrics/service-metrics';
import { CONFIG, EVENT_STORE, METRICS } from '../../../platform/di-symbols';
import { FeedPageCache } from './feed-page-cache';
import { FeedPump } from './feed-pump';
import type { FeedSession } from './feed-session';
import { FeedTail } from './feed-tail';

/** Page work per event-loop turn before the pump lets other requests in (health probes, appends). */
const PUMP_SLICE_MS = 8;
/** Bytes handed to sockets per turn (their writes run in the same turn). */
const PUMP_SLICE_BYTES = 1024 * 1024;

/**
 * The SSE sessions open in this process, with the caps on them (in total and per caller: each session
 * holds a socket and at most a page of events), the pump their catch-up pages go through and the shared
 * live tail; closed on shutdown so the HTTP server can stop.
 */
@Injectable()
export class OpenFeeds implements OnModuleDestroy {
  private readonly sessions = new Set<FeedSession>();
  private readonly perCaller = new Map<string, number>();
  private admitted = 0;

  readonly pump: FeedPump;
  readonly tail: FeedTail;
  readonly pages: FeedPageCache;

  constructor(
    @Inject(CONFIG) private readonly config: Pick<ServiceConfig, 'feedLimits'>,
    @Inject(EVENT_STORE) store: EventStore,
    @Inject(METRICS) metrics: ServiceMetrics,
  ) {
    const { bufferBytes, pageBytes } = config.feedLimits;
    this.pump = new FeedPump({ bufferBytes, sliceMs: PUMP_SLICE_MS, sliceBytes: PUMP_SLICE_BYTES });
    // The ring holds a few pages' worth of recent messages, shared by every live session.
    this.tail = new FeedTail({ store, maxBytes: Math.min(bufferBytes, 4 * pageBytes) });
    // 64 pages: hundreds of clients replaying the same stretch together share one encoding of it.
    this.pages = new FeedPageCache(64 * pageBytes);
    const gauge = (name: string, help: string, value: () => number) =>
      new Gauge({
        name,
        help,
        registers: [metrics.registry],
        collect() {
          this.set(value());
        },
      });
    gauge('gongkai_feed_connections', 'SSE feed connections open', () => this.sessions.size);
    gauge(
      'gongkai_feed_held_bytes',
      'Bytes of encoded catch-up pages waiting for SSE sockets',
      () => this.pump.heldBytes,
    );
    gauge('gongkai_feed_pages_waiting', 'SSE catch-up pages waiting for their turn', () => this.pump.waiting);
  }

  get count(): number {
    return this.sessions.size;
  }

  /** Reserves a place for a caller's session; false when a cap is reached. Release with `track`. */
  admit(caller: string): boolean {
    const { maxConnections, maxPerCaller } = this.config.feedLimits;
    const mine = this.perCaller.get(caller) ?? 0;
    if (this.admitted >= maxConnections || mine >= maxPerCaller) return false;
    this.admitted += 1;
    this.perCaller.set(caller, mine + 1);
    return true;
  }

  /** Runs an admitted session to its end and gives its place back. */
  async track(session: FeedSession, caller: string): Promise<void> {
    this.sessions.add(session);
    try {
      await session.run();
    } finally {
      this.sessions.delete(session);
      this.admitted -= 1;
      const left = (this.perCaller.get(caller) ?? 1) - 1;
      if (left > 0) this.perCaller.set(caller, left);
      else this.perCaller.delete(caller);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.sessions].map((session) => session.close()));
    await this.tail.close();
  }
}
