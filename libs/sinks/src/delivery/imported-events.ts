import type { RecordedEvent } from '@gongkai/event-store';
import type { SinkMapper } from '../mappers/sink-record';
import type { SinkTargetConfig } from './sink-target.config';

/** Whether an event is migrated history (`gongkai import` marks it in `metadata.imported`). */
export function isImported(event: RecordedEvent): boolean {
  const imported = (event.metadata as { imported?: unknown }).imported;
  return typeof imported === 'object' && imported !== null;
}

/**
 * A target's mapper that leaves imported events out unless the target asks for them (`pushImported`): migrated
 * history was published (and usually pushed to the province) long ago, and must not arrive as new records.
 * Left out like an event the target does not take: skipped and counted, the checkpoint moving past it.
 */
export function withImportedPolicy(
  mapperFor: (target: SinkTargetConfig) => SinkMapper,
): (target: SinkTargetConfig) => SinkMapper {
  return (target) => {
    const mapper = mapperFor(target);
    if (target.pushImported) return mapper;
    return { kind: mapper.kind, map: (event) => (isImported(event) ? undefined : mapper.map(event)) };
  };
}
