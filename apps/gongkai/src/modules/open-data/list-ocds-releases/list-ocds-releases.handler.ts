import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Clock, EventStore } from '@gongkai/event-store';
import { readReleasePage, releasePackage, type ReleasePackage } from '@gongkai/open-data';
import { publicDisclosureProjection } from '@gongkai/projections';
import type { ReadModels } from '../../../background/read-models';
import type { ServiceConfig } from '@gongkai/runtime';
import { CLOCK, CONFIG, EVENT_STORE, READ_MODELS } from '../../../platform/di-symbols';
import { dayBound } from '../../supervision/core/day-bound';
import { ListOcdsReleasesQuery } from './list-ocds-releases.query';

/**
 * A page of OCDS releases, one per public disclosure, in the order the store recorded them: the
 * public-disclosure read model says which, the store holds the events, the domain's public view redacts them.
 * `links.next` repeats the query with the next cursor.
 */
@QueryHandler(ListOcdsReleasesQuery)
export class ListOcdsReleasesHandler implements IQueryHandler<ListOcdsReleasesQuery> {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ params, publication, requestPath }: ListOcdsReleasesQuery): Promise<ReleasePackage> {
    const handle = await this.readModels.handleAt(publicDisclosureProjection.name, params.minPosition);
    const page = await readReleasePage(
      handle,
      this.store,
      {
        domain: params.domain,
        region: params.region,
        from: dayBound(params.from, 'start'),
        to: dayBound(params.to, 'end'),
        limit: params.limit,
        cursor: params.cursor,
      },
      this.config.ocds.ocidPrefix,
    );
    const next =
      page.nextCursor === null
        ? undefined
        : `${publication.baseUrl}${withCursor(requestPath, page.nextCursor)}`;
    return releasePackage(
      publication,
      `${publication.baseUrl}${requestPath}`,
      this.clock.now().toISOString(),
      page.releases,
      next,
    );
  }
}

/** The same path and query with `cursor` replaced. */
function withCursor(requestPath: string, cursor: string): string {
  const url = new URL(requestPath, 'http://x');
  url.searchParams.set('cursor', cursor);
  return `${url.pathname}${url.search}`;
}
