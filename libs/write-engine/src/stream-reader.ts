import { StreamNotFound, type EventStore, type RecordedEvent } from '@gongkai/event-store';

/** The stored events of a stream, or [] when it does not exist yet. */
export async function readStreamOrEmpty(store: EventStore, streamId: string): Promise<RecordedEvent[]> {
  try {
    return await store.readStream(streamId);
  } catch (error) {
    if (error instanceof StreamNotFound) return [];
    throw error;
  }
}
