import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { KafkaJSProtocolError, type Admin, type Kafka } from 'kafkajs';
import { FEED_HEADERS, headerNumber } from './feed-message';

/**
 * Where the publisher resumes after a restart or a crash, read back from the feed topics themselves.
 *
 * Every message carries `gongkai_durable_through`: the position through which Kafka had acknowledged
 * every event before the message's batch was sent. Batches are sent one at a time, so that value never
 * decreases along a partition, and the largest one on any partition is found on the partitions' last
 * messages. Resuming after it republishes at most the batch that was in flight (duplicates, same
 * `ce_id`), and skips nothing: a batch may have landed on some partitions and not on others, so the
 * largest *position* seen would not be safe, but the largest *durable-through* mark is.
 *
 * Why the topic and not a checkpoint file: the topic is the thing whose content we must not have gaps
 * in. A checkpoint stored beside the publisher says what Kafka acknowledged, not what Kafka still has;
 * after a topic is recreated, or a broker loses acknowledged data, reading the topic republishes what is
 * missing, where a checkpoint would skip it. It also needs no state of its own, so any replica of the
 * publisher can take over.
 */

export interface PartitionTail {
  topic: string;
  partition: number;
  /** Offset of the partition's last message. */
  lastOffset: string;
}

/** The last message's offset of every non-empty partition of the given topics. */
export async function findPartitionTails(kafka: Kafka, topics: readonly string[]): Promise<PartitionTail[]> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    const tails: PartitionTail[] = [];
    for (const topic of topics) {
      for (const { partition, high, low } of await fetchOffsetsWhenLeadersKnown(admin, topic)) {
        if (BigInt(high) > BigInt(low))
          tails.push({ topic, partition, lastOffset: (BigInt(high) - 1n).toString() });
      }
    }
    return tails;
  } finally {
    await admin.disconnect();
  }
}

/**
 * Right after a topic is created or a broker restarts, a partition's leadership may not have reached
 * the broker answering yet (NOT_LEADER_FOR_PARTITION, LEADER_NOT_AVAILABLE); kafkajs's admin client
 * does not retry that for offsets, so retry retriable errors here for a few seconds.
 */
async function fetchOffsetsWhenLeadersKnown(
  admin: Admin,
  topic: string,
): Promise<Awaited<ReturnType<Admin['fetchTopicOffsets']>>> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await admin.fetchTopicOffsets(topic);
    } catch (error) {
      const retriable = error instanceof KafkaJSProtocolError && error.retriable;
      if (!retriable || attempt >= 20) throw error;
      await sleep(Math.min(1_000, 50 * attempt));
    }
  }
}

export interface ReadResumePositionOptions {
  kafka: Kafka;
  topics: readonly string[];
  /** Prefix of the throw-away consumer group used to read the tails (deleted afterwards). */
  groupIdPrefix: string;
  timeoutMs: number;
}

export class ResumePositionUnavailable extends Error {
  readonly code = 'RESUME_POSITION_UNAVAILABLE';
  constructor(message: string) {
    super(message);
    this.name = 'ResumePositionUnavailable';
  }
}

/**
 * The position to resume publishing after, or `undefined` when the topics hold no message yet
 * (publish from the start of the store).
 */
export async function readResumePosition(options: ReadResumePositionOptions): Promise<number | undefined> {
  const tails = await findPartitionTails(options.kafka, options.topics);
  if (tails.length === 0) return undefined;
  return readDurableThroughAtTails(options, tails);
}

async function readDurableThroughAtTails(
  options: ReadResumePositionOptions,
  tails: readonly PartitionTail[],
): Promise<number | undefined> {
  const key = (topic: string, partition: number): string => `${topic}/${partition}`;
  const waiting = new Map(tails.map((tail) => [key(tail.topic, tail.partition), BigInt(tail.lastOffset)]));
  const groupId = `${options.groupIdPrefix}-resume-${randomUUID()}`;
  // kafkajs has no group-less fetch: a fresh group that never commits reads the tails.
  const consumer = options.kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
  let durableThrough: number | undefined;
  let allRead: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    allRead = resolve;
  });
  let timer: NodeJS.Timeout | undefined;
  try {
    await consumer.connect();
    await consumer.subscribe({ topics: [...new Set(tails.map((tail) => tail.topic))], fromBeginning: false });
    await consumer.run({
      autoCommit: false,
      eachMessage: async ({ topic, partition, message }) => {
        const mark = headerNumber(message.headers, FEED_HEADERS.durableThrough);
        if (mark !== undefined) durableThrough = Math.max(durableThrough ?? 0, mark);
        const wanted = waiting.get(key(topic, partition));
        if (wanted !== undefined && BigInt(message.offset) >= wanted) {
          waiting.delete(key(topic, partition));
          if (waiting.size === 0) allRead();
        }
      },
    });
    for (const tail of tails)
      consumer.seek({ topic: tail.topic, partition: tail.partition, offset: tail.lastOffset });
    const timedOut = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), options.timeoutMs);
    });
    if ((await Promise.race([done, timedOut])) === 'timeout') {
      throw new ResumePositionUnavailable(
        `Could not read the last message of ${[...waiting.keys()].join(', ')} within ${options.timeoutMs} ms`,
      );
    }
    return durableThrough;
  } finally {
    clearTimeout(timer);
    await consumer.disconnect().catch(() => undefined);
    await deleteGroup(options.kafka, groupId);
  }
}

async function deleteGroup(kafka: Kafka, groupId: string): Promise<void> {
  const admin = kafka.admin();
  try {
    await admin.connect();
    await admin.deleteGroups([groupId]);
  } catch {
    // An empty group without offsets expires by itself; failing to tidy up is harmless.
  } finally {
    await admin.disconnect().catch(() => undefined);
  }
}
