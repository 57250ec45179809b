/**
 * Durable delivery state of the sinks: per target, the checkpoint (low-water mark of settled positions),
 * the dead letters, the streams parked behind a dead letter and the events held for them.
 *
 * Every method is one atomic write: an event's outcome and the checkpoint move together, so a crash
 * never leaves an event both "done" and "not done". Events are referenced, not copied: held and
 * dead-lettered events are read back from the event store when they are retried.
 */

/** Identity of a recorded event, enough to read it back from the event store. */
export interface EventRef {
  streamId: string;
  position: number;
  eventId: string;
  eventType: string;
}

export type DeadLetterReason = 'rejected' | 'attempts-exhausted' | 'unmappable';
export type DeadLetterStatus = 'open' | 'delivered' | 'discarded';

export interface DeadLetter extends EventRef {
  id: number;
  target: string;
  reason: DeadLetterReason;
  status: DeadLetterStatus;
  /** HTTP attempts made so far (including operator retries). */
  attempts: number;
  /** Status of the last answer, when the target answered. */
  httpStatus: number | null;
  lastError: string;
  createdAt: string;
  updatedAt: string;
  resolvedAt: string | null;
  /** Operator's note on discard or retry. */
  note: string | null;
}

export interface NewDeadLetter {
  ref: EventRef;
  reason: DeadLetterReason;
  attempts: number;
  httpStatus?: number;
  error: string;
}

/**
 * Where an outcome comes from:
 * - `live`: an event read from the subscription; `checkpoint` is the new low-water mark when it moved;
 * - `held`: an event released from the held table; its held row goes away with the outcome.
 */
export type Settlement = { source: 'live'; checkpoint?: number } | { source: 'held'; position: number };

export interface TargetState {
  /** Every event at or below this position is settled (delivered, skipped, dead-lettered or held). */
  checkpoint: number;
  /** Streams parked behind an open dead letter: their later events are held, not sent. */
  parkedStreams: string[];
  /** Streams with held events but no open dead letter (released, not yet delivered). */
  releasableStreams: string[];
  delivered: number;
  skipped: number;
}

export interface DeadLetterQuery {
  target?: string;
  /** Defaults to 'open'; 'all' lists every status. */
  status?: DeadLetterStatus | 'all';
  streamId?: string;
  /** Page size, default 100, at most 1000. */
  limit?: number;
  /** Only dead letters with an id greater than this (keyset paging). */
  afterId?: number;
}

export interface SinkStateStore {
  loadTarget(target: string): Promise<TargetState>;
  /** Moves the checkpoint forward (never back). */
  saveCheckpoint(target: string, position: number): Promise<void>;
  recordDelivered(target: string, settlement: Settlement): Promise<void>;
  /** The target does not take this event (the mapper returned undefined). */
  recordSkipped(target: string, settlement: Settlement): Promise<void>;
  /** Stores the dead letter and parks its stream; returns the dead letter as stored. */
  recordDeadLetter(target: string, deadLetter: NewDeadLetter, settlement: Settlement): Promise<DeadLetter>;
  /** Holds live events of a parked stream (and moves the checkpoint past them). */
  holdEvents(target: string, refs: readonly EventRef[], checkpoint?: number): Promise<void>;
  /** Held events of a stream, in position order. */
  heldEvents(target: string, streamId: string): Promise<EventRef[]>;
  countHeld(target: string): Promise<number>;
  getDeadLetter(id: number): Promise<DeadLetter | undefined>;
  listDeadLetters(query?: DeadLetterQuery): Promise<DeadLetter[]>;
  countDeadLetters(target: string, status?: DeadLetterStatus): Promise<number>;
  /** A failed retry of an open dead letter. */
  recordDeadLetterAttempt(
    id: number,
    attempts: number,
    httpStatus: number | undefined,
    error: string,
  ): Promise<DeadLetter>;
  /** Closes an open dead letter (delivered or discarded) and unparks its stream. */
  resolveDeadLetter(id: number, status: 'delivered' | 'discarded', note?: string): Promise<DeadLetter>;
  /** Deletes everything kept for a target (a deleted subscription): checkpoint, dead letters, held events. */
  forgetTarget(target: string): Promise<void>;
  close(): Promise<void>;
}
