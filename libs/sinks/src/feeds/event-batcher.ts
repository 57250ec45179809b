import type { RecordedEvent } from '@gongkai/event-store';

const LINGER_EXPIRED = Symbol('linger expired');

/**
 * Turns a subscription (one event at a time) into batches: waits for one event, then takes the events
 * that follow within `lingerMs`, up to `maxSize`. A read still pending when the linger expires is kept
 * for the next batch, so no event is lost between batches.
 */
export class EventBatcher {
  private pending: Promise<IteratorResult<RecordedEvent>> | undefined;
  private ended = false;

  constructor(private readonly events: AsyncIterator<RecordedEvent>) {}

  /** The next batch; empty once the subscription has ended. */
  async next(maxSize: number, lingerMs: number): Promise<RecordedEvent[]> {
    const batch: RecordedEvent[] = [];
    while (batch.length < maxSize && !this.ended) {
      this.pending ??= this.events.next();
      const result = batch.length === 0 ? await this.pending : await withinLinger(this.pending, lingerMs);
      if (result === LINGER_EXPIRED) break;
      this.pending = undefined;
      if (result.done) {
        this.ended = true;
        break;
      }
      batch.push(result.value);
    }
    return batch;
  }
}

async function withinLinger<T>(promise: Promise<T>, lingerMs: number): Promise<T | typeof LINGER_EXPIRED> {
  let timer: NodeJS.Timeout | undefined;
  const expired = new Promise<typeof LINGER_EXPIRED>((resolve) => {
    timer = setTimeout(() => resolve(LINGER_EXPIRED), lingerMs);
  });
  try {
    return await Promise.race([promise, expired]);
  } finally {
    clearTimeout(timer);
  }
}
