import { api } from './api';
import { canonicalJson } from './canonical-json';

/**
 * Checks a transaction's trail in the browser with WebCrypto, trusting nothing the server computed:
 * 1. the hash chain links (each prevHash is the previous event's hash, revisions have no gap);
 * 2. with the full view, each event's hash recomputed from its content (SHA-256 of prevHash || JCS content);
 *    the public view is redacted, so only the links and the log are checked there;
 * 3. the signed checkpoint's Ed25519 signature with the published key;
 * 4. each event's inclusion proof (RFC 9162) leading to the checkpoint's root. An event logged with commitments
 *    (leaf format 2) has as its entry the SHA-256 of its committed form (GET /v1/log/public-view/<id>): that form
 *    must name the event's chain hash, and in the public view its disclosed values must be the ones shown.
 */
export interface TrailEvent {
  id: string;
  type: string;
  schemaVersion?: number;
  revision: number;
  position: number;
  recordedAt: string;
  prevHash: string;
  hash: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  /** Full view: the salts of the event's commitments (stored in its metadata, hashed with it). */
  salts?: Record<string, string>;
}

export interface Trail {
  transactionId: string;
  streamId: string;
  view: 'public' | 'full';
  events: TrailEvent[];
}

export interface Check {
  name: 'chain' | 'content' | 'signature' | 'inclusion';
  ok: boolean | null;
  detail: string;
}

const GENESIS = '0'.repeat(64);
const hex = (bytes: ArrayBuffer | Uint8Array) =>
  [...new Uint8Array(bytes)].map((b) => b.toString(16).padStart(2, '0')).join('');
const fromHex = (text: string) => new Uint8Array(text.match(/../g)!.map((b) => parseInt(b, 16)));
const fromBase64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
const toBase64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));

async function sha256(...parts: Uint8Array[]): Promise<Uint8Array> {
  const total = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    total.set(p, at);
    at += p.length;
  }
  return new Uint8Array(await crypto.subtle.digest('SHA-256', total));
}

/** The metadata as stored (the API shows it parsed: recordedAt added, schema version and findings apart). */
function storedMetadata(event: TrailEvent): Record<string, unknown> {
  const { recordedAt: _recordedAt, ...metadata } = event.metadata;
  return {
    ...metadata,
    schemaVersion: event.schemaVersion ?? 1,
    findings: metadata.findings ?? [],
    ...(event.salts && { 'gongkai:salts': event.salts }),
  };
}

async function chainHash(event: TrailEvent, streamId: string): Promise<string> {
  const content = canonicalJson({
    id: event.id,
    type: event.type,
    streamId,
    revision: event.revision,
    data: event.data,
    metadata: storedMetadata(event),
    recordedAt: event.recordedAt,
  });
  return hex(await sha256(fromHex(event.prevHash), new TextEncoder().encode(content)));
}

async function rootFromProof(leafIndex: number, treeSize: number, leafData: Uint8Array, path: string[]) {
  let fn = leafIndex;
  let sn = treeSize - 1;
  let r = await sha256(new Uint8Array([0]), leafData);
  for (const sibling of path.map(fromHex)) {
    if (sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      r = await sha256(new Uint8Array([1]), sibling, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = await sha256(new Uint8Array([1]), r, sibling);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? hex(r) : undefined;
}

interface CheckpointAnswer {
  /** `note`: the c2sp.org/signed-note (checkpoint text, blank line, `— <name> base64(key id || signature)`). */
  checkpoint: { origin: string; treeSize: number; rootHash: string; note: string };
  publicKey: { base64: string; keyId: string };
}

/** Whether one of the note's signature lines is a valid Ed25519 signature of its text by `key`. */
async function noteSigned(
  note: string,
  key: CryptoKey,
  rootHash: string,
  treeSize: number,
): Promise<boolean> {
  const end = note.indexOf('\n\n');
  if (end < 0) return false;
  const text = note.slice(0, end + 1);
  const [, size, root] = text.split('\n');
  // The signed text must state the tree the proofs are checked against.
  if (size !== String(treeSize) || root !== toBase64(fromHex(rootHash))) return false;
  const message = new TextEncoder().encode(text);
  for (const line of note.slice(end + 2).split('\n')) {
    if (!line.startsWith('\u2014 ')) continue;
    const signature = fromBase64(line.slice(2).split(' ')[1] ?? '').slice(4);
    if (
      signature.length === 64 &&
      (await crypto.subtle.verify({ name: 'Ed25519' }, key, signature, message))
    ) {
      return true;
    }
  }
  return false;
}

interface PublicViewAnswer {
  committed: string;
  hidden: string[];
}

/** `value` without the members at `pointers` (RFC 6901), for comparing what both sides disclose. */
function withoutPointers(value: Record<string, unknown>, pointers: string[]): Record<string, unknown> {
  const copy = structuredClone(value);
  for (const pointer of pointers) {
    const segments = pointer
      .slice(1)
      .split('/')
      .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
    const last = segments.pop()!;
    let at: unknown = copy;
    for (const segment of segments) at = (at as Record<string, unknown> | undefined)?.[segment];
    if (at && typeof at === 'object') delete (at as Record<string, unknown>)[last];
  }
  return copy;
}

/**
 * The event's log entry: its chain hash (leaf format 1), or the SHA-256 of its committed form (format 2), checked
 * to name this event and its hash and, for a public view, to disclose exactly the data shown.
 */
async function entryOf(event: TrailEvent, view: Trail['view']): Promise<Uint8Array | string> {
  let answer: PublicViewAnswer;
  try {
    answer = await api<PublicViewAnswer>(`/v1/log/public-view/${event.id}`, { anonymous: true });
  } catch (error) {
    if ((error as { status?: number }).status === 409) return fromHex(event.hash);
    throw error;
  }
  const committed = JSON.parse(answer.committed) as {
    id: string;
    hash: string;
    data: Record<string, unknown>;
  };
  if (committed.id !== event.id || committed.hash !== event.hash) {
    return `revision ${event.revision}: the committed form names another event or hash`;
  }
  if (view === 'public') {
    const hidden = answer.hidden.filter((p) => p.startsWith('/data/')).map((p) => p.slice('/data'.length));
    const shown = canonicalJson(withoutPointers(event.data, hidden));
    if (shown !== canonicalJson(withoutPointers(committed.data, hidden))) {
      return `revision ${event.revision}: the data shown is not the data the log committed to`;
    }
  }
  return sha256(new TextEncoder().encode(answer.committed));
}

interface InclusionProof {
  position: number;
  leafIndex: number;
  treeSize: number;
  eventHash: string;
  rootHash: string;
  path: string[];
}

export async function verifyTrail(trail: Trail): Promise<Check[]> {
  const checks: Check[] = [];
  let previous = GENESIS;
  let linkFailure: string | undefined;
  trail.events.forEach((event, i) => {
    if (!linkFailure && (event.revision !== i || event.prevHash !== previous)) {
      linkFailure = `revision ${event.revision}: prevHash does not match the previous event`;
    }
    previous = event.hash;
  });
  checks.push({ name: 'chain', ok: !linkFailure, detail: linkFailure ?? `${trail.events.length} links` });

  if (trail.view === 'full') {
    let failure: string | undefined;
    for (const event of trail.events) {
      const computed = await chainHash(event, trail.streamId);
      if (computed !== event.hash) {
        failure = `revision ${event.revision}: computed ${computed.slice(0, 12)}…, stored ${event.hash.slice(0, 12)}…`;
        break;
      }
    }
    checks.push({
      name: 'content',
      ok: !failure,
      detail: failure ?? `${trail.events.length} hashes recomputed`,
    });
  } else {
    checks.push({
      name: 'content',
      ok: null,
      detail: 'public view: content redacted, hashes not recomputed',
    });
  }

  const { checkpoint, publicKey } = await api<CheckpointAnswer>('/v1/integrity/checkpoint', {
    anonymous: true,
  });
  try {
    const key = await crypto.subtle.importKey(
      'raw',
      fromBase64(publicKey.base64),
      { name: 'Ed25519' },
      false,
      ['verify'],
    );
    const ok = await noteSigned(checkpoint.note, key, checkpoint.rootHash, checkpoint.treeSize);
    checks.push({
      name: 'signature',
      ok,
      detail: `tree size ${checkpoint.treeSize}, key ${publicKey.keyId}`,
    });
  } catch (error) {
    checks.push({
      name: 'signature',
      ok: null,
      detail: `Ed25519 unavailable here: ${(error as Error).message}`,
    });
  }

  let inclusionFailure: string | undefined;
  for (const event of trail.events) {
    const proof = await api<InclusionProof>(
      `/v1/integrity/proof?position=${event.position}&size=${checkpoint.treeSize}`,
      { anonymous: true },
    );
    const entry = await entryOf(event, trail.view);
    if (typeof entry === 'string') {
      inclusionFailure = entry;
      break;
    }
    const root = await rootFromProof(proof.leafIndex, proof.treeSize, entry, proof.path);
    if (root !== checkpoint.rootHash) {
      inclusionFailure = `revision ${event.revision} (position ${event.position}) does not lead to the signed root`;
      break;
    }
  }
  checks.push({
    name: 'inclusion',
    ok: !inclusionFailure,
    detail: inclusionFailure ?? `${trail.events.length} proofs to root ${checkpoint.rootHash.slice(0, 12)}…`,
  });
  return checks;
}
