import type { RecordedEvent } from '@gongkai/event-store';
import { defaultPublicView, readDomainEvent, type PublicViewOf } from '../mappers/domain-event';
import type { SinkMapper, SinkRecord } from '../mappers/sink-record';
import { matchesFilter, mayMatch, type SubscriptionFilter } from './subscription-filter';

export interface WebhookMapperOptions {
  filter: SubscriptionFilter;
  /** CloudEvents `source` (as the Kafka feed's). */
  source: string;
  /** CloudEvents `type` prefix (as the Kafka feed's). */
  typePrefix?: string;
  /** Redaction applied before anything leaves (default: the domain's `toPublicView`). */
  publicView?: PublicViewOf;
}

/**
 * A subscription's mapper: the events its filter matches become a CloudEvents 1.0 document (structured mode)
 * whose data is the event's public view, the same payload as the Kafka feed's public topic; the rest is
 * skipped. Attributes `gongkairevision`/`gongkaiposition` let a subscriber detect gaps and order globally.
 */
export function createWebhookMapper(options: WebhookMapperOptions): SinkMapper {
  const publicView = options.publicView ?? defaultPublicView;
  const typePrefix = options.typePrefix ?? 'cn.gongkai.';
  return {
    kind: 'webhook',
    map(recorded: RecordedEvent): SinkRecord | undefined {
      if (!mayMatch(options.filter, recorded)) return undefined;
      const event = readDomainEvent(recorded);
      if (event === undefined) return undefined;
      const view = publicView(event);
      if (!matchesFilter(options.filter, view)) return undefined;
      return {
        dataSet: event.type,
        dataSetName: 'gongkai event (CloudEvents 1.0)',
        fields: {},
        document: {
          specversion: '1.0',
          id: recorded.id,
          type: `${typePrefix}${recorded.type}`,
          source: options.source,
          subject: recorded.streamId,
          time: recorded.recordedAt,
          datacontenttype: 'application/json',
          gongkairevision: recorded.revision,
          gongkaiposition: recorded.position,
          data: { type: view.type, data: view.data, metadata: view.metadata },
        },
      };
    },
  };
}
