import { DeadLetterNotFound, DeadLetterNotOpen } from './dead-letter-errors';
import type { DeadLetter, DeadLetterQuery, SinkStateStore } from './sink-state-store.port';
import type { DeadLetterRetryResult, TargetPipeline } from './target-pipeline';

export type { DeadLetterRetryResult } from './target-pipeline';

export interface DeadLetterSummary {
  target: string;
  open: number;
  delivered: number;
  discarded: number;
}

/**
 * Operations on dead letters, for the CLI (`gongkai dead-letters ...`) and the HTTP API.
 * A dead letter parks its stream for its target: retrying it (once it is accepted) or discarding it
 * releases the stream's held events in order. Errors: DeadLetterNotFound, DeadLetterNotOpen,
 * UnknownSinkTarget (all with a stable `code`).
 */
export class DeadLetterService {
  constructor(
    private readonly state: SinkStateStore,
    private readonly pipelineFor: (target: string) => TargetPipeline,
    private readonly targetNames: () => readonly string[],
  ) {}

  list(query: DeadLetterQuery = {}): Promise<DeadLetter[]> {
    return this.state.listDeadLetters(query);
  }

  async get(id: number): Promise<DeadLetter> {
    const deadLetter = await this.state.getDeadLetter(id);
    if (!deadLetter) throw new DeadLetterNotFound(id);
    return deadLetter;
  }

  /** One delivery attempt now; on success the dead letter closes and its stream resumes. */
  async retry(id: number, note?: string): Promise<DeadLetterRetryResult> {
    const deadLetter = await this.requireOpen(id);
    return this.pipelineFor(deadLetter.target).retryDeadLetter(deadLetter, note);
  }

  /**
   * Retries every open dead letter (of one target, or all), oldest first; stops at the first one that
   * still fails per stream, since later ones of that stream would be sent out of order.
   */
  async retryAll(options: { target?: string; note?: string } = {}): Promise<DeadLetterRetryResult[]> {
    const results: DeadLetterRetryResult[] = [];
    const failedStreams = new Set<string>();
    let afterId = 0;
    for (;;) {
      const page = await this.state.listDeadLetters({
        target: options.target,
        status: 'open',
        afterId,
        limit: 100,
      });
      if (page.length === 0) return results;
      for (const deadLetter of page) {
        afterId = deadLetter.id;
        const key = `${deadLetter.target}\u0000${deadLetter.streamId}`;
        if (failedStreams.has(key)) continue;
        const result = await this.pipelineFor(deadLetter.target).retryDeadLetter(deadLetter, options.note);
        if (result.outcome === 'failed') failedStreams.add(key);
        results.push(result);
      }
    }
  }

  /** Gives up on the event for its target (kept as 'discarded' for the record) and releases the stream. */
  async discard(id: number, note?: string): Promise<DeadLetter> {
    const deadLetter = await this.requireOpen(id);
    return this.pipelineFor(deadLetter.target).discardDeadLetter(deadLetter, note);
  }

  /** Dead-letter counts per configured target. */
  async summary(): Promise<DeadLetterSummary[]> {
    return Promise.all(
      this.targetNames().map(async (target) => ({
        target,
        open: await this.state.countDeadLetters(target, 'open'),
        delivered: await this.state.countDeadLetters(target, 'delivered'),
        discarded: await this.state.countDeadLetters(target, 'discarded'),
      })),
    );
  }

  private async requireOpen(id: number): Promise<DeadLetter> {
    const deadLetter = await this.get(id);
    if (deadLetter.status !== 'open') throw new DeadLetterNotOpen(id, deadLetter.status);
    return deadLetter;
  }
}
