import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  EXAMPLE_PARTIES,
  exampleEvent,
  transactionStreamId,
  type DomainEvent,
  type EventType,
  DEFAULT_PUBLICATION_TOLERANCES,
} from '@gongkai/domain';
import { SqliteEventStore, fixedClock, systemClock } from '@gongkai/event-store';
import { WriteEngine } from './write-engine';

const TRANSACTION = 'NTCG2026-CACHE';
const TOLERANCES = DEFAULT_PUBLICATION_TOLERANCES;

function stage(type: EventType): DomainEvent {
  const example = exampleEvent(type, 'procurement');
  (example.data as Record<string, unknown>).procurementProjectCode = TRANSACTION;
  return {
    ...example,
    id: randomUUID(),
    metadata: { ...example.metadata, publisher: EXAMPLE_PARTIES.authority },
  };
}

/** Two appenders on one SQLite file, as the service and the CLI (or a second process) would be. */
describe('WriteEngine state cache', () => {
  let dataDir: string;
  let stores: SqliteEventStore[];
  let appenders: WriteEngine[];
  const streamId = transactionStreamId(TRANSACTION);

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-appender-'));
    stores = [];
    appenders = [];
    for (let i = 0; i < 2; i++) {
      const store = await SqliteEventStore.open({ path: path.join(dataDir, 'events.sqlite') });
      stores.push(store);
      appenders.push(new WriteEngine({ store, clock: systemClock, publicationTolerances: TOLERANCES }));
    }
  });
  afterEach(async () => {
    for (const store of stores) await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('decides against what another writer appended since its own last append', async () => {
    const [a, b] = appenders as [WriteEngine, WriteEngine];
    expect((await a.append(streamId, [stage('AnnouncementPublished')]))[0]).toMatchObject({
      kind: 'accepted',
    });
    // `a` now holds the state at revision 0; `b` terminates the transaction behind its back.
    expect((await b.append(streamId, [stage('TransactionTerminated')]))[0]).toMatchObject({
      kind: 'accepted',
    });
    const [outcome] = await a.append(streamId, [stage('QualificationResultPublished')]);
    expect(outcome).toMatchObject({ kind: 'rejected', rejection: { code: 'TRANSACTION_TERMINATED' } });
  });

  it('answers a retried event with its stored result after a cached append', async () => {
    const [a] = appenders as [WriteEngine, WriteEngine];
    const announcement = stage('AnnouncementPublished');
    const [first] = await a.append(streamId, [announcement]);
    const [again] = await a.append(streamId, [announcement]);
    expect(first).toMatchObject({ kind: 'accepted', replayed: false, event: { revision: 0 } });
    expect(again).toMatchObject({ kind: 'accepted', replayed: true, event: { revision: 0 } });
    expect(await stores[0]!.streamRevision(streamId)).toBe(0);
  });
});

/** recordedAt comes from one clock, and the claimed publication time is held against it. */
describe('WriteEngine: honest time', () => {
  const NOW = '2026-04-20T10:00:00+08:00';
  let dataDir: string;
  let store: SqliteEventStore;
  let appender: WriteEngine;
  const streamId = transactionStreamId(TRANSACTION);

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-time-'));
    const clock = fixedClock(NOW);
    store = await SqliteEventStore.open({ path: path.join(dataDir, 'events.sqlite'), clock });
    appender = new WriteEngine({ store, clock, publicationTolerances: TOLERANCES });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const at = (event: DomainEvent, publishedAt: string, occurredAt = publishedAt): DomainEvent =>
    ({ ...event, metadata: { ...event.metadata, occurredAt, publishedAt } }) as DomainEvent;

  it('refuses a publication claimed in the future beyond the tolerance (422), and stores nothing', async () => {
    const [outcome] = await appender.append(streamId, [
      at(stage('AnnouncementPublished'), '2026-04-23T10:00:00+08:00', '2026-03-02T09:00:00+08:00'),
    ]);
    expect(outcome).toMatchObject({ kind: 'rejected', rejection: { code: 'PUBLISHED_IN_FUTURE' } });
    expect(await store.streamRevision(streamId)).toBeUndefined();
    // Within the tolerance (clock skew of a few minutes) it is accepted.
    const [skewed] = await appender.append(streamId, [
      at(stage('AnnouncementPublished'), '2026-04-20T10:04:00+08:00', '2026-03-02T09:00:00+08:00'),
    ]);
    expect(skewed).toMatchObject({ kind: 'accepted', event: { recordedAt: new Date(NOW).toISOString() } });
  });

  it('accepts a backdated publication with a RECORDED_LATE finding (补录), and a timely one without', async () => {
    const [late] = await appender.append(streamId, [
      at(stage('AnnouncementPublished'), '2026-03-02T09:00:00+08:00'),
    ]);
    expect(late).toMatchObject({ kind: 'accepted' });
    const findings = (
      late as { event: { findings: { code: string; publishedAt: string; recordedAt: string }[] } }
    ).event.findings;
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'RECORDED_LATE',
        publishedAt: '2026-03-02T09:00:00+08:00',
        recordedAt: new Date(NOW).toISOString(),
      }),
    ]);
    const [timely] = await appender.append(streamId, [
      at(stage('QualificationResultPublished'), '2026-04-17T16:00:00+08:00'),
    ]);
    expect(timely).toMatchObject({ kind: 'accepted', event: { findings: [] } });
  });
});

/** The one blacklist source: listings are read forward from the store, not replayed per append. */
describe('WriteEngine: blacklist source', () => {
  let dataDir: string;
  let stores: SqliteEventStore[];
  const streamId = transactionStreamId(TRANSACTION);

  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-blacklist-'));
    stores = [];
  });
  afterEach(async () => {
    for (const store of stores) await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  async function appenderOnTheFile(): Promise<{ store: SqliteEventStore; appender: WriteEngine }> {
    const store = await SqliteEventStore.open({ path: path.join(dataDir, 'events.sqlite') });
    stores.push(store);
    return {
      store,
      appender: new WriteEngine({ store, clock: systemClock, publicationTolerances: TOLERANCES }),
    };
  }

  /** A serious listing of `party`, in force on the candidates' publication (2026-03-27). */
  function listing(party: { name: string; creditCode: string }, decisionNumber: string): DomainEvent {
    const example = exampleEvent('BlacklistEntered');
    return {
      ...example,
      id: randomUUID(),
      data: {
        ...(example.data as Record<string, unknown>),
        subject: party,
        decisionNumber,
        decidedOn: '2026-03-02',
        displayUntil: '2027-03-02',
      },
      metadata: {
        ...example.metadata,
        occurredAt: '2026-03-02T10:00:00+08:00',
        publishedAt: '2026-03-02T10:00:00+08:00',
      },
    } as DomainEvent;
  }

  it('sees a listing another writer appended, without reading any credit stream per append', async () => {
    const { store, appender: a } = await appenderOnTheFile();
    const { appender: b } = await appenderOnTheFile();
    const candidates = stage('CandidatesPublicized');
    const first = (candidates.data as { candidates: { name: string; creditCode: string }[] }).candidates[0]!;
    const creditStream = `credit-${first.creditCode}`;
    // The candidate's credit stream is long: an old, removed-irrelevant history of records.
    for (let i = 0; i < 5; i++) {
      const [listed] = await b.append(creditStream, [listing(first, `通住建失信〔2025〕第${i + 1}号`)]);
      expect(listed).toMatchObject({ kind: 'accepted' });
    }
    const reads = jest.spyOn(store, 'readStream');
    for (const type of ['AnnouncementPublished', 'QualificationResultPublished'] as const) {
      expect((await a.append(streamId, [stage(type)]))[0]).toMatchObject({ kind: 'accepted' });
    }
    const [outcome] = await a.append(streamId, [candidates]);
    expect(outcome).toMatchObject({ kind: 'rejected', rejection: { code: 'BLACKLISTED_PARTY' } });
    expect(reads.mock.calls.map(([id]) => id).filter((id) => id.startsWith('credit-'))).toEqual([]);
  });

  it('sees a listing appended by another writer after its own last decision (it catches up to the head)', async () => {
    const { appender: a } = await appenderOnTheFile();
    const { appender: b } = await appenderOnTheFile();
    for (const type of ['AnnouncementPublished', 'QualificationResultPublished'] as const) {
      expect((await a.append(streamId, [stage(type)]))[0]).toMatchObject({ kind: 'accepted' });
    }
    const candidates = stage('CandidatesPublicized');
    const second = (candidates.data as { candidates: { name: string; creditCode: string }[] }).candidates[1]!;
    expect(
      (await b.append(`credit-${second.creditCode}`, [listing(second, '通住建失信〔2026〕第9号')]))[0],
    ).toMatchObject({
      kind: 'accepted',
    });
    const [outcome] = await a.append(streamId, [candidates]);
    expect(outcome).toMatchObject({ kind: 'rejected', rejection: { code: 'BLACKLISTED_PARTY' } });
  });
});
