import { DeadLetterNotOpen } from '@gongkai/sinks';
import {
  acceptedRevisionsByStream,
  appendInterleaved,
  createHarness,
  range,
  type SinkHarness,
  waitForCheckpoint,
  waitForStatus,
} from './sink-fixtures';

/**
 * A 4xx that will never succeed dead-letters the event and parks its stream (its later events are held,
 * in order); other streams carry on. Retrying the dead letter once the receiver is fixed delivers it and
 * releases the held events; discarding releases them without it.
 */
describe('sink dead letters', () => {
  let harness: SinkHarness;

  afterEach(async () => {
    await harness?.dispose();
  });

  it('dead-letters a rejected event, parks its stream, and delivers it on retry after the fix', async () => {
    harness = await createHarness();
    const { eventStore, receiver } = harness;
    const events = await appendInterleaved(eventStore, ['txn-A', 'txn-B'], 5);
    const a = events.filter((event) => event.streamId === 'txn-A');
    const poison = a[1]!;
    receiver.reject((request) => request.idempotencyKey === poison.id, 400);
    await harness.runner.start();

    await waitForCheckpoint(harness, events.at(-1)!.position);
    const byStream = acceptedRevisionsByStream(receiver);
    expect(byStream.get('txn-B')).toEqual(range(5));
    expect(byStream.get('txn-A')).toEqual([0]);
    const rejected = receiver.requests.filter((request) => request.idempotencyKey === poison.id);
    expect(rejected).toHaveLength(1); // a 400 is not retried

    const [deadLetter, ...others] = await harness.runner.deadLetters.list();
    expect(others).toEqual([]);
    expect(deadLetter).toMatchObject({
      target: 'province',
      eventId: poison.id,
      streamId: 'txn-A',
      position: poison.position,
      reason: 'rejected',
      status: 'open',
      httpStatus: 400,
      attempts: 1,
    });
    let [status] = await harness.runner.status();
    expect(status).toMatchObject({ openDeadLetters: 1, parkedStreams: 1, heldEvents: 3, lag: 0 });

    // Later events of the parked stream are held too, not sent.
    const [a5] = await appendInterleaved(eventStore, ['txn-A'], 1);
    await waitForCheckpoint(harness, a5!.position);
    [status] = await harness.runner.status();
    expect(status!.heldEvents).toBe(4);

    // Still rejected: the retry fails, the dead letter stays open.
    const failed = await harness.runner.deadLetters.retry(deadLetter!.id);
    expect(failed.outcome).toBe('failed');
    expect(failed.deadLetter).toMatchObject({ status: 'open', attempts: 2, httpStatus: 400 });

    receiver.clearFaults();
    const retried = await harness.runner.deadLetters.retry(deadLetter!.id, 'receiver schema fixed');
    expect(retried.outcome).toBe('delivered');
    expect(retried.deadLetter).toMatchObject({ status: 'delivered', note: 'receiver schema fixed' });

    await receiver.waitFor(() => receiver.accepted.length === 11, 10_000, 'the released stream');
    expect(acceptedRevisionsByStream(receiver).get('txn-A')).toEqual(range(6));
    status = await waitForStatus(harness, (s) => s.heldEvents === 0, 'held events released');
    expect(status).toMatchObject({ openDeadLetters: 0, parkedStreams: 0, heldEvents: 0, lag: 0 });
    await expect(harness.runner.deadLetters.retry(deadLetter!.id)).rejects.toBeInstanceOf(DeadLetterNotOpen);

    // The stream is live again.
    const [a6] = await appendInterleaved(eventStore, ['txn-A'], 1);
    await receiver.waitFor(
      () => receiver.accepted.length === 12,
      10_000,
      'a new event of the released stream',
    );
    expect(receiver.accepted.at(-1)!.idempotencyKey).toBe(a6!.id);
  });

  it('discarding a dead letter releases the held events without it', async () => {
    harness = await createHarness();
    const { eventStore, receiver } = harness;
    const events = await appendInterleaved(eventStore, ['txn-D'], 4);
    receiver.reject((request) => request.idempotencyKey === events[0]!.id, 422);
    await harness.runner.start();
    await waitForCheckpoint(harness, events.at(-1)!.position);
    expect(receiver.accepted).toEqual([]);

    const [deadLetter] = await harness.runner.deadLetters.list({ target: 'province' });
    const discarded = await harness.runner.deadLetters.discard(deadLetter!.id, 'duplicate announcement');
    expect(discarded).toMatchObject({ status: 'discarded', note: 'duplicate announcement' });

    await receiver.waitFor(() => receiver.accepted.length === 3, 10_000, 'the held events');
    expect(acceptedRevisionsByStream(receiver).get('txn-D')).toEqual([1, 2, 3]);
    expect(await harness.runner.deadLetters.list()).toEqual([]);
    expect(await harness.runner.deadLetters.list({ status: 'discarded' })).toHaveLength(1);
  });

  it('dead-letters after the attempt limit when the target keeps failing one event while up', async () => {
    // A breaker that never opens: every failure counts against the event.
    harness = await createHarness({ circuitBreaker: { consecutiveFailures: 1_000, halfOpenAfterMs: 100 } });
    const { eventStore, receiver } = harness;
    const events = await appendInterleaved(eventStore, ['txn-P', 'txn-Q'], 2);
    const poison = events[0]!;
    receiver.reject((request) => request.idempotencyKey === poison.id, 500);
    await harness.runner.start();
    await waitForCheckpoint(harness, events.at(-1)!.position);

    const [deadLetter] = await harness.runner.deadLetters.list();
    expect(deadLetter).toMatchObject({
      eventId: poison.id,
      reason: 'attempts-exhausted',
      attempts: 4,
      httpStatus: 500,
    });
    expect(receiver.requests.filter((request) => request.idempotencyKey === poison.id)).toHaveLength(4);
    expect(acceptedRevisionsByStream(receiver).get('txn-Q')).toEqual([0, 1]);
    expect(acceptedRevisionsByStream(receiver).get('txn-P')).toBeUndefined();
  });

  it('keeps dead letters and held events across a restart, and releases them after a retry', async () => {
    harness = await createHarness();
    const { eventStore, receiver } = harness;
    const events = await appendInterleaved(eventStore, ['txn-K'], 3);
    receiver.reject((request) => request.idempotencyKey === events[0]!.id, 409);
    await harness.runner.start();
    await waitForCheckpoint(harness, events.at(-1)!.position);

    await harness.runner.stop();
    receiver.clearFaults();
    // Retried while the runner is stopped (as the command line does): held events wait for the next start.
    const [deadLetter] = await harness.runner.deadLetters.list();
    const retried = await harness.runner.deadLetters.retry(deadLetter!.id);
    expect(retried.outcome).toBe('delivered');
    expect(receiver.accepted).toHaveLength(1);

    await harness.restart();
    await receiver.waitFor(() => receiver.accepted.length === 3, 10_000, 'held events after restart');
    expect(acceptedRevisionsByStream(receiver).get('txn-K')).toEqual([0, 1, 2]);
    const status = await waitForStatus(harness, (s) => s.heldEvents === 0, 'held events released');
    expect(status).toMatchObject({ heldEvents: 0, parkedStreams: 0, openDeadLetters: 0 });
  });
});
