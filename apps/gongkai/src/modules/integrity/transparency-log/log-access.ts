import {
  SigningRefused,
  UnknownEvent,
  UnknownPosition,
  formatTlogProof,
  type Checkpoint,
  type IntegrityAlarm,
} from '@gongkai/event-store';
import type { Integrity } from '../core/open-integrity';
import { Problem } from '../../../platform/http/problem';

export interface CurrentCheckpoint {
  checkpoint: Checkpoint;
  /** Set when signing is refused: the checkpoint is the last good one, not the current tree. */
  alarm?: Pick<IntegrityAlarm, 'reason' | 'detail' | 'raisedAt'>;
}

/**
 * The checkpoint to serve: a new one when the tree grew (signed only if consistent with the last), the last
 * one when it did not, and the last good one while the alarm is raised (503 when none was ever signed).
 */
export async function currentCheckpoint(integrity: Integrity): Promise<CurrentCheckpoint> {
  // Nothing new is signed before the tree built at start has been checked against the store. A request
  // waits a bounded time for that; then the last signed checkpoint stands (or 503 with Retry-After).
  const signing = integrity.log.checkpoint();
  const outcome =
    integrity.log.phase === 'live'
      ? await signing.then(ok, failed)
      : await Promise.race([signing.then(ok, failed), delay(CHECKPOINT_WAIT_MS)]);
  if (outcome === undefined) {
    signing.catch(() => undefined);
    const last = await integrity.log.lastSigned();
    if (last) return { checkpoint: last };
    throw treeNotReady(integrity);
  }
  try {
    if (!outcome.ok) throw outcome.error;
    return { checkpoint: outcome.checkpoint };
  } catch (error) {
    if (!(error instanceof SigningRefused)) throw error;
    const { reason, detail, raisedAt } = error.alarm;
    if (!error.last) {
      throw new Problem(
        'unavailable',
        `No checkpoint can be signed: integrity alarm (${reason}): ${detail}`,
        {
          alarm: { reason, detail, raisedAt },
        },
      );
    }
    return { checkpoint: error.last, alarm: { reason, detail, raisedAt } };
  }
}

/** Longest a checkpoint request waits for the tree to be built and checked at start. */
const CHECKPOINT_WAIT_MS = 5_000;

const ok = (checkpoint: Checkpoint) => ({ ok: true as const, checkpoint });
const failed = (error: unknown) => ({ ok: false as const, error });
const delay = (ms: number) =>
  new Promise<undefined>((resolve) => setTimeout(() => resolve(undefined), ms).unref());

/** Seconds a client is told to wait while the tree is built or checked at start. */
export const TREE_RETRY_AFTER_SECONDS = 5;

/** 503 with Retry-After: the tree is still being built (or checked) at start. */
function treeNotReady(integrity: Integrity): Problem {
  const { log } = integrity;
  return new Problem(
    'unavailable',
    log.phase === 'building'
      ? `The Merkle tree is being built (${log.size} events so far); retry shortly`
      : 'The Merkle tree is being checked against the store before anything is signed; retry shortly',
    { phase: log.phase, treeSize: log.size, retryAfterSeconds: TREE_RETRY_AFTER_SECONDS },
  );
}

/** A leaf index for an event id, or a 404 problem (503 while the tree is still being built). */
export function leafOfEvent(integrity: Integrity, eventId: string): number {
  try {
    return integrity.log.leafIndexOfEvent(eventId);
  } catch (error) {
    if (error instanceof UnknownEvent && integrity.log.phase === 'building') throw treeNotReady(integrity);
    if (error instanceof UnknownEvent)
      throw new Problem('not-found', `No event ${eventId} in the Merkle log`);
    throw error;
  }
}

export function leafOfPosition(integrity: Integrity, position: number): number {
  try {
    return integrity.log.leafIndexOf(position);
  } catch (error) {
    if (error instanceof UnknownPosition && integrity.log.phase === 'building') throw treeNotReady(integrity);
    if (error instanceof UnknownPosition) throw new Problem('not-found', error.message);
    throw error;
  }
}

/** A tree size the log has reached; else a 404 problem naming the current size. */
export function checkSize(integrity: Integrity, size: number, field: string): void {
  if (size > integrity.log.size && integrity.log.phase === 'building') throw treeNotReady(integrity);
  if (size > integrity.log.size) {
    throw new Problem(
      'not-found',
      `The log holds ${integrity.log.size} events; no tree of size ${size} exists yet`,
      {
        treeSize: integrity.log.size,
        field,
      },
    );
  }
}

/** The inclusion of one event in the current signed checkpoint, and a c2sp.org/tlog-proof writer for it. */
export async function signedInclusion(
  integrity: Integrity,
  eventId: string,
): Promise<{
  checkpoint: Checkpoint;
  index: number;
  path: Buffer[];
  entry: string;
  note: (proof: { extra: Buffer; path: Buffer[] }) => string;
}> {
  const { checkpoint } = await currentCheckpoint(integrity);
  const index = leafOfEvent(integrity, eventId);
  const signedNote = checkpoint.note;
  if (index >= checkpoint.treeSize || signedNote === undefined) {
    throw new Problem(
      'unavailable',
      `Event ${eventId} is not yet covered by a signed checkpoint; retry shortly`,
    );
  }
  const proof = integrity.log.inclusionProofOfLeaf(index, checkpoint.treeSize);
  const cosigned = integrity.witnesses?.cosigned(checkpoint) ?? signedNote;
  return {
    checkpoint,
    index,
    path: proof.path.map((h) => Buffer.from(h, 'hex')),
    entry: proof.eventHash,
    note: ({ extra, path }) => formatTlogProof({ extra, index, path, checkpoint: cosigned }),
  };
}

/** c2sp.org/tlog-proof of one event in the current signed checkpoint (extra: the event id and its entry). */
export async function tlogProofOf(integrity: Integrity, eventId: string): Promise<string> {
  const { entry, path, note } = await signedInclusion(integrity, eventId);
  return note({ extra: Buffer.from(JSON.stringify({ eventId, hash: entry }), 'utf8'), path });
}
