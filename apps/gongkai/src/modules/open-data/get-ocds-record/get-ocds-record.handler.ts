import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import type { Clock, EventStore } from '@gongkai/event-store';
import { readRecord, recordPackage, type RecordPackage } from '@gongkai/open-data';
import { publicDisclosureProjection } from '@gongkai/projections';
import type { ReadModels } from '../../../background/read-models';
import type { ServiceConfig } from '@gongkai/runtime';
import { CLOCK, CONFIG, EVENT_STORE, READ_MODELS } from '../../../platform/di-symbols';
import { Problem } from '../../../platform/http/problem';
import { GetOcdsRecordQuery } from './get-ocds-record.query';

/** The record of one contracting process: its releases, compiled and versioned, from the public view. */
@QueryHandler(GetOcdsRecordQuery)
export class GetOcdsRecordHandler implements IQueryHandler<GetOcdsRecordQuery> {
  constructor(
    @Inject(READ_MODELS) private readonly readModels: ReadModels,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CONFIG) private readonly config: ServiceConfig,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ ocid, publication, requestPath }: GetOcdsRecordQuery): Promise<RecordPackage> {
    const prefix = this.config.ocds.ocidPrefix;
    const handle = await this.readModels.handleAt(publicDisclosureProjection.name, undefined);
    const record = await readRecord(handle, this.store, ocid, prefix);
    if (!record) {
      throw new Problem(
        'not-found',
        ocid.startsWith(`${prefix}-`)
          ? `No contracting process ${ocid}: no such transaction, or its domain has no OCDS export`
          : `${ocid} is not an ocid of this publisher (prefix ${prefix})`,
        { ocid },
      );
    }
    return recordPackage(
      publication,
      `${publication.baseUrl}${requestPath}`,
      this.clock.now().toISOString(),
      [record],
    );
  }
}
