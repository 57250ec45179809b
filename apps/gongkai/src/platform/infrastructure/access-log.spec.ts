import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type Database from 'better-sqlite3';
import { openServiceDatabase } from '@gongkai/runtime';
import { AccessLog, type AccessEntry } from './access-log';

describe('AccessLog', () => {
  let dir: string;
  let db: Database.Database;
  let auditor: Database.Database;
  const rowsSeenByAuditor = () =>
    auditor.prepare('SELECT path, status FROM access_log ORDER BY id').all() as {
      path: string;
      status: number;
    }[];
  const entry = (i: number): AccessEntry => ({
    tokenId: `t${i}`,
    subject: `subject ${i}`,
    role: 'centre',
    method: 'POST',
    path: `/v1/transactions/${i}/events`,
    status: i % 2 === 0 ? 201 : 422,
    action: 'write',
  });

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-access-log-'));
    db = openServiceDatabase(dir);
    // Another connection to the file, as an auditor (or `sqlite3`) reading the log would have.
    auditor = openServiceDatabase(dir);
  });
  afterEach(() => {
    auditor.close();
    db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers each record once its row is committed, every row of a turn kept, in order', async () => {
    const log = new AccessLog(db);
    const seenAtAnswer: number[] = [];
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        log.record(entry(i)).then(() => {
          seenAtAnswer.push(rowsSeenByAuditor().filter((row) => row.path === entry(i).path).length);
        }),
      ),
    );
    expect(seenAtAnswer).toEqual(Array.from({ length: 40 }, () => 1));
    expect(rowsSeenByAuditor()).toEqual(
      Array.from({ length: 40 }, (_, i) => ({ path: entry(i).path, status: entry(i).status })),
    );
    await log.record(entry(40));
    expect(log.recent(1)[0]).toMatchObject({ ...entry(40), tokenId: 't40' });
  });

  it('commits what is pending when flushed, before the database closes', () => {
    const log = new AccessLog(db);
    void log.record(entry(1));
    void log.record(entry(2));
    log.flush();
    expect(rowsSeenByAuditor().map((row) => row.path)).toEqual([entry(1).path, entry(2).path]);
  });
});
