import * as crypto from 'node:crypto';
import { canonicalJson } from './canonical-json';
import { COMMITTED_FORMAT, SALTS_KEY, decodeSalt, saltsOf, type CommittableEvent } from './commitments';

/**
 * An event's chain hash and its log entry from one canonicalisation of its data and metadata (issue 9). The
 * store computes the chain hash when it seals an event; the Merkle log needs the entry, for a format-2 event
 * the hash of its committed form: the same data and metadata with each hidden value replaced by its salted
 * commitment. Both canonical texts are written here from the same pieces: the subtrees that hold no committed
 * value are canonicalised once and shared, and each commitment hashes the committed value's canonical text as
 * it is written. The result equals `chainHash` and `logEntry` exactly (sealed-entry.spec.ts).
 */
export function sealHashes(
  event: Omit<CommittableEvent, 'hash'>,
): { hash: string; entry: Buffer } | undefined {
  const salts = saltsOf(event.metadata);
  if (event.data === undefined) return undefined;
  const str = canonicalJson;
  const fields = `"id":${str(event.id)}`;
  const tail = `"recordedAt":${str(event.recordedAt)},"revision":${str(event.revision)},"streamId":${str(event.streamId)},"type":${str(event.type)}}`;
  if (salts === undefined) {
    const text = `{"data":${str(event.data)},${fields},"metadata":${str(event.metadata)},${tail}`;
    const hash = chainHashOf(event.prevHash, text);
    return { hash, entry: Buffer.from(hash, 'hex') };
  }
  const commits = new Map<string, Buffer>();
  for (const [pointer, salt] of Object.entries(salts)) commits.set(pointer, decodeSalt(salt, pointer));
  const writer = new DualWriter(commits);
  const { [SALTS_KEY]: _salts, ...rest } = event.metadata;
  const data = writer.write(event.data, '/data');
  const metadata = writer.write(rest, '/metadata');
  // A pointer that matched nothing (or a shape this writer leaves alone): the reference functions decide.
  if (!data || !metadata || writer.replaced !== commits.size) return undefined;
  const hash = chainHashOf(
    event.prevHash,
    `{"data":${data[0]},${fields},"metadata":${str(event.metadata)},${tail}`,
  );
  const committed = str([...commits.keys()].sort());
  const committedText =
    `{"committed":${committed},"data":${data[1]},"format":${str(COMMITTED_FORMAT)},"hash":${str(hash)},${fields},` +
    `"metadata":${metadata[1]},"prevHash":${str(event.prevHash)},${tail}`;
  return { hash, entry: sha256(Buffer.from(committedText, 'utf8')) };
}

function chainHashOf(prevHash: string, text: string): string {
  return crypto.createHash('sha256').update(Buffer.from(prevHash, 'hex')).update(text, 'utf8').digest('hex');
}

const sha256 = (data: Buffer): Buffer => crypto.createHash('sha256').update(data).digest();

/** Writes [as stored, as committed] canonical texts of a value, replacing committed values by commitments. */
class DualWriter {
  /** Every proper prefix of a committed pointer: the containers on the way to a committed value. */
  private readonly onTheWay = new Set<string>();
  replaced = 0;

  constructor(private readonly commits: Map<string, Buffer>) {
    for (const pointer of commits.keys()) {
      for (let at = pointer.lastIndexOf('/'); at > 0; at = pointer.lastIndexOf('/', at - 1)) {
        this.onTheWay.add(pointer.slice(0, at));
      }
    }
  }

  /** Undefined for what this writer does not handle (then the reference path is used). */
  write(value: unknown, pointer: string): [string, string] | undefined {
    const salt = this.commits.get(pointer);
    if (salt) {
      const text = canonicalJson(value);
      this.replaced += 1;
      const commitment = sha256(Buffer.concat([salt, Buffer.from(text, 'utf8')])).toString('hex');
      return [text, `"${commitment}"`];
    }
    if (!this.onTheWay.has(pointer)) {
      const text = canonicalJson(value);
      return [text, text];
    }
    if (
      value === null ||
      typeof value !== 'object' ||
      typeof (value as { toJSON?: unknown }).toJSON === 'function'
    )
      return undefined;
    if (Array.isArray(value)) {
      const stored: string[] = [];
      const committed: string[] = [];
      for (let i = 0; i < value.length; i++) {
        const item = value[i] as unknown;
        if (item === undefined || typeof item === 'function' || typeof item === 'symbol') return undefined;
        const texts = this.write(item, `${pointer}/${i}`);
        if (!texts) return undefined;
        stored.push(texts[0]);
        committed.push(texts[1]);
      }
      return [`[${stored.join(',')}]`, `[${committed.join(',')}]`];
    }
    const record = value as Record<string, unknown>;
    const stored: string[] = [];
    const committed: string[] = [];
    for (const key of Object.keys(record).sort()) {
      const member = record[key];
      if (member === undefined || typeof member === 'function' || typeof member === 'symbol') continue;
      const texts = this.write(member, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`);
      if (!texts) return undefined;
      const name = canonicalJson(key);
      stored.push(`${name}:${texts[0]}`);
      committed.push(`${name}:${texts[1]}`);
    }
    return [`{${stored.join(',')}}`, `{${committed.join(',')}}`];
  }
}

/**
 * Log entries of events this process sealed a moment ago, for the Merkle log's follower in the same process:
 * it takes an event's entry from here instead of computing it again from the event read back (other processes,
 * and events sealed before the follower's backlog outgrew the bound, are computed as before). An entry is taken
 * only for the same event id and chain hash, which binds the event's whole content. Bounded, oldest dropped
 * first; taking removes. The whole-store verification never uses it: it recomputes from what is stored.
 */
export class SealedEntries {
  private readonly entries = new Map<string, { hash: string; entry: Buffer }>();

  constructor(private readonly capacity = 16_384) {}

  put(eventId: string, hash: string, entry: Buffer): void {
    this.entries.delete(eventId);
    this.entries.set(eventId, { hash, entry });
    if (this.entries.size > this.capacity) this.entries.delete(this.entries.keys().next().value!);
  }

  take(eventId: string, hash: string): Buffer | undefined {
    const found = this.entries.get(eventId);
    if (!found) return undefined;
    this.entries.delete(eventId);
    return found.hash === hash ? found.entry : undefined;
  }

  get size(): number {
    return this.entries.size;
  }
}

/** The process's handover between the stores' sealing and the Merkle log. */
export const sealedEntries = new SealedEntries();
