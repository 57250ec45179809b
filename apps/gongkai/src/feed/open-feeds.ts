import { Injectable, type OnModuleDestroy } from '@nestjs/common';
import type { FeedSession } from './feed-session';

/** The SSE sessions open in this process; closed on shutdown so the HTTP server can stop. */
@Injectable()
export class OpenFeeds implements OnModuleDestroy {
  private readonly sessions = new Set<FeedSession>();

  get count(): number {
    return this.sessions.size;
  }

  async track(session: FeedSession): Promise<void> {
    this.sessions.add(session);
    try {
      await session.run();
    } finally {
      this.sessions.delete(session);
    }
  }

  async onModuleDestroy(): Promise<void> {
    await Promise.all([...this.sessions].map((session) => session.close()));
  }
}
