import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { exampleEvent, type DomainEvent, type EventType } from '@gongkai/domain';
import { SqliteEventStore } from '@gongkai/event-store';
import { parseSinkTargets, SinkRunner, SqliteSinkStateStore } from '@gongkai/sinks';
import { RecordingReceiver } from '../../libs/sinks/src/testing/recording-receiver';
import { appendAsStored, fastDelivery, waitUntilAllSettled } from './sink-fixtures';

/**
 * Migrated history (`gongkai import` marks it `metadata.imported`) is not news: a provincial platform that
 * already received it must not get it again as new records, unless its target says `pushImported: true` (a
 * platform that never had it). Two real HTTP receivers, one SinkRunner, one store holding both kinds.
 */
const PROVINCE = {
  kind: 'provincial-platform',
  platformCode: 'JS-PLATFORM-32',
  pubServicePlatCode: 'JS-PUB-32',
  regions: ['32'],
  ...fastDelivery,
} as const;

/** An example procurement event in a transaction of its own (fresh ids), imported or published live. */
function example(type: EventType, transactionId: string, imported: boolean): DomainEvent {
  const event = exampleEvent(type, 'procurement');
  return {
    ...event,
    id: randomUUID(),
    data: { ...(event.data as object), transactionId } as DomainEvent['data'],
    metadata: {
      ...event.metadata,
      ...(imported
        ? { imported: { source: 'national-data-spec', records: [`553:${transactionId}|${transactionId}`] } }
        : {}),
    },
  } as DomainEvent;
}

describe('imported history and sink targets', () => {
  let dir: string;
  let store: SqliteEventStore;
  let state: SqliteSinkStateStore;
  let live: RecordingReceiver;
  let archive: RecordingReceiver;
  let runner: SinkRunner | undefined;

  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), 'gongkai-imported-sinks-'));
    store = await SqliteEventStore.open({ path: join(dir, 'events.sqlite') });
    state = SqliteSinkStateStore.open({ path: join(dir, 'sink-state.sqlite') });
    [live, archive] = await Promise.all([RecordingReceiver.start(), RecordingReceiver.start()]);
  });

  afterEach(async () => {
    await runner?.stop();
    runner = undefined;
    await Promise.all([live.close(), archive.close()]);
    await state.close();
    await store.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a target skips imported events unless it is configured with pushImported: true', async () => {
    const history = [
      await appendAsStored(store, example('AnnouncementPublished', 'NTCG2025-0000001', true)),
      await appendAsStored(store, example('AwardPublished', 'NTCG2025-0000001', true)),
    ];
    const news = await appendAsStored(store, example('AnnouncementPublished', 'NTCG2026-0000002', false));

    const targets = parseSinkTargets([
      { ...PROVINCE, name: 'jiangsu', url: live.url },
      { ...PROVINCE, name: 'jiangsu-archive', url: archive.url, pushImported: true },
    ]);
    runner = new SinkRunner({ eventStore: store, state, targets, parkedSyncIntervalMs: 0 });
    await runner.start();
    await waitUntilAllSettled(runner, news.position, 60_000);

    expect(live.acceptedKeysInOrder()).toEqual([news.id]);
    expect(archive.acceptedKeysInOrder()).toEqual([...history.map((e) => e.id), news.id]);
    // Left out like an event the target does not take: skipped and counted, never a dead letter.
    const status = new Map((await runner.status()).map((target) => [target.target, target]));
    expect(status.get('jiangsu')).toMatchObject({ delivered: 1, skipped: 2, openDeadLetters: 0 });
    expect(status.get('jiangsu-archive')).toMatchObject({ delivered: 3, skipped: 0, openDeadLetters: 0 });
  });
});
