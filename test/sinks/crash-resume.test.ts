import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import {
  CRASH_TEST_TIMEOUT_MS,
  acceptedRevisionsByStream,
  appendInterleaved,
  createHarness,
  range,
  type SinkHarness,
  waitForCheckpoint,
} from './sink-fixtures';

/**
 * The process delivering events is killed with SIGKILL mid-delivery; a new runner on the same files resumes
 * from the stored checkpoint: every event arrives, in order per stream, and only the few that were in
 * flight at the kill are sent twice (same idempotency key, deduplicated by the receiver).
 */
describe('sink delivery across a crash', () => {
  let harness: SinkHarness;
  let child: ChildProcess | undefined;

  afterEach(async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await harness?.dispose();
  });

  it('resumes without gaps after SIGKILL of the delivering process', async () => {
    harness = await createHarness({ timeoutMs: CRASH_TEST_TIMEOUT_MS });
    const { eventStore, receiver, dir } = harness;
    const streams = range(8).map((i) => `txn-crash-${i}`);
    const events = await appendInterleaved(eventStore, streams, 25);
    receiver.slowDown(5);

    child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        join(__dirname, 'sink-worker.ts'),
        join(dir, 'events.sqlite'),
        join(dir, 'sink-state.sqlite'),
        receiver.url,
      ],
      { cwd: join(__dirname, '..', '..'), stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise<NodeJS.Signals | null>((resolve) => child!.once('exit', (_code, signal) => resolve(signal)));
    await receiver.waitFor(() => receiver.accepted.length >= 60, 30_000, 'the worker to deliver a third');
    child.kill('SIGKILL');
    expect(await exited).toBe('SIGKILL');
    const acceptedBeforeCrash = receiver.accepted.length;
    expect(acceptedBeforeCrash).toBeLessThan(events.length);

    receiver.clearFaults();
    await harness.restart();
    await receiver.waitFor(() => receiver.accepted.length === events.length, 20_000, 'every event after the crash');
    await waitForCheckpoint(harness, events.at(-1)!.position);

    expect(new Set(receiver.acceptedKeysInOrder())).toEqual(new Set(events.map((event) => event.id)));
    const byStream = acceptedRevisionsByStream(receiver);
    for (const stream of streams) expect(byStream.get(stream)).toEqual(range(25));
    // Resumed from the checkpoint, not from the start: only what was in flight is sent again.
    expect(receiver.duplicates).toBeLessThanOrEqual(2 * harness.config.concurrency);
    expect(await harness.runner.deadLetters.list()).toEqual([]);
  });
});
