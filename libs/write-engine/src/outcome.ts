import type { Rejection } from '@gongkai/domain';
import type { FieldError } from './envelope';

/** What a writer learns about an accepted event. */
export interface AppendedEvent {
  eventId: string;
  type: string;
  streamId: string;
  revision: number;
  position: number;
  hash: string;
  recordedAt: string;
  findings: unknown[];
}

/**
 * The answer for one event, as a discriminated union on `kind`. It speaks no HTTP: the service maps each
 * kind to a problem+json answer, the CLI to a message and an exit code. Every refusal carries `message`,
 * one English sentence saying why. Nothing of a refused event is stored.
 */
export type AppendOutcome =
  /** Stored now, or (`replayed`) stored before under the same id with the same content. */
  | { kind: 'accepted'; replayed: boolean; event: AppendedEvent }
  /** A rule of the domain refuses it (stage order, blacklist, deadlines, publication time...). */
  | { kind: 'rejected'; message: string; rejection: Rejection }
  /**
   * The writer may not write it: outside its scope (no `rejection`), or the stream is owned by another
   * organisation and the writer's role gives it no say there (`rejection.code` NOT_OWNER).
   */
  | { kind: 'forbidden'; message: string; rejection?: Rejection }
  /** The stream is not at the revision the writer expected (or it kept losing the race to other writers). */
  | {
      kind: 'revision-mismatch';
      message: string;
      expectedRevision: number | 'no_stream' | 'any' | 'stream_exists';
      actualRevision: number;
    }
  /** The event id is already used with other content, elsewhere, or twice in one request. */
  | { kind: 'idempotency-conflict'; message: string; eventId: string }
  /** It is not a valid event (each failing field named), or it names another stream than the target. */
  | { kind: 'invalid'; message: string; errors: FieldError[] }
  /** It belongs to another kind of stream (a credit event sent to a transaction, or the reverse). */
  | { kind: 'wrong-stream'; message: string }
  /** No events can be written to the stream it names. */
  | { kind: 'unknown-stream'; message: string; streamId: string }
  /** An earlier event of the same stream in this request was refused: order matters, so not attempted. */
  | { kind: 'not-attempted'; message: string; eventId?: string }
  /** Something unexpected failed for this event's stream (e.g. a damaged stored event): see `error`. */
  | { kind: 'failed'; message: string; error: unknown };

export type Refusal = Exclude<AppendOutcome, { kind: 'accepted' }>;

export const notAttempted = (eventId: string | undefined): Refusal => ({
  kind: 'not-attempted',
  message: 'Not attempted: an earlier event of the same stream in this request failed',
  ...(eventId ? { eventId } : {}),
});
