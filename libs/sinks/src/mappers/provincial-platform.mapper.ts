import type { RecordedEvent } from '@gongkai/event-store';
import type { SinkMapper, SinkRecord } from './sink-record';

export interface ProvincialPlatformMapperOptions {
  platformCode: string;
  pubServicePlatCode: string;
}

export function createProvincialPlatformMapper(options: ProvincialPlatformMapperOptions): SinkMapper {
  return {
    kind: 'provincial-platform',
    map(event: RecordedEvent): SinkRecord | undefined {
      void options;
      void event;
      return undefined;
    },
  };
}
