import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DEFAULT_PUBLICATION_TOLERANCES,
  EXAMPLE_PARTIES,
  exampleEvent,
  transactionStreamId,
  type DomainEvent,
  type EventType,
} from '@gongkai/domain';
import { SqliteEventStore, systemClock, type EventStore } from '@gongkai/event-store';
import { WriteEngine } from './write-engine';

/** A stage event of procurement `code`, with a fresh id. */
function stage(code: string, type: EventType): DomainEvent {
  const example = exampleEvent(type, 'procurement');
  (example.data as Record<string, unknown>).procurementProjectCode = `NTCG-${code}`;
  return {
    ...example,
    id: randomUUID(),
    metadata: { ...example.metadata, publisher: EXAMPLE_PARTIES.authority },
  };
}

const streamOf = (code: string) => transactionStreamId(`NTCG-${code}`);

/** Many transactions decided then committed together: each stream stands alone, nothing half-written. */
describe('WriteEngine.appendMany', () => {
  let dataDir: string;
  let store: SqliteEventStore;
  const engineOn = (over: EventStore) =>
    new WriteEngine({
      store: over,
      clock: systemClock,
      publicationTolerances: DEFAULT_PUBLICATION_TOLERANCES,
    });

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-append-many-'));
    store = await SqliteEventStore.open({ path: path.join(dataDir, 'events.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it("writes every stream's accepted events in one store appendMany; a refused stream writes nothing of it", async () => {
    const engine = engineOn(store);
    const calls = jest.spyOn(store, 'appendMany');
    const appends = jest.spyOn(store, 'append');
    // B is refused by a rule at its first event (an award before any announcement); C expects a revision it is
    // not at; D's second event is refused, so only its first is written (as append would).
    const outcomes = await engine.appendMany([
      {
        streamId: streamOf('A'),
        events: [stage('A', 'AnnouncementPublished'), stage('A', 'QualificationResultPublished')],
      },
      { streamId: streamOf('B'), events: [stage('B', 'AwardPublished'), stage('B', 'ContractSigned')] },
      { streamId: streamOf('C'), events: [stage('C', 'AnnouncementPublished')], expectedRevision: 3 },
      {
        streamId: streamOf('D'),
        events: [stage('D', 'AnnouncementPublished'), stage('D', 'ContractSigned')],
      },
      { streamId: 'nowhere-1', events: [stage('E', 'AnnouncementPublished')] },
    ]);
    expect(outcomes.map((list) => list.map((o) => o.kind))).toEqual([
      ['accepted', 'accepted'],
      ['rejected', 'not-attempted'],
      ['revision-mismatch'],
      ['accepted', 'rejected'],
      ['unknown-stream'],
    ]);
    expect(calls).toHaveBeenCalledTimes(1);
    expect(appends).not.toHaveBeenCalled();
    expect(await store.streamRevision(streamOf('A'))).toBe(1);
    expect(await store.streamRevision(streamOf('B'))).toBeUndefined();
    expect(await store.streamRevision(streamOf('C'))).toBeUndefined();
    expect(await store.streamRevision(streamOf('D'))).toBe(0);
  });

  it('answers a stored event as replayed, and decides a stream named twice on what its first part wrote', async () => {
    const engine = engineOn(store);
    const announcement = stage('A', 'AnnouncementPublished');
    await engine.append(streamOf('A'), [announcement]);
    const [again, qualification, award] = await engine.appendMany([
      { streamId: streamOf('A'), events: [announcement] },
      { streamId: streamOf('B'), events: [stage('B', 'AnnouncementPublished')] },
      { streamId: streamOf('A'), events: [stage('A', 'QualificationResultPublished')], expectedRevision: 0 },
    ]);
    expect(again).toEqual([expect.objectContaining({ kind: 'accepted', replayed: true })]);
    expect(qualification).toEqual([expect.objectContaining({ kind: 'accepted', replayed: false })]);
    expect(award).toEqual([
      expect.objectContaining({
        kind: 'accepted',
        replayed: false,
        event: expect.objectContaining({ revision: 1 }),
      }),
    ]);
  });

  it('re-decides the stream that lost a race to another writer, and leaves the others as written', async () => {
    const other = engineOn(store);
    let raced = false;
    // Another writer appends to A between the batch's decision and its write.
    const racing: EventStore = Object.create(store, {
      appendMany: {
        value: async (parts: Parameters<EventStore['appendMany']>[0]) => {
          if (!raced) {
            raced = true;
            expect(
              (await other.append(streamOf('A'), [stage('A', 'TransactionTerminated')]))[0],
            ).toMatchObject({
              kind: 'accepted',
            });
          }
          return store.appendMany(parts);
        },
      },
    }) as EventStore;
    const engine = engineOn(racing);
    await engine.append(streamOf('A'), [stage('A', 'AnnouncementPublished')]);
    const [a, b] = await engine.appendMany([
      { streamId: streamOf('A'), events: [stage('A', 'QualificationResultPublished')] },
      { streamId: streamOf('B'), events: [stage('B', 'AnnouncementPublished')] },
    ]);
    // Re-decided on the terminated transaction: refused now, where the first decision had accepted it.
    expect(a).toEqual([
      expect.objectContaining({
        kind: 'rejected',
        rejection: expect.objectContaining({ code: 'TRANSACTION_TERMINATED' }),
      }),
    ]);
    expect(b).toEqual([expect.objectContaining({ kind: 'accepted' })]);
    expect(await store.streamRevision(streamOf('A'))).toBe(1);
    expect(await store.streamRevision(streamOf('B'))).toBe(0);
  });

  it('answers revision-mismatch for a stream whose writer expected a revision, when it loses the race', async () => {
    const other = engineOn(store);
    const racing: EventStore = Object.create(store, {
      appendMany: {
        value: async (parts: Parameters<EventStore['appendMany']>[0]) => {
          await other.append(streamOf('A'), [stage('A', 'AnnouncementPublished')]);
          return store.appendMany(parts);
        },
      },
    }) as EventStore;
    const [a, b] = await engineOn(racing).appendMany([
      { streamId: streamOf('A'), events: [stage('A', 'AnnouncementPublished')], expectedRevision: -1 },
      { streamId: streamOf('B'), events: [stage('B', 'AnnouncementPublished')] },
    ]);
    expect(a).toEqual([expect.objectContaining({ kind: 'revision-mismatch', actualRevision: 0 })]);
    expect(b).toEqual([expect.objectContaining({ kind: 'accepted' })]);
  });
});
