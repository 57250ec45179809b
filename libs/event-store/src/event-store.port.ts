/**
 * The event store port. Semantics follow EventStoreDB so that the embedded SQLite adapter and the
 * EventStoreDB adapter are interchangeable:
 * - a stream is an ordered list of events, revisions start at 0;
 * - `$all` orders every event by a global position (see `Position`);
 * - events are immutable: the port offers no update and no delete.
 */

/**
 * A place in `$all`: opaque and totally ordered. Callers compare positions (<, ===, >) and store them; they
 * never compute with them (no `p + 1`, no `head - p` as a count): on EventStoreDB a position is a byte
 * offset in the transaction log with gaps between events, and `p + 1` points inside a record (the server
 * answers InvalidPosition). To continue after an event, read `{ after: p }`.
 *
 * At the edges (JSON, SQLite columns, SSE ids, Kafka headers) a position is a non-negative safe integer:
 * SQLite's 1..n, EventStoreDB's commit position (a 64-bit byte offset, lossless as a number below 2^53 bytes
 * = 8 PiB of log; the adapter refuses anything larger instead of rounding). `POSITION_ZERO` (0) lies before
 * every event on both stores: `{ after: 0 }` reads from the start, and an empty store's head is 0.
 */
export type Position = number;

/** Before every event; the head of an empty store. */
export const POSITION_ZERO: Position = 0;

/** A position written at an edge: decimal digits, no sign, no leading zero, at most 16 digits. */
export const POSITION_PATTERN = /^(0|[1-9][0-9]{0,15})$/;

/** Parses a position written at an edge (decimal digits of a safe integer); undefined when it is not one. */
export function parsePosition(text: string): Position | undefined {
  if (!POSITION_PATTERN.test(text)) return undefined;
  const value = Number(text);
  return Number.isSafeInteger(value) ? value : undefined;
}

/**
 * Where a read of `$all` begins. `at` includes the event at `p`; `after` (forwards only) and `before`
 * (backwards only) exclude it. 'start' and 'end' are the ends of `$all` (a forwards read from 'end' or a
 * backwards read from 'start' is empty).
 */
export type ReadAllFrom = 'start' | 'end' | { at: Position } | { after: Position } | { before: Position };

/** Where the writer believes the stream stands. A number is the revision of the stream's last event. */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | number;

/** An event as the caller proposes it. `id` is client-supplied (UUID) and makes appends idempotent. */
export interface EventData<
  TData = unknown,
  TMetadata extends Record<string, unknown> = Record<string, unknown>,
> {
  id: string;
  type: string;
  data: TData;
  metadata?: TMetadata;
  /**
   * JSON pointers (RFC 6901, into `{ data, metadata }`, e.g. `/data/recipients/0/phone`) of the values a public
   * view hides. When given (even empty), the store salts a commitment to each and the event's log entry is its
   * committed form, so the public view can be checked against the log (integrity/commitments.ts). The salts are
   * kept in the metadata under `gongkai:salts`.
   */
  commit?: readonly string[];
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
  position: Position;
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
  position: Position;
  /** The events as recorded, in order (the original ones on an idempotent retry). */
  events: RecordedEvent[];
}

/** One stream's part of `appendMany`: what `append(streamId, events, { expectedRevision })` would write. */
export interface StreamAppend {
  streamId: string;
  events: readonly EventData[];
  /** Defaults to 'any'. */
  expectedRevision?: ExpectedRevision;
}

/** What became of one stream's part of `appendMany`: `append`'s result, or the error `append` would throw. */
export type StreamAppendOutcome = { ok: true; result: AppendResult } | { ok: false; error: unknown };

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
  /** Defaults to 'start' forwards, 'end' backwards. */
  from?: ReadAllFrom;
  maxCount?: number;
  /**
   * Ends the page before the event that would take it past this many bytes of stored data and metadata
   * (JSON, UTF-8); the first event is always returned, however large. Readers that hold a page while a slow
   * consumer takes it (the SSE feed) bound their memory with it: a count alone lets a few large events
   * through. SQLite sizes the rows before reading them; EventStoreDB trims what it read.
   */
  maxBytes?: number;
  filter?: AllFilter;
}

export interface SubscribeToAllOptions {
  /** Deliver events strictly after this position; 'start' delivers everything, 'end' only new events. */
  from?: { after: Position } | 'start' | 'end';
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
  /**
   * Appends to many streams at once, one outcome per part, in order. Each part is atomic and independent, as
   * an `append` of its own: a part that fails (a revision conflict, an id already used, an invalid event)
   * stores nothing and leaves the other parts alone. Parts naming the same stream are applied in order.
   * SQLite writes every part in one transaction (a savepoint each: one fsync for all); EventStoreDB (gRPC has
   * no multi-stream transaction) appends the streams side by side. The call itself rejects only when the
   * store cannot write at all (closed, disk failure), and then no part is stored.
   */
  appendMany(appends: readonly StreamAppend[]): Promise<StreamAppendOutcome[]>;
  /** Throws StreamNotFound when the stream has no event. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;
  subscribeToAll(options?: SubscribeToAllOptions): Subscription;
  subscribeToStream(streamId: string, options?: SubscribeToStreamOptions): Subscription;
  /** Revision of the stream's last event, or undefined when the stream does not exist. */
  streamRevision(streamId: string): Promise<number | undefined>;
  /** Position of the last event in `$all` (POSITION_ZERO when empty). */
  headPosition(): Promise<Position>;
  /** Cheap probe for readiness checks. */
  health(): Promise<{ ok: boolean; detail: string }>;
  close(): Promise<void>;
}
