/**
 * Tracks positions read from `$all` (in increasing order) and settled in any order, and tells the highest
 * position P such that every position read up to P is settled: the checkpoint that is safe to persist
 * while streams are delivered in parallel.
 */
export class LowWaterMark {
  private readonly pending: number[] = [];
  private head = 0;
  private readonly settled = new Set<number>();
  private mark: number;

  constructor(start: number) {
    this.mark = start;
  }

  get value(): number {
    return this.mark;
  }

  /** Positions read and not yet settled. */
  get outstanding(): number {
    return this.pending.length - this.head - this.settled.size;
  }

  read(position: number): void {
    const last = this.pending.length > this.head ? this.pending[this.pending.length - 1]! : this.mark;
    if (position <= last) throw new Error(`position ${position} read out of order (after ${last})`);
    this.pending.push(position);
  }

  /** The mark as it would be once `positions` are settled (nothing changes). */
  prospective(...positions: number[]): number {
    const extra = new Set(positions);
    let mark = this.mark;
    for (let i = this.head; i < this.pending.length; i++) {
      const next = this.pending[i]!;
      if (!extra.has(next) && !this.settled.has(next)) break;
      mark = next;
    }
    return mark;
  }

  /** Marks a position settled; returns the new mark when it moved, undefined otherwise. */
  settle(position: number): number | undefined {
    this.settled.add(position);
    const before = this.mark;
    while (this.head < this.pending.length && this.settled.has(this.pending[this.head]!)) {
      const next = this.pending[this.head]!;
      this.settled.delete(next);
      this.mark = next;
      this.head++;
    }
    if (this.head > 1024 && this.head * 2 > this.pending.length) {
      this.pending.splice(0, this.head);
      this.head = 0;
    }
    return this.mark === before ? undefined : this.mark;
  }
}
