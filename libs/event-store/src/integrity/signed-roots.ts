import type { Checkpoint } from './checkpoint';

/**
 * The signed checkpoints a verification compares roots with, in tree-size order, read a little ahead of it:
 * memory for what lies between two pages, not for the whole history (millions of lines after years of signing).
 * An array is sorted first; an async source (readHistory) must already be in order.
 */
export class SignedRoots {
  private readonly source: Iterator<Checkpoint> | AsyncIterator<Checkpoint>;
  private buffer: Checkpoint[] = [];
  private at = 0;
  private ended = false;

  constructor(
    signed: readonly Checkpoint[] | AsyncIterable<Checkpoint>,
    /** Checkpoints below this size are skipped (their roots were checked before). */
    private readonly since: number,
  ) {
    this.source =
      Symbol.asyncIterator in signed
        ? signed[Symbol.asyncIterator]()
        : [...signed].sort((a, b) => a.treeSize - b.treeSize)[Symbol.iterator]();
  }

  /** Reads ahead until a checkpoint beyond `size` is held, or the source ends. */
  async fill(size: number): Promise<void> {
    while (!this.ended) {
      const last = this.buffer[this.buffer.length - 1];
      if (last !== undefined && this.at < this.buffer.length && last.treeSize > size) return;
      const next = await this.source.next();
      if (next.done) {
        this.ended = true;
        return;
      }
      if (next.value.treeSize < this.since) continue;
      if (this.at > 1024) {
        this.buffer = this.buffer.slice(this.at);
        this.at = 0;
      }
      this.buffer.push(next.value);
    }
  }

  /** The next checkpoint held (fill first), if any. */
  peek(): Checkpoint | undefined {
    return this.buffer[this.at];
  }

  shift(): Checkpoint | undefined {
    const next = this.buffer[this.at];
    if (next !== undefined) this.at += 1;
    return next;
  }

  /** Stops reading the source (a run that ends early). */
  async close(): Promise<void> {
    await this.source.return?.();
  }
}
