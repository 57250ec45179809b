import { performance } from 'node:perf_hooks';

/** Work per turn of the event loop: short enough that a `/health` probe waits little behind it. */
export const DEFAULT_SLICE_MS = 8;

/** How a long walk is sliced: the work per turn and the monotonic clock (ms) it is measured with. */
export interface Slicing {
  /** Work per turn of the event loop (default 8 ms). */
  sliceMs?: number;
  /** Default performance.now; a test passes its own. */
  now?: () => number;
}

/**
 * Sizes the pages of a long walk over the store (verification, the Merkle tree's catch-up) so each takes
 * about `sliceMs`, and yields to the event loop between them. The SQLite store's reads resolve at once and
 * decode the whole page synchronously, so a fixed page of 1,000 events held the loop for 15 ms on a quiet
 * machine and several hundred under load; the page shrinks when events are slow (large, or the core is
 * shared) and grows back, at most doubling, when they are fast.
 */
export class TimeSlicedPages {
  private size: number;
  private readonly sliceMs: number;
  private readonly now: () => number;
  private started: number;

  constructor(
    private readonly maxSize: number,
    slicing: Slicing = {},
  ) {
    this.size = Math.max(1, Math.min(maxSize, 64));
    this.sliceMs = slicing.sliceMs ?? DEFAULT_SLICE_MS;
    this.now = slicing.now ?? (() => performance.now());
    this.started = this.now();
  }

  /** How many events to read next. */
  get pageSize(): number {
    return this.size;
  }

  /** Marks the start of a page's work (reading included). */
  begin(): void {
    this.started = this.now();
  }

  /** Sizes the next page from how long `count` events took since `begin()`, then yields to the event loop. */
  async pause(count: number): Promise<void> {
    const elapsed = this.now() - this.started;
    if (count > 0) {
      const fitting = elapsed > 0 ? Math.floor((this.sliceMs * count) / elapsed) : this.maxSize;
      this.size = Math.max(1, Math.min(this.maxSize, this.size * 2, fitting));
    }
    // setImmediate, not a microtask: pending I/O (sockets, timers) runs before the next page.
    await new Promise((resolve) => setImmediate(resolve));
    this.started = this.now();
  }
}
