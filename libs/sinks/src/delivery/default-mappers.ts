import { createCreditChinaMapper } from '../mappers/credit-china.mapper';
import { createProvincialPlatformMapper, type ProvinceOverride } from '../mappers/provincial-platform.mapper';
import type { SinkMapper } from '../mappers/sink-record';
import { createWebhookMapper } from '../subscriptions/webhook.mapper';
import type { SinkTargetConfig } from './sink-target.config';

/** The mapper a target of each kind uses unless the runner is given another. */
export function createMapperFor(target: SinkTargetConfig): SinkMapper {
  switch (target.kind) {
    case 'provincial-platform':
      return createProvincialPlatformMapper({
        platformCode: target.platformCode,
        pubServicePlatCode: target.pubServicePlatCode,
        ...(target.province !== undefined ? { province: target.province as ProvinceOverride } : {}),
      });
    case 'credit-china':
      return createCreditChinaMapper({
        dataSourceName: target.dataSourceName,
        dataSourceCode: target.dataSourceCode,
      });
    case 'webhook':
      return createWebhookMapper({ filter: target.filter, source: target.source });
  }
}
