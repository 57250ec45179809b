import type { Provider, Type } from '@nestjs/common';
import { GetDisclosureController } from './get-disclosure/get-disclosure.controller';
import { PublishDisclosureController } from './publish-disclosure/publish-disclosure.controller';
import { PublishDisclosureHandler } from './publish-disclosure/publish-disclosure.handler';
import { SearchDisclosuresController } from './search-disclosures/search-disclosures.controller';

/** Disclosures outside a transaction (土地供应计划, 集中采购目录, 审批核准备案, 住房保障…): publish, search, read. */
export const DISCLOSURE_USE_CASES: { controllers: Type[]; providers: Provider[] } = {
  controllers: [SearchDisclosuresController, PublishDisclosureController, GetDisclosureController],
  providers: [PublishDisclosureHandler],
};
