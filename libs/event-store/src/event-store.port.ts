/**
 * The event store port. Semantics follow EventStoreDB so that the embedded SQLite adapter and the
 * EventStoreDB adapter are interchangeable:
 * - a stream is an ordered list of events, revisions start at 0;
 * - `$all` orders every event by a global position (monotonic; contiguous 1..n in SQLite, the commit
 *   position in EventStoreDB);
 * - events are immutable: the port offers no update and no delete.
 */

/** Where the writer believes the stream stands. A number is the revision of the stream's last event. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

/** An event as the caller proposes it. `id` is client-supplied (UUID) and makes appends idempotent. */
export interface EventData<TData = unknown, TMetadata extends Record<string, unknown> = Record<string, unknown>> {
  id: string;
  type: string;
  data: TData;
  metadata?: TMetadata;
}

/** An event as stored, with its place in the stream and in `$all`, and its integrity fields. */
export interface RecordedEvent<
  TData = unknown,
  TMetadata extends Record<string, unknown> = Record<string, unknown>,
> {
  id: string;
  type: string;
  streamId: string;
  /** 0-based revision within the stream. */
  revision: number;
  /** Global position in `$all`. */
  position: number;
  data: TData;
  metadata: TMetadata;
  /** ISO-8601 UTC instant at which the store accepted the event. */
  recordedAt: string;
  /** Hex SHA-256 of the previous event of the stream (64 zeros for revision 0). */
  prevHash: string;
  /** Hex SHA-256(prevHash || canonical JSON of the hashed content), see integrity/hash-chain.ts. */
  hash: string;
}

export interface AppendOptions {
  /** Defaults to 'any'. */
  expectedRevision?: ExpectedRevision;
}

export interface AppendResult {
  /** Revision of the last event written (or already present, for an idempotent retry). */
  nextExpectedRevision: number;
  /** Global position of the last event written. */
  position: number;
  /** The events as recorded, in order (the original ones on an idempotent retry). */
  events: RecordedEvent[];
}

export type Direction = 'forwards' | 'backwards';

export interface ReadStreamOptions {
  direction?: Direction;
  /** Inclusive. Defaults to 'start' forwards, 'end' backwards. */
  fromRevision?: number | 'start' | 'end';
  maxCount?: number;
}

/** Filter for `$all`: by stream id prefix and/or by event type (exact names or prefixes). */
export interface AllFilter {
  streamPrefixes?: readonly string[];
  eventTypes?: readonly string[];
  eventTypePrefixes?: readonly string[];
}

export interface ReadAllOptions {
  direction?: Direction;
  /** Inclusive. Defaults to 'start' forwards, 'end' backwards. */
  fromPosition?: number | 'start' | 'end';
  maxCount?: number;
  filter?: AllFilter;
}

export interface SubscribeToAllOptions {
  /** Deliver events strictly after this position; 'start' delivers everything, 'end' only new events. */
  from?: { after: number } | 'start' | 'end';
  filter?: AllFilter;
}

export interface SubscribeToStreamOptions {
  /** Deliver events strictly after this revision; 'start' delivers everything, 'end' only new events. */
  from?: { after: number } | 'start' | 'end';
}

/**
 * A catch-up subscription: replays history from the requested point, then turns live without a gap or
 * a duplicate at the switch. Iterate with `for await`; `close()` (or breaking the loop) ends it.
 */
export interface Subscription extends AsyncIterable<RecordedEvent> {
  close(): Promise<void>;
}

export interface EventStore {
  append(streamId: string, events: readonly EventData[], options?: AppendOptions): Promise<AppendResult>;
  /** Throws StreamNotFound when the stream has no event. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options?: SubscribeToAllOptions): Subscription;
  subscribeToStream(streamId: string, options?: SubscribeToStreamOptions): Subscription;
  /** Revision of the stream's last event, or undefined when the stream does not exist. */
  streamRevision(streamId: string): Promise<number | undefined>;
  /** Position of the last event in `$all` (0 when empty). */
  headPosition(): Promise<number>;
  /** Cheap probe for readiness checks. */
  health(): Promise<{ ok: boolean; detail: string }>;
  close(): Promise<void>;
}
