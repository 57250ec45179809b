import type { Provider, Type } from '@nestjs/common';
import { GetOcdsRecordController } from './get-ocds-record/get-ocds-record.controller';
import { GetOcdsRecordHandler } from './get-ocds-record/get-ocds-record.handler';
import { ListOcdsReleasesController } from './list-ocds-releases/list-ocds-releases.controller';
import { ListOcdsReleasesHandler } from './list-ocds-releases/list-ocds-releases.handler';
import { OcdsExtensionController } from './ocds-extension/ocds-extension.controller';

/** The open-data use cases (OCDS, docs/ocds.md): their controllers and query handlers. */
export const OPEN_DATA_USE_CASES: { controllers: Type[]; providers: Provider[] } = {
  controllers: [ListOcdsReleasesController, GetOcdsRecordController, OcdsExtensionController],
  providers: [ListOcdsReleasesHandler, GetOcdsRecordHandler],
};
