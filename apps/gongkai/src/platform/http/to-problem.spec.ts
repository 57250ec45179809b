import { AppendTooLarge, StoreUnavailable, StreamDeleted } from '@gongkai/event-store';
import { toProblem } from './to-problem';

describe('toProblem: event store errors that only an EventStoreDB server raises', () => {
  it('answers an append above the store limit with 413 and the limit, not a 500', () => {
    const { problem, known } = toProblem(new AppendTooLarge('txn-1', 2_000_000, 1_048_576));
    expect(known).toBe(true);
    expect(problem.status).toBe(413);
    expect(problem.toBody()).toMatchObject({ maxAppendBytes: 1_048_576 });
  });

  it('answers a store that cannot serve now with 503 and the reason', () => {
    const { problem } = toProblem(new StoreUnavailable('not-leader', 'no leader'));
    expect(problem.status).toBe(503);
    expect(problem.toBody()).toMatchObject({ reason: 'not-leader' });
  });

  it('answers a stream deleted on the server as not found', () => {
    expect(toProblem(new StreamDeleted('txn-9')).problem.status).toBe(404);
  });
});
