import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { streamIdFor, type DomainEvent } from '@gongkai/domain';
import { SqliteEventStore, type EventStore, type RecordedEvent } from '@gongkai/event-store';
import {
  parseSinkTargets,
  SinkRunner,
  SqliteSinkStateStore,
  type SinkMapper,
  type SinkTargetConfig,
  type SinkTargetConfigInput,
  type SinkTargetStatus,
} from '@gongkai/sinks';
import { RecordingReceiver } from '../../libs/sinks/src/testing/recording-receiver';

/**
 * Delivery tests run against a real SQLite event store, a real SQLite sink state file and a real HTTP
 * receiver. Backoffs are short so that outages of a few hundred milliseconds exercise every path.
 */
export interface SinkHarness {
  dir: string;
  eventStore: EventStore;
  state: SqliteSinkStateStore;
  receiver: RecordingReceiver;
  config: SinkTargetConfig;
  runner: SinkRunner;
  /** Replaces the runner (and reopens the state file), as a process restart does. */
  restart(): Promise<SinkRunner>;
  dispose(): Promise<void>;
}

/**
 * The crash test's delivery timeout: under load a 1 s timeout retried answers the receiver had already
 * accepted, and those duplicates were counted as resent by the crash (a flake seen at load 20).
 */
export const CRASH_TEST_TIMEOUT_MS = 30_000;

export const fastDelivery = {
  timeoutMs: 1_000,
  retry: { initialDelayMs: 5, maxDelayMs: 50, maxAttempts: 4 },
  circuitBreaker: { consecutiveFailures: 3, halfOpenAfterMs: 100 },
  concurrency: 4,
} satisfies Partial<SinkTargetConfigInput>;

/**
 * Delivery-level mapper: every event becomes one record carrying its stream and revision, so the
 * receiver's log shows the order. (The national-spec mappers have their own specs.)
 */
export const echoMapper: SinkMapper = {
  kind: 'provincial-platform',
  map(event: RecordedEvent) {
    if (event.type === 'Internal') return undefined;
    return {
      dataSet: 'TEST',
      dataSetName: 'delivery test record',
      fields: { STREAM: event.streamId, REVISION: event.revision, TYPE: event.type },
    };
  },
};

export async function createHarness(
  overrides: Partial<SinkTargetConfigInput> = {},
  mapper: SinkMapper = echoMapper,
): Promise<SinkHarness> {
  const dir = mkdtempSync(join(tmpdir(), 'gongkai-sinks-'));
  const eventStore = await SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
  const receiver = await RecordingReceiver.start();
  const [config] = parseSinkTargets([
    {
      name: 'province',
      kind: 'provincial-platform',
      url: receiver.url,
      regions: ['32'],
      platformCode: 'PLATFORM-TEST',
      pubServicePlatCode: 'PUBSERVICE-TEST',
      ...fastDelivery,
      ...overrides,
    },
  ]);
  const statePath = join(dir, 'sink-state.sqlite');
  const harness: SinkHarness = {
    dir,
    eventStore,
    receiver,
    config: config!,
    state: SqliteSinkStateStore.open({ path: statePath }),
    runner: undefined as unknown as SinkRunner,
    async restart() {
      await harness.runner.stop();
      await harness.state.close();
      harness.state = SqliteSinkStateStore.open({ path: statePath });
      harness.runner = makeRunner();
      await harness.runner.start();
      return harness.runner;
    },
    async dispose() {
      await harness.runner.stop();
      await receiver.close();
      await harness.state.close();
      await eventStore.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  const makeRunner = (): SinkRunner =>
    new SinkRunner({
      eventStore,
      state: harness.state,
      targets: [harness.config],
      mapperFor: () => mapper,
      parkedSyncIntervalMs: 0,
    });
  harness.runner = makeRunner();
  return harness;
}

/** Appends `count` events to each stream, interleaved across streams, one append per event. */
export async function appendInterleaved(
  store: EventStore,
  streams: readonly string[],
  count: number,
  type = 'Stage',
): Promise<RecordedEvent[]> {
  const recorded: RecordedEvent[] = [];
  for (let i = 0; i < count; i++) {
    for (const stream of streams) {
      const result = await store.append(stream, [
        // In Nantong, where the harness's target is routed (regions ["32"]).
        { id: randomUUID(), type, data: { n: i }, metadata: { regionCode: '320602' } },
      ]);
      recorded.push(...result.events);
    }
  }
  return recorded;
}

/** Revisions the receiver accepted for each stream, in the order it accepted them. */
export function acceptedRevisionsByStream(receiver: RecordingReceiver): Map<string, number[]> {
  const byStream = new Map<string, number[]>();
  for (const delivery of receiver.accepted) {
    const record = (delivery.json as { record: { STREAM: string; REVISION: number } }).record;
    const list = byStream.get(record.STREAM) ?? [];
    list.push(record.REVISION);
    byStream.set(record.STREAM, list);
  }
  return byStream;
}

export function range(count: number, from = 0): number[] {
  return Array.from({ length: count }, (_, i) => from + i);
}

/** Waits until the target's status satisfies `predicate` (state is written just after the HTTP answer). */
export async function waitForStatus(
  harness: SinkHarness,
  predicate: (status: SinkTargetStatus) => boolean,
  what: string,
  timeoutMs = 10_000,
): Promise<SinkTargetStatus> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const [status] = await harness.runner.status();
    if (predicate(status!)) return status!;
    if (Date.now() > deadline)
      throw new Error(`timed out waiting for ${what}; status ${JSON.stringify(status)}`);
    await sleep(20);
  }
}

/** Waits until the target's stored checkpoint reaches `position`. */
export async function waitForCheckpoint(harness: SinkHarness, position: number): Promise<SinkTargetStatus> {
  return waitForStatus(harness, (status) => status.checkpoint >= position, `checkpoint ${position}`);
}

/** Appends a domain event to its stream as the service stores it (the schema version in the metadata). */
export async function appendAsStored(store: EventStore, event: DomainEvent): Promise<RecordedEvent> {
  const result = await store.append(streamIdFor(event), [
    {
      id: event.id,
      type: event.type,
      data: event.data,
      metadata: { ...event.metadata, schemaVersion: event.schemaVersion },
    },
  ]);
  return result.events[0]!;
}

/** Waits (bounded) until every target of the runner has settled every event through `position`. */
export async function waitUntilAllSettled(
  runner: SinkRunner,
  position: number,
  timeoutMs = 20_000,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const statuses = await runner.status();
    if (statuses.every((status) => status.checkpoint >= position)) return;
    if (Date.now() > deadline) {
      throw new Error(`targets did not settle through ${position}: ${JSON.stringify(statuses)}`);
    }
    await sleep(25);
  }
}
