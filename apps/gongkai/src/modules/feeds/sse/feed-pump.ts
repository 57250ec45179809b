import { performance } from 'node:perf_hooks';

export interface FeedPumpOptions {
  /** Most bytes the sessions may hold encoded for their sockets at once; a page waits beyond it. */
  bufferBytes: number;
  /** Most milliseconds of page work per event-loop turn before the pump lets other requests in. */
  sliceMs: number;
  /**
   * Most bytes handed to sockets per event-loop turn. Pages served from the cache cost almost nothing to
   * hand out, but writing them does (on loopback a socket write also runs the receiver's TCP path): without
   * this, one turn could write the whole `bufferBytes` budget.
   */
  sliceBytes: number;
}

interface Job {
  work: () => Promise<unknown>;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

/**
 * The one queue through which every SSE session reads and encodes its catch-up pages, so hundreds of
 * clients replaying from position 0 cannot starve the rest of the service or its memory:
 * - pages run one at a time, at most `sliceMs` or `sliceBytes` of them per event-loop turn, then the pump yields
 *   (setImmediate) so pending I/O (a `/health` probe, an append) is served between slices; a pump that ran
 *   dry restarts in a later turn, never in the caller's;
 * - a page runs only while the bytes the sessions hold for their sockets (`hold`) are under `bufferBytes`,
 *   or nothing is held (a single event larger than the budget still goes through, alone).
 * Memory for catch-up is then bounded by `bufferBytes` plus one page in the making, whatever the number of
 * sessions and the size of the events.
 */
export class FeedPump {
  private readonly queue: Job[] = [];
  private running = false;
  private held = 0;
  /** Bytes handed out since the pump last yielded. */
  private handedOut = 0;
  private released?: () => void;

  constructor(private readonly options: FeedPumpOptions) {}

  /** Bytes held now by sessions for their sockets. */
  get heldBytes(): number {
    return this.held;
  }

  /** Pages waiting for their turn. */
  get waiting(): number {
    return this.queue.length;
  }

  /** Queues a page's work; it runs in its turn, alone. */
  run<T>(work: () => Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ work, resolve: resolve as (value: unknown) => void, reject });
      if (this.running) return;
      this.running = true;
      // Never started in the caller's turn: a session whose socket takes each page at once re-queues from a
      // write callback (process.nextTick), and starting there would chain its whole replay without ever
      // returning to the event loop.
      setImmediate(() => void this.pump());
    });
  }

  /** Counts `bytes` against the budget until the returned release is called (once is enough). */
  hold(bytes: number): () => void {
    this.held += bytes;
    this.handedOut += bytes;
    let done = false;
    return () => {
      if (done) return;
      done = true;
      this.held -= bytes;
      const wake = this.released;
      this.released = undefined;
      wake?.();
    };
  }

  private async pump(): Promise<void> {
    try {
      let sliceStart = performance.now();
      while (this.queue.length > 0) {
        if (this.held > 0 && this.held >= this.options.bufferBytes) {
          await new Promise<void>((resolve) => (this.released = resolve));
          continue;
        }
        if (
          performance.now() - sliceStart >= this.options.sliceMs ||
          this.handedOut >= this.options.sliceBytes
        ) {
          await new Promise<void>((resolve) => setImmediate(resolve));
          sliceStart = performance.now();
          this.handedOut = 0;
        }
        const job = this.queue.shift()!;
        try {
          job.resolve(await job.work());
        } catch (error) {
          job.reject(error);
        }
      }
    } finally {
      this.running = false;
    }
  }
}
