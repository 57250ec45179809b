import { setTimeout as sleep } from 'node:timers/promises';
import {
  acceptedRevisionsByStream,
  appendInterleaved,
  createHarness,
  range,
  type SinkHarness,
  waitForCheckpoint,
} from './sink-fixtures';

/**
 * "Nothing lost": a receiver that refuses connections and then answers 500 for a while still ends up
 * with every event exactly once per idempotency key, in order per stream, and nothing dead-lettered.
 */
describe('sink delivery through an outage', () => {
  let harness: SinkHarness;

  afterEach(async () => {
    await harness?.dispose();
  });

  it('delivers every event once per idempotency key, in order per stream, after the receiver comes back', async () => {
    harness = await createHarness();
    const { eventStore, receiver } = harness;
    const streams = ['txn-A', 'txn-B', 'txn-C'];
    const before = await appendInterleaved(eventStore, streams, 10);

    await receiver.goDown();
    await harness.runner.start();
    // Events keep arriving while the target is unreachable.
    const during = await appendInterleaved(eventStore, streams, 5, 'Stage');
    await sleep(300);
    const [whileDown] = await harness.runner.status();
    expect(whileDown!.circuitState).not.toBe('closed');
    expect(receiver.accepted).toHaveLength(0);

    await receiver.comeBack();
    // Its first answers are 500s: counted, not timed (a 300 ms window could pass with no request in it while the
    // circuit was still open on a loaded machine, and the test then saw no 500 at all).
    receiver.failNext(4, 500);
    const after = await appendInterleaved(eventStore, streams, 5, 'Stage');
    const all = [...before, ...during, ...after];

    await receiver.waitFor(() => receiver.accepted.length === all.length, 20_000, 'every event accepted');
    expect(new Set(receiver.acceptedKeysInOrder())).toEqual(new Set(all.map((event) => event.id)));
    expect(receiver.requests.some((request) => request.status === 500)).toBe(true);
    expect(receiver.missingKey).toBe(0);
    const byStream = acceptedRevisionsByStream(receiver);
    for (const stream of streams) expect(byStream.get(stream)).toEqual(range(20));

    expect(await harness.runner.deadLetters.list()).toEqual([]);
    await waitForCheckpoint(harness, all.at(-1)!.position);
    const [status] = await harness.runner.status();
    expect(status).toMatchObject({
      lag: 0,
      delivered: all.length,
      openDeadLetters: 0,
      circuitState: 'closed',
    });
  });

  it('honours Retry-After on 429 before sending again', async () => {
    harness = await createHarness();
    const { eventStore, receiver } = harness;
    receiver.throttleNext(1, 1);
    const [event] = await appendInterleaved(eventStore, ['txn-T'], 1);
    await harness.runner.start();

    await receiver.waitFor(() => receiver.accepted.length === 1, 10_000, 'the throttled event');
    const [throttled, next] = receiver.requests;
    expect(throttled!.status).toBe(429);
    expect(throttled!.idempotencyKey).toBe(event!.id);
    // The backoff alone would resend after ~5 ms; Retry-After asked for one second.
    expect(next!.receivedAt - throttled!.receivedAt).toBeGreaterThanOrEqual(950);
    expect(await harness.runner.deadLetters.list()).toEqual([]);
  });

  it('abandons a hanging request at the timeout and delivers on a retry', async () => {
    harness = await createHarness({ timeoutMs: 200 });
    const { eventStore, receiver } = harness;
    receiver.hangNext(1);
    const [event] = await appendInterleaved(eventStore, ['txn-H'], 1);
    await harness.runner.start();

    await receiver.waitFor(() => receiver.accepted.length === 1, 10_000, 'the event after the hang');
    expect(receiver.requests[0]!.status).toBeUndefined();
    expect(receiver.requests.map((request) => request.idempotencyKey)).toEqual([event!.id, event!.id]);
    expect(receiver.acceptedKeysInOrder()).toEqual([event!.id]);
    const [status] = await harness.runner.status();
    expect(status!.lastError?.message).toMatch(/timed out/);
  });

  it('resumes from the stored checkpoint after a restart, without gaps', async () => {
    harness = await createHarness();
    const { eventStore, receiver } = harness;
    const streams = ['txn-R1', 'txn-R2'];
    const first = await appendInterleaved(eventStore, streams, 10);
    await harness.runner.start();
    await receiver.waitFor(() => receiver.accepted.length === first.length, 10_000, 'first batch');
    await waitForCheckpoint(harness, first.at(-1)!.position);

    // Stop while the target is down and events are pending, then restart the runner on the same files.
    await receiver.goDown();
    const second = await appendInterleaved(eventStore, streams, 10);
    await sleep(100);
    await harness.runner.stop();
    await receiver.comeBack();
    const third = await appendInterleaved(eventStore, streams, 5);
    await harness.restart();

    const all = [...first, ...second, ...third];
    await receiver.waitFor(
      () => receiver.accepted.length === all.length,
      10_000,
      'every event after restart',
    );
    expect(new Set(receiver.acceptedKeysInOrder())).toEqual(new Set(all.map((event) => event.id)));
    // The first batch was checkpointed before the restart: none of it is sent again.
    const firstIds = new Set(first.map((event) => event.id));
    const resentFirst = receiver.requests.filter(
      (request, index) => index >= first.length && firstIds.has(request.idempotencyKey ?? ''),
    );
    expect(resentFirst).toEqual([]);
    const byStream = acceptedRevisionsByStream(receiver);
    for (const stream of streams) expect(byStream.get(stream)).toEqual(range(25));
    await waitForCheckpoint(harness, all.at(-1)!.position);
  });

  it('skips events the target does not take, and counts them', async () => {
    harness = await createHarness();
    const { eventStore, receiver } = harness;
    const taken = await appendInterleaved(eventStore, ['txn-S'], 2);
    const internal = await appendInterleaved(eventStore, ['txn-S'], 2, 'Internal');
    await harness.runner.start();
    await waitForCheckpoint(harness, internal.at(-1)!.position);
    expect(receiver.acceptedKeysInOrder()).toEqual(taken.map((event) => event.id));
    const [status] = await harness.runner.status();
    expect(status).toMatchObject({ delivered: 2, skipped: 2, lag: 0 });
  });
});
