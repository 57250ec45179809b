import type { RecordedEvent } from '../event-store.port';

/** UTF-8 bytes of the event's data and metadata as JSON: what `ReadAllOptions.maxBytes` counts. */
export function storedBytes(event: RecordedEvent): number {
  return Buffer.byteLength(JSON.stringify(event.data)) + Buffer.byteLength(JSON.stringify(event.metadata));
}

/** The longest prefix of `events` within `maxBytes` (at least the first event), for stores that cannot size rows before reading them. */
export function trimToBytes(events: RecordedEvent[], maxBytes: number | undefined): RecordedEvent[] {
  if (maxBytes === undefined) return events;
  let bytes = 0;
  for (let i = 0; i < events.length; i++) {
    bytes += storedBytes(events[i]!);
    if (i > 0 && bytes > maxBytes) return events.slice(0, i);
  }
  return events;
}
