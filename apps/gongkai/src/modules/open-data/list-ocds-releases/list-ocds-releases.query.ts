import { Query } from '@nestjs/cqrs';
import type { OcdsPublication, ReleasePackage } from '@gongkai/open-data';
import type { OcdsReleasesQueryParams } from './list-ocds-releases.request';

export class ListOcdsReleasesQuery extends Query<ReleasePackage> {
  constructor(
    readonly params: OcdsReleasesQueryParams,
    readonly publication: OcdsPublication,
    /** Path and query the caller asked for (the package `uri`). */
    readonly requestPath: string,
  ) {
    super();
  }
}
