import { createHash, randomBytes } from 'node:crypto';
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

/** The form a format-2 entry commits to (and what the verifiable public view serves, canonicalised). */
export interface CommittedEvent {
  format: typeof COMMITTED_FORMAT;
  id: string;
  type: string;
  streamId: string;
  revision: number;
  recordedAt: string;
  /** The per-stream chain hashes: the public can check links between committed entries. */
  prevHash: string;
  hash: string;
  /** The stored data and metadata (without the salts), each committed value replaced by its commitment (hex). */
  data: unknown;
  metadata: Record<string, unknown>;
  /** JSON pointers (RFC 6901, into `{ data, metadata }`) of the values that are commitments, sorted. */
  committed: string[];
}

/** The event fields the committed form is built from (a RecordedEvent or a sealed one). */
export interface CommittableEvent {
  id: string;
  type: string;
  streamId: string;
  revision: number;
  recordedAt: string;
  prevHash: string;
  hash: string;
  data: unknown;
  metadata: Record<string, unknown>;
}

export class CommitmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CommitmentError';
  }
}

/** commitment = hex( SHA-256( salt (raw bytes) || UTF-8( canonical JSON of the value ) ) ). */
export function commitValue(salt: Buffer, value: unknown): string {
  return createHash('sha256').update(salt).update(canonicalJson(value), 'utf8').digest('hex');
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
  for (const pointer of pointers) salts[pointer] = randomBytes(SALT_BYTES).toString('base64');
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
  const content = structuredClone({ data: event.data, metadata });
  const committed = Object.keys(salts).sort();
  for (const pointer of committed) {
    const at = getPointer(content, pointer);
    if (!at.found) throw new CommitmentError(`committed value ${pointer} is not in the event`);
    setPointer(content, pointer, commitValue(decodeSalt(salts[pointer]!, pointer), at.value));
  }
  return {
    format: COMMITTED_FORMAT,
    id: event.id,
    type: event.type,
    streamId: event.streamId,
    revision: event.revision,
    recordedAt: event.recordedAt,
    prevHash: event.prevHash,
    hash: event.hash,
    data: content.data,
    metadata: content.metadata,
    committed,
  };
}

/** The canonical text a format-2 entry hashes (what the verifiable public view serves). */
export function committedText(committed: CommittedEvent): string {
  return canonicalJson(committed);
}

/** entry = SHA-256( UTF-8( canonical JSON of the committed form ) ): 32 bytes. */
export function committedEntry(text: string): Buffer {
  return createHash('sha256').update(text, 'utf8').digest();
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

function decodeSalt(salt: string, pointer: string): Buffer {
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

function setPointer(root: unknown, pointer: string, value: unknown): void {
  const segments = pointerSegments(pointer);
  const last = segments.pop()!;
  let at = root as Record<string, unknown>;
  for (const segment of segments) at = at[segment] as Record<string, unknown>;
  at[last] = value;
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
