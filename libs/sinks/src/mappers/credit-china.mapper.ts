import type { RecordedEvent } from '@gongkai/event-store';
import type { SinkMapper, SinkRecord } from './sink-record';

export interface CreditChinaMapperOptions {
  dataSourceName?: string;
  dataSourceCode?: string;
}

export function createCreditChinaMapper(options: CreditChinaMapperOptions): SinkMapper {
  return {
    kind: 'credit-china',
    map(event: RecordedEvent): SinkRecord | undefined {
      void options;
      void event;
      return undefined;
    },
  };
}
