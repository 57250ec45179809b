import { Query } from '@nestjs/cqrs';
import type { OcdsPublication, RecordPackage } from '@gongkai/open-data';

export class GetOcdsRecordQuery extends Query<RecordPackage> {
  constructor(
    readonly ocid: string,
    readonly publication: OcdsPublication,
    readonly requestPath: string,
  ) {
    super();
  }
}
