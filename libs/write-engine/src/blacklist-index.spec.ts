import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { exampleEvent } from '@gongkai/domain';
import { SqliteEventStore } from '@gongkai/event-store';
import { BlacklistIndex } from './blacklist-index';
import { toStoredEvent } from './event-codec';

describe('BlacklistIndex', () => {
  let dataDir: string;
  let store: SqliteEventStore;

  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-blacklist-index-'));
    store = await SqliteEventStore.open({ path: path.join(dataDir, 'events.sqlite') });
  });
  afterEach(async () => {
    await store.close();
    rmSync(dataDir, { recursive: true, force: true });
  });

  const example = exampleEvent('BlacklistEntered');
  const listed = (example.data as { subject: { creditCode: string } }).subject.creditCode;

  async function list(): Promise<void> {
    await store.append(`credit-${listed}`, [toStoredEvent({ ...example, id: randomUUID() }, [])]);
  }

  it('serves the decisions that arrive during a catch-up with one shared catch-up after it, not one each', async () => {
    await list();
    const index = new BlacklistIndex(store);
    const reads = jest.spyOn(store, 'readAll');
    const answers = await Promise.all(Array.from({ length: 16 }, () => index.entriesFor([listed])));
    expect(answers.every((entries) => entries.length === 1)).toBe(true);
    // The first caller's catch-up, then one for every caller that arrived while it ran.
    expect(reads.mock.calls.length).toBeLessThanOrEqual(2);
  });

  it('does not read the listings again while nothing was committed since the last catch-up', async () => {
    await list();
    const index = new BlacklistIndex(store);
    expect(await index.entriesFor([listed])).toHaveLength(1);
    const reads = jest.spyOn(store, 'readAll');
    expect(await index.entriesFor([listed])).toHaveLength(1);
    expect(reads).not.toHaveBeenCalled();
    await list();
    expect(await index.entriesFor([listed])).toHaveLength(2);
    expect(reads).toHaveBeenCalledTimes(1);
  });

  it('still sees a listing committed before a decision that arrived while a catch-up was running', async () => {
    const index = new BlacklistIndex(store);
    const first = index.entriesFor([listed]);
    await list();
    const second = index.entriesFor([listed]);
    await first;
    expect(await second).toHaveLength(1);
    expect(await index.entriesFor([listed])).toHaveLength(1);
  });
});
