import { randomUUID } from 'node:crypto';
import { Kafka, logLevel, type Consumer, type IHeaders } from 'kafkajs';
import type { EventData, RecordedEvent } from '@gongkai/event-store';
import { FEED_HEADERS, headerNumber, headerString, type FeedPayloadOf } from '@gongkai/sinks';

/** A stage event with a field the public view must not show (`bidderPhone`). */
export function tenderEvent(index: number, type = 'AnnouncementPublished'): EventData {
  return {
    id: randomUUID(),
    type,
    data: { domain: 'engineering', title: `项目 ${index}`, bidderPhone: '13800000000' },
    metadata: { regionCode: '320600', sourceSystem: 'feed-test' },
  };
}

/** Stands in for the domain's `toPublicView`: drops the restricted field. */
export const testPublicView: FeedPayloadOf = (event: RecordedEvent) => {
  const { bidderPhone: _restricted, ...rest } = event.data as Record<string, unknown>;
  return { type: event.type, data: rest };
};

export interface ReceivedFeedMessage {
  topic: string;
  partition: number;
  offset: string;
  key: string;
  value: unknown;
  headers: IHeaders;
  ceId: string;
  streamId: string;
  revision: number;
  position: number;
}

/** Reads a feed topic from the beginning, as a downstream platform would, and keeps every message. */
export class FeedReader {
  readonly messages: ReceivedFeedMessage[] = [];
  private constructor(private readonly consumer: Consumer) {}

  static async start(brokers: string, topic: string): Promise<FeedReader> {
    const kafka = new Kafka({ clientId: 'feed-test-reader', brokers: [brokers], logLevel: logLevel.NOTHING });
    const consumer = kafka.consumer({ groupId: `feed-test-${randomUUID()}`, maxWaitTimeInMs: 100 });
    const reader = new FeedReader(consumer);
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ topic: from, partition, message }) => {
        reader.messages.push({
          topic: from,
          partition,
          offset: message.offset,
          key: message.key?.toString('utf8') ?? '',
          value: JSON.parse(message.value?.toString('utf8') ?? 'null'),
          headers: message.headers ?? {},
          ceId: headerString(message.headers, FEED_HEADERS.id) ?? '',
          streamId: headerString(message.headers, FEED_HEADERS.subject) ?? '',
          revision: headerNumber(message.headers, FEED_HEADERS.revision) ?? -1,
          position: headerNumber(message.headers, FEED_HEADERS.position) ?? -1,
        });
      },
    });
    return reader;
  }

  /** Waits until every (stream, revision) of `events` has been received at least once. */
  async waitForAll(events: readonly RecordedEvent[], timeoutMs = 60_000): Promise<void> {
    const wanted = new Set(events.map((event) => `${event.streamId}#${event.revision}`));
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const seen = new Set(this.messages.map((message) => `${message.streamId}#${message.revision}`));
      const missing = [...wanted].filter((key) => !seen.has(key));
      if (missing.length === 0) return;
      if (Date.now() > deadline) {
        throw new Error(
          `${missing.length} event(s) never reached the feed, e.g. ${missing.slice(0, 5).join(', ')}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  async stop(): Promise<void> {
    await this.consumer.disconnect();
  }
}

export interface StreamCheck {
  /** Messages that repeated an event already received (same ce_id), per stream. */
  duplicates: number;
  /** Human-readable problems: a gap, a reordering, a repeated revision with another ce_id. */
  problems: string[];
}

/**
 * What a consumer must be able to rely on: per stream, messages arrive in revision order with no gap;
 * a repeated revision is a duplicate carrying the same ce_id as the first delivery.
 */
export function checkOrderPerStream(
  messages: readonly ReceivedFeedMessage[],
  appended: readonly RecordedEvent[],
): StreamCheck {
  const idOf = new Map(appended.map((event) => [`${event.streamId}#${event.revision}`, event.id]));
  const lastRevision = new Map<string, number>();
  const problems: string[] = [];
  let duplicates = 0;
  for (const message of messages) {
    const key = `${message.streamId}#${message.revision}`;
    if (message.key !== message.streamId) problems.push(`${key}: key ${message.key} is not the stream id`);
    if (idOf.get(key) !== message.ceId)
      problems.push(`${key}: ce_id ${message.ceId} is not the event id ${idOf.get(key)}`);
    const last = lastRevision.get(message.streamId) ?? -1;
    if (message.revision <= last) duplicates += 1;
    else if (message.revision === last + 1) lastRevision.set(message.streamId, message.revision);
    else problems.push(`${message.streamId}: revision ${message.revision} arrived after ${last} (gap)`);
  }
  for (const event of appended) {
    if ((lastRevision.get(event.streamId) ?? -1) < event.revision) {
      problems.push(`${event.streamId}#${event.revision} never arrived`);
    }
  }
  return { duplicates, problems: [...new Set(problems)] };
}
