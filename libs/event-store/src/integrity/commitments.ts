import * as crypto from 'node:crypto';
import { canonicalJson } from './canonical-json';

/**
 * Verifiable public views (docs/integrity.md §10). A value the public view hides is replaced, in the form the
 * log commits to, by a salted hash of it; everything else stays as stored. The tlog entry of such an event is
 * the SHA-256 of that committed form, so whoever holds the public view recomputes the entry without seeing
 * what it hides, and a supervisor can open any one commitment (value and salt) without opening the others.
 */

/**
 * Reserved metadata key holding the salts of an event's commitments: `{ "<JSON pointer>": "<base64 salt>" }`.
 * Its presence (even empty) makes the event's log entry the committed form (leaf format 2). The salts are
 * hashed into the event's chain hash like the rest of its metadata, and never shown in a public view.
 */
export const SALTS_KEY = 'gongkai:salts';

/** The committed form's own marker (also a domain separator from format-1 entries, which are chain hashes). */
export const COMMITTED_FORMAT = 'gongkai.committed-event/v1';

/** 256-bit salts: a hidden value of low entropy (a phone number) cannot be confirmed by guessing. */
export const SALT_BYTES = 32;

/** The event fields the committed form is built from (a RecordedEvent or a sealed one). */
export interface CommittableEvent {
  id: string;
  type: string;
  streamId: string;
  revision: number;
  recordedAt: string;
  /** The per-stream chain hashes: in the committed form, the public can check links between entries. */
  prevHash: string;
  hash: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

/** The form a format-2 entry commits to (and what the verifiable public view serves, canonicalised). */
export interface CommittedEvent extends CommittableEvent {
  format: typeof COMMITTED_FORMAT;
  /** The stored data and metadata (without the salts), each committed value replaced by its commitment (hex). */
  data: unknown;
  metadata: Record<string, unknown>;
  /** JSON pointers (RFC 6901, into `{ data, metadata }`) of the values that are commitments, sorted. */
  committed: string[];
}

export class CommitmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommitmentError';
  }
}

/** One-shot SHA-256 (`crypto.hash`, about twice as fast as a Hash object for small inputs, Node 20.12+). */
const sha256: (data: Buffer) => Buffer =
  typeof crypto.hash === 'function'
    ? (data) => crypto.hash('sha256', data, 'buffer')
    : (data) => crypto.createHash('sha256').update(data).digest();

/** commitment = hex( SHA-256( salt (raw bytes) || UTF-8( canonical JSON of the value ) ) ). */
export function commitValue(salt: Buffer, value: unknown): string {
  return sha256(Buffer.concat([salt, Buffer.from(canonicalJson(value), 'utf8')])).toString('hex');
}

/** Whether `value` with `salt` (base64) opens the commitment at `pointer` of a committed form. */
export function openCommitment(
  committed: CommittedEvent,
  pointer: string,
  value: unknown,
  salt: string,
): boolean {
  if (!committed.committed.includes(pointer)) return false;
  const at = getPointer({ data: committed.data, metadata: committed.metadata }, pointer);
  return at.found && at.value === commitValue(decodeSalt(salt, pointer), value);
}

/** Fresh, independent salts (one per value: a salt that leaks opens one value, never another). */
export function newSalts(pointers: readonly string[]): Record<string, string> {
  const salts: Record<string, string> = {};
  for (const pointer of pointers) salts[pointer] = crypto.randomBytes(SALT_BYTES).toString('base64');
  return salts;
}

/** The salts an event carries, or undefined for an event logged before commitments (leaf format 1). */
export function saltsOf(metadata: Record<string, unknown>): Record<string, string> | undefined {
  const salts = metadata[SALTS_KEY];
  if (salts === undefined) return undefined;
  if (salts === null || typeof salts !== 'object' || Array.isArray(salts)) {
    throw new CommitmentError(`metadata.${SALTS_KEY} is not an object`);
  }
  for (const [pointer, salt] of Object.entries(salts)) {
    if (typeof salt !== 'string') throw new CommitmentError(`the salt of ${pointer} is not a string`);
  }
  return salts as Record<string, string>;
}

/** 1: the entry is the chain hash (events logged before commitments); 2: the entry is the committed form's hash. */
export function leafFormat(event: { metadata: Record<string, unknown> }): 1 | 2 {
  return event.metadata[SALTS_KEY] === undefined ? 1 : 2;
}

/** The committed form of a format-2 event (undefined for format 1). Throws CommitmentError on bad salts. */
export function committedForm(event: CommittableEvent): CommittedEvent | undefined {
  const salts = saltsOf(event.metadata);
  if (salts === undefined) return undefined;
  const { [SALTS_KEY]: _salts, ...metadata } = event.metadata;
  let content: unknown = { data: event.data, metadata };
  const committed = Object.keys(salts).sort();
  for (const pointer of committed) {
    const at = getPointer(content, pointer);
    if (!at.found) throw new CommitmentError(`committed value ${pointer} is not in the event`);
    const commitment = commitValue(decodeSalt(salts[pointer]!, pointer), at.value);
    content = replaced(content, pointerSegments(pointer), commitment);
  }
  const { data, metadata: committedMetadata } = content as {
    data: unknown;
    metadata: Record<string, unknown>;
  };
  return {
    format: COMMITTED_FORMAT,
    id: event.id,
    type: event.type,
    streamId: event.streamId,
    revision: event.revision,
    recordedAt: event.recordedAt,
    prevHash: event.prevHash,
    hash: event.hash,
    data,
    metadata: committedMetadata,
    committed,
  };
}

/** The canonical text a format-2 entry hashes (what the verifiable public view serves). */
export function committedText(committed: CommittedEvent): string {
  return canonicalJson(committed);
}

/** entry = SHA-256( UTF-8( canonical JSON of the committed form ) ): 32 bytes. */
export function committedEntry(text: string): Buffer {
  return sha256(Buffer.from(text, 'utf8'));
}

/**
 * The tlog entry of an event: its chain hash (format 1, events logged before commitments) or the hash of its
 * committed form (format 2). Throws CommitmentError when a format-2 event's salts do not fit its content.
 */
export function logEntry(event: CommittableEvent): Buffer {
  const committed = committedForm(event);
  if (committed) return committedEntry(committedText(committed));
  const entry = Buffer.from(event.hash, 'hex');
  if (entry.length !== 32) throw new CommitmentError(`event ${event.id} has no valid hash`);
  return entry;
}

/**
 * Parses and checks a verifiable public view as an auditor would: it must be the canonical JSON of a committed
 * form (so the bytes hashed are the bytes read), and its entry is their SHA-256. Throws CommitmentError.
 */
export function readCommittedView(text: string): { committed: CommittedEvent; entry: Buffer } {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new CommitmentError('the public view is not JSON');
  }
  const committed = parsed as CommittedEvent;
  if (committed === null || typeof committed !== 'object' || committed.format !== COMMITTED_FORMAT) {
    throw new CommitmentError(`the public view is not a ${COMMITTED_FORMAT}`);
  }
  if (canonicalJson(parsed) !== text) throw new CommitmentError('the public view is not in canonical form');
  return { committed, entry: committedEntry(text) };
}

export function decodeSalt(salt: string, pointer: string): Buffer {
  const bytes = Buffer.from(salt, 'base64');
  if (bytes.length !== SALT_BYTES || bytes.toString('base64') !== salt) {
    throw new CommitmentError(`the salt of ${pointer} is not ${SALT_BYTES} bytes of base64`);
  }
  return bytes;
}

/** RFC 6901 JSON pointer segments (`/data/a~1b/0` → ['data', 'a/b', '0']). */
export function pointerSegments(pointer: string): string[] {
  if (!pointer.startsWith('/')) throw new CommitmentError(`not a JSON pointer: ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

export function toPointer(segments: readonly string[]): string {
  return segments.map((s) => `/${s.replace(/~/g, '~0').replace(/\//g, '~1')}`).join('');
}

type Found = { found: true; value: unknown } | { found: false };

function getPointer(root: unknown, pointer: string): Found {
  let at: unknown = root;
  for (const segment of pointerSegments(pointer)) {
    if (at === null || typeof at !== 'object' || !Object.prototype.hasOwnProperty.call(at, segment)) {
      return { found: false };
    }
    at = (at as Record<string, unknown>)[segment];
  }
  return { found: true, value: at };
}

/** `root` with the value at `segments` replaced: copies only the containers on the way (the event is not changed). */
function replaced(root: unknown, segments: readonly string[], value: unknown): unknown {
  if (segments.length === 0) return value;
  const [head, ...rest] = segments as [string, ...string[]];
  if (Array.isArray(root)) {
    const copy = [...(root as unknown[])];
    copy[Number(head)] = replaced(root[Number(head)], rest, value);
    return copy;
  }
  const record = root as Record<string, unknown>;
  return { ...record, [head]: replaced(record[head], rest, value) };
}

/**
 * The pointers of `pointers` that resolve to a value in `{ data, metadata }`, without those inside another one
 * (committing to an object commits to everything in it).
 */
export function presentPointers(
  content: { data: unknown; metadata: Record<string, unknown> },
  pointers: readonly string[],
): string[] {
  const present = [...new Set(pointers)].filter((p) => getPointer(content, p).found);
  return present.filter((p) => !present.some((outer) => p.startsWith(`${outer}/`)));
}
