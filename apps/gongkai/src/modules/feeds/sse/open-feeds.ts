import { Inject, Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { ServiceConfig } from '../../../platform/config/config.schema';
import { CONFIG } from '../../../platform/di-symbols';
import type { FeedSession } from './feed-session';

/**
 * The SSE sessions open in this process, with the caps on them (in total and per caller: each session
 * holds a socket, a subscription and a page of events); closed on shutdown so the HTTP server can stop.
 */
@Injectable()
export class OpenFeeds implements OnModuleDestroy {
  private readonly sessions = new Set<FeedSession>();
  private readonly perCaller = new Map<string, number>();
  private admitted = 0;

  constructor(@Inject(CONFIG) private readonly config: Pick<ServiceConfig, 'feedLimits'>) {}

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
  }
}
