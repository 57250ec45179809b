import { randomUUID } from 'node:crypto';
import { promises as fs } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import fc from 'fast-check';
import { SqliteEventStore } from '../sqlite/sqlite-event-store';
import { SALTS_KEY, logEntry, newSalts, presentPointers } from './commitments';
import { GENESIS_HASH, chainHash } from './hash-chain';
import { IntegrityLog } from './integrity-log';
import { SealedEntries, sealHashes, sealedEntries } from './sealed-entry';
import { SqliteTileStorage } from './tile-storage';

/** The reference: the chain hash and the log entry as the store and the log compute them one by one. */
function reference(event: Parameters<typeof sealHashes>[0]): { hash: string; entry: Buffer } {
  const hash = chainHash(event.prevHash, event);
  return { hash, entry: logEntry({ ...event, hash }) };
}

function sealable(data: unknown, metadata: Record<string, unknown>, pointers: string[]) {
  const present = presentPointers({ data, metadata }, pointers);
  return {
    id: randomUUID(),
    type: 'AwardAnnounced',
    streamId: 'txn-320602',
    revision: 3,
    recordedAt: '2026-11-27T08:00:00.000Z',
    prevHash: GENESIS_HASH.replace(/^0/, 'a'),
    data,
    metadata:
      present.length > 0 || pointers.length > 0 ? { ...metadata, [SALTS_KEY]: newSalts(present) } : metadata,
  };
}

describe('sealHashes: the chain hash and the log entry from one canonicalisation', () => {
  it('equals chainHash and logEntry for events with and without commitments', () => {
    const data = {
      title: '南通市某某工程中标结果公告',
      winner: { name: '张三', phone: '13812345678', 'a/b': { '~k': 1 } },
      candidates: [{ name: '李四', idNumber: '320602199001011234' }, { name: '王五' }],
      amount: 1234.5,
      empty: {},
      nothing: null,
      skipped: undefined,
    };
    const metadata = { region: '320602', correlationId: 'c-1', contact: { phone: '0513-1234567' } };
    const cases = [
      [],
      ['/data/winner/phone'],
      ['/data/winner/phone', '/data/candidates/0/idNumber', '/data/candidates/1/name'],
      ['/data/winner/a~1b/~0k', '/metadata/contact/phone'],
      ['/data/winner', '/data/winner/phone'],
      ['/metadata/contact'],
      ['/data'],
    ];
    for (const pointers of cases) {
      const event = sealable(data, metadata, pointers);
      expect(sealHashes(event)).toEqual(reference(event));
    }
    // Format 1 (no salts key at all): the entry is the chain hash.
    const plain = { ...sealable(data, metadata, []), metadata };
    expect(sealHashes(plain)).toEqual(reference(plain));
  });

  it('equals chainHash and logEntry on random JSON and random committed values (property)', () => {
    fc.assert(
      fc.property(
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.dictionary(fc.string(), fc.jsonValue()),
        fc.array(fc.nat(), { maxLength: 4 }),
        (data, metadata, picks) => {
          const pointers = allPointers({ data, metadata });
          const chosen = picks
            .map((i) => pointers[i % Math.max(pointers.length, 1)])
            .filter(Boolean) as string[];
          const event = sealable(data, metadata, chosen);
          expect(sealHashes(event)).toEqual(reference(event));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('leaves a pointer that matches nothing to the reference path (which refuses it)', () => {
    const event = {
      ...sealable({ a: 1 }, {}, []),
      metadata: { [SALTS_KEY]: newSalts(['/data/missing']) },
    };
    expect(sealHashes(event)).toBeUndefined();
    expect(() => reference(event)).toThrow(/not in the event/);
  });

  it('hands an appended event’s entry to the Merkle log of the same process, which takes it instead of recomputing', async () => {
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), 'gongkai-sealed-'));
    const store = await SqliteEventStore.open({ path: path.join(dir, 'events.db') });
    const log = await IntegrityLog.open({ store, tiles: SqliteTileStorage.open(path.join(dir, 'tiles.db')) });
    try {
      const {
        events: [recorded],
      } = await store.append('txn-1', [
        { id: randomUUID(), type: 'AwardAnnounced', data: { phone: '13812345678' }, commit: ['/data/phone'] },
      ]);
      expect(sealedEntries.take(recorded!.id, 'not its hash')).toBeUndefined();
      await store.append('txn-1', [
        { id: randomUUID(), type: 'AwardAnnounced', data: { phone: '13912345678' }, commit: ['/data/phone'] },
      ]);
      const before = sealedEntries.size;
      expect(await log.catchUp()).toBe(2);
      expect(sealedEntries.size).toBe(before - 1);
      const all = await store.readAll();
      // What the log holds is what it would have computed from the events as stored.
      expect(all.map((_, i) => log.tree.entry(i))).toEqual(all.map((e) => logEntry(e)));
    } finally {
      await log.close();
      await store.close();
      await fs.rm(dir, { recursive: true, force: true });
    }
  });

  it('keeps a bounded number of entries, oldest dropped first', () => {
    const entries = new SealedEntries(2);
    entries.put('a', 'h', Buffer.alloc(32, 1));
    entries.put('b', 'h', Buffer.alloc(32, 2));
    entries.put('c', 'h', Buffer.alloc(32, 3));
    expect(entries.take('a', 'h')).toBeUndefined();
    expect(entries.take('c', 'h')).toEqual(Buffer.alloc(32, 3));
    expect(entries.size).toBe(1);
  });
});

/** Every JSON pointer into a value (objects and arrays), RFC 6901 escaped. */
function allPointers(value: unknown, at = ''): string[] {
  if (value === null || typeof value !== 'object') return [];
  const keys = Array.isArray(value) ? value.map((_, i) => String(i)) : Object.keys(value);
  return keys.flatMap((key) => {
    const pointer = `${at}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`;
    return [pointer, ...allPointers((value as Record<string, unknown>)[key], pointer)];
  });
}
