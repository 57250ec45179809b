import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { InvalidEvent } from '../errors';
import type { EventData, RecordedEvent } from '../event-store.port';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import { canonicalJson } from './canonical-json';
import { CheckpointSigner } from './checkpoint-signer';
import { FileCheckpointStore } from './checkpoint-store';
import {
  COMMITTED_FORMAT,
  SALTS_KEY,
  commitValue,
  committedEntry,
  committedForm,
  committedText,
  leafFormat,
  logEntry,
  openCommitment,
  readCommittedView,
  type CommittedEvent,
} from './commitments';
import { chainHash } from './hash-chain';
import { IntegrityLog } from './integrity-log';
import { leafHash, verifyInclusion } from './merkle';
import { SqliteTileStorage } from './tile-storage';
import { verifyAll } from './verify';

const PHONE = '13812345678';
const ID_NUMBER = '320602198503151238';

/** A housing allocation: the recipient's phone and ID number are hidden from the public, the dwelling is not. */
const allocation = (commit?: string[]): EventData => ({
  id: randomUUID(),
  type: 'AwardPublished',
  data: {
    dwelling: '幸福里1幢101室',
    recipients: [{ name: '张三丰', idNumber: ID_NUMBER, phone: PHONE, dwelling: '幸福里1幢101室' }],
  },
  metadata: { regionCode: '320602', correlationId: 'c-1' },
  ...(commit && { commit }),
});

const HIDDEN = ['/data/recipients/0/phone', '/data/recipients/0/idNumber', '/metadata/correlationId'];

/** Every phone number the public mask 138****5678 leaves possible. */
function phoneCandidates(): string[] {
  return Array.from({ length: 10_000 }, (_, i) => `138${String(i).padStart(4, '0')}5678`);
}

const replaceAt = (committed: CommittedEvent, phone: unknown) => {
  const copy = structuredClone(committed) as CommittedEvent & {
    data: { recipients: Record<string, unknown>[] };
  };
  copy.data.recipients[0]!['phone'] = phone;
  return copy;
};

describe('salted commitments: verifiable public views', () => {
  let dir: string;
  let store: SqliteEventStore;

  beforeEach(async () => {
    dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gongkai-commitments-'));
    store = await SqliteEventStore.open({ path: path.join(dir, 'events.db') });
  });
  afterEach(async () => {
    await store.close();
    await fs.rm(dir, { recursive: true, force: true });
  });

  async function appendOne(event: EventData): Promise<RecordedEvent> {
    const { events } = await store.append('txn-a', [event]);
    return events[0]!;
  }

  it('salts each hidden value, hides it in the committed form, and makes that form the log entry', async () => {
    const recorded = await appendOne(allocation([...HIDDEN, '/data/absent']));
    expect(leafFormat(recorded)).toBe(2);
    const salts = recorded.metadata[SALTS_KEY] as Record<string, string>;
    // Only values that exist are committed; each has its own 32-byte salt.
    expect(Object.keys(salts).sort()).toEqual([...HIDDEN].sort());
    expect(new Set(Object.values(salts)).size).toBe(3);
    for (const salt of Object.values(salts)) expect(Buffer.from(salt, 'base64')).toHaveLength(32);
    // The chain hash covers the salts: the event as stored (salts included) still verifies.
    expect(chainHash(recorded.prevHash, recorded)).toBe(recorded.hash);

    const committed = committedForm(recorded)!;
    const text = committedText(committed);
    expect(committed.committed).toEqual([...HIDDEN].sort());
    expect(text).not.toContain(PHONE);
    expect(text).not.toContain(ID_NUMBER);
    expect(text).not.toContain('"c-1"'); // the correlation id's value (a bare c-1 can occur in a random UUID)
    expect(text).not.toContain(SALTS_KEY);
    expect(text).toContain('张三丰'); // not listed as hidden: disclosed as stored
    expect(logEntry(recorded)).toEqual(committedEntry(text));
    expect(readCommittedView(text).entry).toEqual(logEntry(recorded));
  });

  it('an event appended without `commit` keeps leaf format 1: its entry is its chain hash', async () => {
    const recorded = await appendOne(allocation());
    expect(leafFormat(recorded)).toBe(1);
    expect(committedForm(recorded)).toBeUndefined();
    expect(logEntry(recorded).toString('hex')).toBe(recorded.hash);
  });

  it('attack: a public view with an altered disclosed field gives another entry, and its proof fails', async () => {
    await appendOne(allocation(HIDDEN));
    const recorded = await appendOne(allocation(HIDDEN));
    const tiles = SqliteTileStorage.open(path.join(dir, 'merkle-tiles.db'));
    const log = await IntegrityLog.open({ store, tiles });
    try {
      const proof = log.inclusionProof(recorded.position);
      const root = Buffer.from(proof.rootHash, 'hex');
      const path_ = proof.path.map((h) => Buffer.from(h, 'hex'));
      const honest = readCommittedView(committedText(committedForm(recorded)!));
      expect(verifyInclusion(proof.leafIndex, proof.treeSize, leafHash(honest.entry), path_, root)).toBe(
        true,
      );

      const altered = structuredClone(committedForm(recorded)!) as CommittedEvent & {
        data: { dwelling: string };
      };
      altered.data.dwelling = '幸福里1幢102室';
      const forged = readCommittedView(canonicalJson(altered));
      expect(verifyInclusion(proof.leafIndex, proof.treeSize, leafHash(forged.entry), path_, root)).toBe(
        false,
      );
      // The same content re-serialised (not canonical) is refused outright: the bytes hashed are the bytes read.
      expect(() => readCommittedView(JSON.stringify(altered, null, 1))).toThrow(/canonical/);
      expect(() => readCommittedView('{"format":"other"}')).toThrow(COMMITTED_FORMAT);
    } finally {
      await log.close();
    }
  });

  it('attack: a hidden phone number cannot be confirmed by trying every number its mask allows', async () => {
    const recorded = await appendOne(allocation(['/data/recipients/0/phone']));
    const committed = committedForm(recorded)!;
    const commitment = (committed.data as { recipients: { phone: string }[] }).recipients[0]!.phone;
    const candidates = phoneCandidates();
    const publicContent = (phone: string, metadata: Record<string, unknown>) => ({
      ...recorded,
      data: {
        ...(recorded.data as object),
        recipients: [{ ...replaceAt(committed, phone).data.recipients[0]! }],
      },
      metadata,
    });
    const { [SALTS_KEY]: _salts, ...publicMetadata } = recorded.metadata;
    // Everything the public holds: the commitment, the chain hash, every other value. No guess matches either.
    const confirmed = candidates.filter(
      (phone) =>
        commitValue(Buffer.alloc(32), phone) === commitment ||
        canonicalJson(phone) === commitment ||
        chainHash(recorded.prevHash, publicContent(phone, publicMetadata)) === recorded.hash,
    );
    expect(confirmed).toEqual([]);
    // Control: with the salt (what a supervisor holds) exactly the true number opens the commitment.
    const salt = (recorded.metadata[SALTS_KEY] as Record<string, string>)['/data/recipients/0/phone']!;
    expect(
      candidates.filter((phone) => openCommitment(committed, '/data/recipients/0/phone', phone, salt)),
    ).toEqual([PHONE]);
  });

  it('without salts (leaf format 1) the chain hash in the public trail does confirm such a guess', async () => {
    // Why format 2 salts the whole event: the old public trail showed a hash over the unsalted content.
    const recorded = await appendOne({ ...allocation(), metadata: { regionCode: '320602' } });
    const data = recorded.data as { recipients: Record<string, unknown>[] };
    const confirmed = phoneCandidates().filter(
      (phone) =>
        chainHash(recorded.prevHash, {
          ...recorded,
          data: { ...data, recipients: [{ ...data.recipients[0]!, phone }] },
        }) === recorded.hash,
    );
    expect(confirmed).toEqual([PHONE]);
  });

  it('attack: a salt leaked for one field opens that field only', async () => {
    const recorded = await appendOne(allocation(HIDDEN));
    const committed = committedForm(recorded)!;
    const salts = recorded.metadata[SALTS_KEY] as Record<string, string>;
    const leaked = salts['/data/recipients/0/idNumber']!;
    expect(openCommitment(committed, '/data/recipients/0/idNumber', ID_NUMBER, leaked)).toBe(true);
    // The leaked salt opens nothing else: not the phone at any candidate, not the same value at another path.
    expect(
      phoneCandidates().filter((phone) =>
        openCommitment(committed, '/data/recipients/0/phone', phone, leaked),
      ),
    ).toEqual([]);
    expect(openCommitment(committed, '/data/recipients/0/phone', ID_NUMBER, leaked)).toBe(false);
    // And a disclosed path is no commitment to open.
    expect(openCommitment(committed, '/data/dwelling', '幸福里1幢101室', leaked)).toBe(false);
  });

  it('an idempotent retry keeps the salts first drawn; callers cannot set them', async () => {
    const event = allocation(HIDDEN);
    const first = await appendOne(event);
    const retry = await appendOne(event);
    expect(retry.metadata[SALTS_KEY]).toEqual(first.metadata[SALTS_KEY]);
    expect(retry.hash).toBe(first.hash);
    await expect(
      store.append('txn-b', [{ ...allocation(), metadata: { [SALTS_KEY]: {} } }]),
    ).rejects.toBeInstanceOf(InvalidEvent);
    await expect(store.append('txn-b', [{ ...allocation(), commit: ['/elsewhere'] }])).rejects.toBeInstanceOf(
      InvalidEvent,
    );
  });

  it('migration: a store with events of both leaf formats verifies; an edited salt is caught', async () => {
    const signer = await CheckpointSigner.open({ origin: 'commitments.spec', dataDir: dir });
    const checkpoints = FileCheckpointStore.inDataDir(dir);
    const tilesPath = path.join(dir, 'merkle-tiles.db');
    await appendOne(allocation());
    await appendOne(allocation());
    let log = await IntegrityLog.open({
      store,
      tiles: SqliteTileStorage.open(tilesPath),
      signer,
      checkpoints,
    });
    const before = await log.checkpoint();
    await log.close();
    // The upgrade: new events carry commitments; the old ones keep their entries.
    const later = await appendOne(allocation(HIDDEN));
    log = await IntegrityLog.open({ store, tiles: SqliteTileStorage.open(tilesPath), signer, checkpoints });
    try {
      const after = await log.checkpoint();
      expect(after.treeSize).toBe(3);
      expect(log.tree.entry(0).toString('hex')).toBe((await store.readAll())[0]!.hash);
      expect(log.tree.entry(2)).toEqual(logEntry(later));
      expect(log.consistencyProof(before.treeSize, 3).toRoot).toBe(after.rootHash);
      expect(await verifyAll(store, { tree: log.tree, signed: [before, after] })).toMatchObject({
        ok: true,
        checked: 3,
      });
    } finally {
      await log.close();
    }
    await store.close();
    // An insider swaps in a salt of their own: the event's chain hash no longer matches.
    const db = new Database(path.join(dir, 'events.db'));
    const row = db.prepare('SELECT metadata FROM events WHERE id = ?').get(later.id) as { metadata: string };
    const metadata = JSON.parse(row.metadata) as Record<string, Record<string, string>>;
    metadata[SALTS_KEY]!['/data/recipients/0/phone'] = Buffer.alloc(32, 7).toString('base64');
    db.prepare('UPDATE events SET metadata = ? WHERE id = ?').run(JSON.stringify(metadata), later.id);
    db.close();
    store = await SqliteEventStore.open({ path: path.join(dir, 'events.db') });
    expect(await verifyAll(store, {})).toMatchObject({ ok: false, reason: 'hash-mismatch', revision: 2 });
  });
});
