/**
 * Collects the appends requested in one turn of the event loop and hands them to `write` together, so
 * concurrent writers share one transaction (and one fsync). `write` is synchronous (better-sqlite3) and
 * returns one outcome per request, in order; if it throws, every request of the batch fails with that error.
 */
export type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };

interface Pending<TRequest, TResult> {
  request: TRequest;
  resolve: (value: TResult) => void;
  reject: (error: unknown) => void;
}

export class GroupCommit<TRequest, TResult> {
  private queue: Pending<TRequest, TResult>[] = [];
  private scheduled: NodeJS.Immediate | undefined;

  constructor(
    private readonly write: (requests: TRequest[]) => Outcome<TResult>[],
    private readonly afterWrite: () => void,
  ) {}

  submit(request: TRequest): Promise<TResult> {
    return new Promise<TResult>((resolve, reject) => {
      this.queue.push({ request, resolve, reject });
      // setImmediate rather than a microtask: writers resumed by the previous commit re-submit during the
      // same microtask drain, and all of them must make it into the next batch.
      this.scheduled ??= setImmediate(() => this.flush());
    });
  }

  /** Writes whatever is queued now (also called by close, so nothing queued is lost). */
  flush(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    const batch = this.queue;
    this.queue = [];
    if (batch.length === 0) return;
    let outcomes: Outcome<TResult>[];
    try {
      outcomes = this.write(batch.map((p) => p.request));
    } catch (error) {
      for (const pending of batch) pending.reject(error);
      return;
    }
    batch.forEach((pending, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) pending.resolve(outcome.value);
      else pending.reject(outcome.error);
    });
    if (outcomes.some((o) => o.ok)) this.afterWrite();
  }
}
