/** A stream's decider state as of one revision, and the ids of the events that made it. */
export interface StreamSnapshot {
  /** The revision of the last event folded into `state`; -1 for a stream that does not exist yet. */
  revision: number;
  state: unknown;
  eventIds: ReadonlySet<string>;
}

/**
 * The latest decider state of recently appended streams, so that an append need not re-read and re-parse
 * the whole stream. A snapshot is only used when its revision equals the stream's current revision in the
 * store (the caller asks the store), so it can never be stale: any write by another process, or one that
 * raced this one, moves the revision and the appender falls back to reading the stream.
 *
 * Least recently used snapshots are dropped beyond `capacity` (a Map keeps insertion order).
 */
export class StreamStateCache {
  private readonly snapshots = new Map<string, StreamSnapshot>();

  constructor(private readonly capacity = 10_000) {}

  /** The snapshot of a stream at exactly this revision, if one is kept. */
  at(streamId: string, revision: number): StreamSnapshot | undefined {
    const snapshot = this.snapshots.get(streamId);
    if (!snapshot || snapshot.revision !== revision) return undefined;
    this.snapshots.delete(streamId);
    this.snapshots.set(streamId, snapshot);
    return snapshot;
  }

  /** Keeps a snapshot unless a newer one is already kept (concurrent appends may finish out of order). */
  remember(streamId: string, snapshot: StreamSnapshot): void {
    const kept = this.snapshots.get(streamId);
    if (kept && kept.revision > snapshot.revision) return;
    this.snapshots.delete(streamId);
    this.snapshots.set(streamId, snapshot);
    if (this.snapshots.size > this.capacity) {
      const oldest = this.snapshots.keys().next().value;
      if (oldest !== undefined) this.snapshots.delete(oldest);
    }
  }

  get size(): number {
    return this.snapshots.size;
  }
}
