/**
 * A sink runner in a process of its own, for the crash test: `tsx sink-worker.ts <events> <state> <url>`.
 * It delivers until it is killed; it prints "started" once running.
 */
import { SqliteEventStore } from '@gongkai/event-store';
import { parseSinkTargets, SinkRunner, SqliteSinkStateStore } from '@gongkai/sinks';
import { CRASH_TEST_TIMEOUT_MS, echoMapper, fastDelivery } from './sink-fixtures';

async function main(): Promise<void> {
  const [eventsPath, statePath, url] = process.argv.slice(2);
  if (!eventsPath || !statePath || !url)
    throw new Error('usage: sink-worker <events.sqlite> <state.sqlite> <url>');
  const eventStore = await SqliteEventStore.open({ path: eventsPath });
  const state = SqliteSinkStateStore.open({ path: statePath });
  const targets = parseSinkTargets([
    {
      name: 'province',
      kind: 'provincial-platform',
      url,
      regions: ['32'],
      platformCode: 'P',
      pubServicePlatCode: 'G',
      ...fastDelivery,
      // A slow answer on a loaded machine must not be retried: the test counts only what the crash resends.
      timeoutMs: CRASH_TEST_TIMEOUT_MS,
    },
  ]);
  const runner = new SinkRunner({
    eventStore,
    state,
    targets,
    mapperFor: () => echoMapper,
    parkedSyncIntervalMs: 0,
  });
  await runner.start();
  process.stdout.write('started\n');
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
