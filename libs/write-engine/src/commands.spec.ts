import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  DEFAULT_PUBLICATION_TOLERANCES,
  EXAMPLE_PARTIES,
  exampleDisclosure,
  exampleEvent,
  streamIdFor,
  type DomainEvent,
  type EventType,
} from '@gongkai/domain';
import { SqliteEventStore, systemClock } from '@gongkai/event-store';
import { appendBatch, appendEnvelope } from './commands';
import type { EventEnvelope } from './envelope';
import { WriteEngine } from './write-engine';

/** The engine's typed outcomes, one per kind, on a real SQLite store (no HTTP anywhere). */
describe('write engine commands', () => {
  let dataDir: string;
  let store: SqliteEventStore;
  let engine: WriteEngine;
  const anyone = () => undefined;

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-engine-'));
    store = await SqliteEventStore.open({ path: path.join(dataDir, 'events.sqlite') });
    engine = new WriteEngine({
      store,
      clock: systemClock,
      publicationTolerances: DEFAULT_PUBLICATION_TOLERANCES,
    });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const stage = (type: EventType, metadata: Partial<DomainEvent['metadata']> = {}): DomainEvent => {
    const example = exampleEvent(type);
    return { ...example, id: randomUUID(), metadata: { ...example.metadata, ...metadata } } as DomainEvent;
  };
  const transactionId = (event: DomainEvent) => streamIdFor(event).replace(/^txn-/, '');
  const one = (envelope: DomainEvent, extra: { expectedRevision?: number; authorize?: () => string } = {}) =>
    appendEnvelope(engine, {
      target: { transactionId: transactionId(envelope) },
      envelope: envelope as unknown as EventEnvelope,
      authorize: extra.authorize ?? anyone,
      expectedRevision: extra.expectedRevision,
      pointer: '/body',
    });

  it('accepts, then answers a retry as replayed with the same position', async () => {
    const announcement = stage('AnnouncementPublished');
    const first = await one(announcement);
    expect(first).toMatchObject({ kind: 'accepted', replayed: false, event: { revision: 0 } });
    const again = await one(announcement);
    expect(again).toEqual({ ...first, replayed: true });
  });

  it('names every failing field (invalid), and a credit event sent to a transaction (wrong-stream)', async () => {
    const broken = stage('AnnouncementPublished');
    (broken.data as Record<string, unknown>).title = 42;
    expect(await one({ ...broken, extra: 1 } as unknown as DomainEvent)).toMatchObject({
      kind: 'invalid',
      errors: expect.arrayContaining([
        { field: '/body/extra', message: 'unknown field' },
        expect.objectContaining({ field: '/body/data/title' }),
      ]),
    });
    const penalty = { ...exampleEvent('PenaltyImposed'), id: randomUUID() };
    const outcome = await appendEnvelope(engine, {
      target: { transactionId: 'NTCG2026-X' },
      envelope: penalty as unknown as EventEnvelope,
      authorize: anyone,
    });
    expect(outcome.kind).toBe('wrong-stream');
    expect(await store.streamRevision(streamIdFor(penalty))).toBeUndefined();
  });

  it('refuses what the writer may not write (forbidden), by its scope or by ownership', async () => {
    expect(await one(stage('AnnouncementPublished'), { authorize: () => 'not yours' })).toEqual({
      kind: 'forbidden',
      message: 'not yours',
    });
    await one(stage('AnnouncementPublished'));
    const foreign = stage('TransactionTerminated', {
      publisher: EXAMPLE_PARTIES.runnerUp,
      regionCode: '320500',
    });
    expect(await one(foreign)).toMatchObject({ kind: 'forbidden', rejection: { code: 'NOT_OWNER' } });
  });

  it('answers a rule rejection, a revision mismatch and an idempotency conflict, storing nothing', async () => {
    expect(await one(stage('AwardPublished'))).toMatchObject({
      kind: 'rejected',
      rejection: { code: 'STAGE_OUT_OF_ORDER' },
    });
    const announcement = stage('AnnouncementPublished');
    await one(announcement);
    expect(await one(stage('QualificationResultPublished'), { expectedRevision: 5 })).toMatchObject({
      kind: 'revision-mismatch',
      expectedRevision: 5,
      actualRevision: 0,
    });
    const reused = { ...stage('QualificationResultPublished'), id: announcement.id } as DomainEvent;
    expect(await one(reused)).toMatchObject({ kind: 'idempotency-conflict', eventId: announcement.id });
    expect(await store.streamRevision(streamIdFor(announcement))).toBe(0);
    expect(await engine.append('calendar-x', [announcement])).toEqual([
      expect.objectContaining({ kind: 'unknown-stream', streamId: 'calendar-x' }),
    ]);
  });

  it('in a batch, an invalid item stops the later items of its own stream only', async () => {
    const other = exampleEvent('AnnouncementPublished', 'procurement');
    const invalid = stage('QualificationResultPublished');
    (invalid.data as Record<string, unknown>).title = 42;
    const items = [
      stage('AnnouncementPublished'),
      invalid,
      stage('CandidatesPublicized'),
      { ...other, id: randomUUID() },
    ];
    const outcomes = await appendBatch(engine, items, { authorize: anyone });
    expect(outcomes.map(({ outcome }) => outcome.kind)).toEqual([
      'accepted',
      'invalid',
      'not-attempted',
      'accepted',
    ]);
    expect(outcomes[1]!.outcome).toMatchObject({
      errors: [expect.objectContaining({ field: '/1/data/title' })],
    });
    expect(await store.streamRevision(streamIdFor(items[0]!))).toBe(0);
  });

  describe('a disclosure outside a transaction', () => {
    const disclosure = () => ({ ...exampleDisclosure('project_approval'), id: randomUUID() }) as DomainEvent;
    const toDisclosure = (event: DomainEvent, disclosureId: string) =>
      appendEnvelope(engine, {
        target: { disclosureId },
        envelope: event as unknown as EventEnvelope,
        authorize: anyone,
        pointer: '/body',
      });

    it('goes to its own stream; the transaction it links to is not written, nor can it be sent there', async () => {
      const announcement = stage('AnnouncementPublished');
      await one(announcement);
      const approval = disclosure();
      const linked = (approval.data as { transactionIds: string[] }).transactionIds;
      expect(linked).toEqual([transactionId(announcement)]);
      expect(await toDisclosure(approval, 'NT-APR-2026-0031')).toMatchObject({
        kind: 'accepted',
        event: { streamId: 'disclosure-NT-APR-2026-0031', revision: 0 },
      });
      const intoTransaction = await appendEnvelope(engine, {
        target: { transactionId: transactionId(announcement) },
        envelope: disclosure() as unknown as EventEnvelope,
        authorize: anyone,
      });
      expect(intoTransaction.kind).toBe('wrong-stream');
      // The engine itself refuses it in a transaction stream, whatever the caller addressed.
      expect(await engine.append(streamIdFor(announcement), [disclosure()])).toEqual([
        expect.objectContaining({
          kind: 'rejected',
          rejection: expect.objectContaining({ code: 'WRONG_STREAM' }),
        }),
      ]);
      expect(await store.streamRevision(streamIdFor(announcement))).toBe(0);
      expect(await toDisclosure(disclosure(), 'NT-OTHER')).toMatchObject({
        kind: 'invalid',
        errors: [expect.objectContaining({ field: '/body/data/disclosureId' })],
      });
    });

    it('refuses a publication claimed in the future (as for stages), storing nothing', async () => {
      const future = new Date(Date.now() + 3_600_000).toISOString();
      const event = disclosure();
      const outcome = await toDisclosure(
        { ...event, metadata: { ...event.metadata, publishedAt: future } } as DomainEvent,
        'NT-APR-2026-0031',
      );
      expect(outcome).toMatchObject({ kind: 'rejected', rejection: { code: 'PUBLISHED_IN_FUTURE' } });
      expect(await store.streamRevision('disclosure-NT-APR-2026-0031')).toBeUndefined();
    });
  });
});
