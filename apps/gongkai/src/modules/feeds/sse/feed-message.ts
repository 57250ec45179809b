import type { Position, RecordedEvent } from '@gongkai/event-store';
import { domainPublicFeedPayload } from '@gongkai/sinks';

/** What the feed's filters look at, kept beside each encoded message so it is never decoded again. */
export interface FeedKeys {
  type: string;
  domain?: string;
  region?: string;
}

/** One SSE message: `id` is the global position, so a reconnecting client resumes with `Last-Event-ID`. */
export function sseMessage(event: RecordedEvent): string {
  // The redacted public view, the same payload as the public Kafka topic; withheld when unreadable.
  const view = domainPublicFeedPayload(event) ?? null;
  const body = {
    position: event.position,
    streamId: event.streamId,
    revision: event.revision,
    type: event.type,
    recordedAt: event.recordedAt,
    event: view,
    ...(view === null ? { withheld: true } : {}),
  };
  return `id: ${event.position}\nevent: ${event.type}\ndata: ${JSON.stringify(body)}\n\n`;
}

/** The filter keys of a recorded event, read as the Kafka feed reads them. */
export function feedKeys(event: RecordedEvent): FeedKeys {
  const data = event.data as Record<string, unknown> | null;
  const domain = data?.['domain'];
  const region = event.metadata['regionCode'];
  return {
    type: event.type,
    ...(typeof domain === 'string' ? { domain } : {}),
    ...(typeof region === 'string' ? { region } : {}),
  };
}

export function encodeFeedMessage(event: RecordedEvent): {
  position: Position;
  keys: FeedKeys;
  chunk: Buffer;
} {
  return { position: event.position, keys: feedKeys(event), chunk: Buffer.from(sseMessage(event)) };
}
