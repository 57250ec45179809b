import { Controller, Get, Headers, Inject, Query as QueryParams, Req, Res } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { rateLimitKey } from '../../../platform/auth/auth.guard';
import { Problem } from '../../../platform/http/problem';
import type { EventStore } from '@gongkai/event-store';
import type { ServiceConfig } from '@gongkai/runtime';
import { parseRequest } from '../../../platform/http/parse-request';
import { CONFIG, EVENT_STORE } from '../../../platform/di-symbols';
import { FeedSession } from './feed-session';
import { feedFilter, feedQuerySchema, lastEventIdSchema } from './feed.request';
import { OpenFeeds } from './open-feeds';

/** How long a refused feed client should wait before trying again. */
const FEED_RETRY_AFTER_SECONDS = 5;

/** `GET /v1/feed`: every event as Server-Sent Events, public redacted view, for subscribers without Kafka. */
@Controller('v1/feed')
export class FeedController {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(OpenFeeds) private readonly feeds: OpenFeeds,
  ) {}

  @Get()
  async feed(
    @QueryParams() query: unknown,
    @Headers('last-event-id') lastEventId: string | undefined,
    @Req() request: FastifyRequest,
    @Res() reply: FastifyReply,
  ): Promise<void> {
    const params = parseRequest(feedQuerySchema, query, 'query');
    // A reconnecting EventSource repeats the URL (with its `from`) and adds Last-Event-ID: that one wins.
    const resumeAfter =
      lastEventId === undefined || lastEventId === ''
        ? params.from
        : parseRequest(lastEventIdSchema, lastEventId, 'header/last-event-id');
    const caller = rateLimitKey(request);
    if (!this.feeds.admit(caller)) {
      void reply.header('retry-after', String(FEED_RETRY_AFTER_SECONDS));
      throw new Problem(
        'unavailable',
        'Too many feed connections are open (for this caller or in total); retry later',
        {
          retryAfterSeconds: FEED_RETRY_AFTER_SECONDS,
        },
      );
    }
    // From here on the response is written by hand, outside Nest's and Fastify's serialisation.
    reply.hijack();
    const { pageBytes, stallMs } = this.config.feedLimits;
    const session = new FeedSession({
      store: this.store,
      pump: this.feeds.pump,
      tail: this.feeds.tail,
      response: reply.raw,
      after: resumeAfter ?? 'end',
      keep: feedFilter(params),
      unfiltered: params.domain === undefined && params.region === undefined && params.stage === undefined,
      pages: this.feeds.pages,
      heartbeatMs: this.config.feedHeartbeatMs,
      pageBytes,
      stallMs,
    });
    await this.feeds.track(session, caller);
  }
}
