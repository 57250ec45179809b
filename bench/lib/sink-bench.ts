import * as path from 'node:path';
import { SqliteEventStore, type RecordedEvent } from '@gongkai/event-store';
import {
  SinkRunner,
  SqliteSinkStateStore,
  createMapperFor,
  jsonPayloadFormat,
  parseSinkTargets,
  type SinkTargetConfig,
} from '@gongkai/sinks';
import { RecordingReceiver } from '../../libs/sinks/src/testing/recording-receiver';
import type { FeedWorkload } from './feed-workload';
import { fmtRate, nowMs } from './stats';

/**
 * Sink delivery (SinkRunner: queue per stream, retries, breaker, checkpoint and delivery log in SQLite) of a
 * store's events to a provincial-platform target, against plain fetch POSTs of the same records with the same
 * headers and the same number of requests in flight, to the same local receiver.
 */
export interface SinkFigures {
  events: number;
  /** Records delivered (events the provincial mapper turns into a data-set record). */
  records: number;
  concurrency: number;
  runnerPerSecond: number;
  rawPostsPerSecond: number;
}

const log = (line: string) => process.stderr.write(`${line}\n`);

interface PreparedRequest {
  key: string;
  body: string | Uint8Array;
  headers: Record<string, string>;
}

/** What HttpSink sends for each event (see http-sink.ts buildRequest), built outside the timed run. */
function sameRequests(events: readonly RecordedEvent[], target: SinkTargetConfig): PreparedRequest[] {
  const mapper = createMapperFor(target);
  const requests: PreparedRequest[] = [];
  for (const event of events) {
    const record = mapper.map(event);
    if (!record) continue;
    const key = `raw-${event.id}`;
    requests.push({
      key,
      body: jsonPayloadFormat.encode(record),
      headers: {
        'content-type': jsonPayloadFormat.contentType,
        'idempotency-key': key,
        'x-gongkai-event-type': event.type,
        'x-gongkai-stream-id': encodeURIComponent(event.streamId),
        'x-gongkai-position': String(event.position),
        'x-gongkai-data-set': record.dataSet,
      },
    });
  }
  return requests;
}

async function postAll(
  url: string,
  requests: readonly PreparedRequest[],
  concurrency: number,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < requests.length; i = next++) {
        const { body, headers } = requests[i]!;
        const response = await fetch(url, { method: 'POST', headers, body });
        await response.text();
        if (!response.ok) throw new Error(`raw POST answered ${response.status}`);
      }
    }),
  );
}

export async function sinkBench(options: {
  dir: string;
  workload: FeedWorkload;
  events: number;
}): Promise<SinkFigures> {
  const store = await SqliteEventStore.open({
    path: path.join(options.dir, 'sinks.sqlite'),
    synchronous: 'NORMAL',
  });
  const receiver = await RecordingReceiver.start();
  const state = SqliteSinkStateStore.open({ path: path.join(options.dir, 'sink-state.sqlite') });
  const [target] = parseSinkTargets([
    {
      name: 'province',
      kind: 'provincial-platform',
      url: receiver.url,
      regions: ['32'],
      platformCode: 'PLATFORM-BENCH',
      pubServicePlatCode: 'PUBSERVICE-BENCH',
    },
  ]);
  const runner = new SinkRunner({ eventStore: store, state, targets: [target!], parkedSyncIntervalMs: 0 });
  try {
    const events = await options.workload.load(store, options.events, 32, 'sink events');
    const requests = sameRequests(await store.readAll({ maxCount: events }), target!);
    log(
      `  SinkRunner -> receiver: ${requests.length.toLocaleString('en')} records of ${events.toLocaleString('en')} events`,
    );

    const runnerStart = nowMs();
    await runner.start();
    await receiver.waitFor(
      () => receiver.accepted.length >= requests.length,
      180_000,
      'every record delivered',
    );
    const runnerPerSecond = requests.length / ((nowMs() - runnerStart) / 1000);
    const [status] = await runner.status();
    if (status!.openDeadLetters > 0) throw new Error(`${status!.openDeadLetters} events were dead-lettered`);
    await runner.stop();
    log(`    ${fmtRate(runnerPerSecond)}/s`);

    log(`  raw fetch POSTs -> receiver, ${target!.concurrency} in flight`);
    const rawStart = nowMs();
    await postAll(receiver.url, requests, target!.concurrency);
    const rawPostsPerSecond = requests.length / ((nowMs() - rawStart) / 1000);
    log(`    ${fmtRate(rawPostsPerSecond)}/s`);
    return {
      events,
      records: requests.length,
      concurrency: target!.concurrency,
      runnerPerSecond,
      rawPostsPerSecond,
    };
  } finally {
    await runner.stop();
    await receiver.close();
    await state.close();
    await store.close();
  }
}
