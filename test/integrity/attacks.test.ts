import Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { verifyAll, SqliteEventStore } from '@gongkai/event-store';
import { resealStream, type StoredRow } from '../../libs/event-store/src/testing/insider';
import { EVENT_STORE_FILE } from '@gongkai/runtime';
import { runCliAsync } from '../cli/run-cli';
import { ADMIN_TOKEN, startService, type RunningService } from '../service/harness';
import {
  NANTONG_CENTRE,
  createToken,
  eventsPath,
  lifecycle,
  transactionIdOfExample,
} from '../service/fixtures';

/**
 * The attacks of an insider holding the data directory (issue 11), each on a real SQLite file behind a
 * stopped service, then a restart: the service must refuse to sign over the rewritten log, keep serving
 * the last good checkpoint, and say so in /health.
 */

async function waitForStartVerify(service: RunningService): Promise<Record<string, unknown>> {
  // The whole-store verification runs on a worker thread: its start (compiling TypeScript under tsx) can
  // take seconds on a loaded machine.
  for (let i = 0; i < 1200; i++) {
    const health = await service.call('GET', '/health');
    const integrity = health.body.integrity as { lastVerify?: { finishedAt?: string } };
    if (integrity.lastVerify?.finishedAt) return health.body;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('the verification at start did not finish');
}

describe('attacks on the data directory (issue 11)', () => {
  let service: RunningService;
  let engineering: string;
  let signedBefore: { treeSize: number; rootHash: string; note: string };

  beforeEach(async () => {
    service = await startService();
    const centre = await createToken(service, NANTONG_CENTRE);
    engineering = transactionIdOfExample('engineering');
    for (const body of lifecycle('engineering')) {
      expect((await service.call('POST', eventsPath(engineering), { token: centre, body })).status).toBe(201);
    }
    const answer = await service.call('GET', '/v1/integrity/checkpoint');
    expect(answer.status).toBe(200);
    signedBefore = answer.body.checkpoint as typeof signedBefore;
    expect(signedBefore.treeSize).toBe(8);
    await service.stop({ keepData: true });
  });

  afterEach(async () => {
    await service.stop();
  });

  function tamper(edit: (db: Database.Database) => void): void {
    const db = new Database(path.join(service.dataDir, EVENT_STORE_FILE));
    try {
      edit(db);
    } finally {
      db.close();
    }
  }

  async function restartAndExpectAlarm(): Promise<Record<string, unknown>> {
    service = await startService({}, service.dataDir);
    const health = await waitForStartVerify(service);
    expect(health).toMatchObject({ status: 'degraded', integrity: { ok: false } });
    const alarm = (health.integrity as { alarm: { reason: string; detail: string } }).alarm;
    expect(alarm.detail.length).toBeGreaterThan(10);
    // The last good checkpoint is served, not a new one over the rewritten log.
    const checkpoint = await service.call('GET', '/v1/integrity/checkpoint');
    expect(checkpoint.status).toBe(200);
    expect(checkpoint.body.checkpoint).toMatchObject({
      treeSize: signedBefore.treeSize,
      rootHash: signedBefore.rootHash,
    });
    expect(checkpoint.body.alarm).toMatchObject({ reason: alarm.reason });
    const note = await service.call('GET', '/v1/log/checkpoint');
    expect(note.text).toBe(signedBefore.note);
    const history = readFileSync(path.join(service.dataDir, 'checkpoints.jsonl'), 'utf8').trim().split('\n');
    expect(history).toHaveLength(1);
    const metrics = await service.call('GET', '/metrics');
    expect(metrics.text).toMatch(/^gongkai_integrity_alarm 1$/m);
    return health;
  }

  it('1. an edited event with its stream re-sealed by chainHash: no new checkpoint of the same size', async () => {
    tamper((db) => {
      const row = db.prepare('SELECT position, data FROM events WHERE position = 3').get() as StoredRow;
      const data = JSON.parse(row.data) as Record<string, unknown>;
      db.prepare('UPDATE events SET data = ? WHERE position = 3').run(
        JSON.stringify({ ...data, rewritten: true }),
      );
      resealStream(db, `txn-${engineering}`);
    });
    // The chain alone no longer shows it: every hash was recomputed.
    const store = await SqliteEventStore.open({ path: path.join(service.dataDir, EVENT_STORE_FILE) });
    expect(await verifyAll(store)).toMatchObject({ ok: true });
    await store.close();

    const health = await restartAndExpectAlarm();
    // Re-sealing the stream changed its last event, which is also the log's last leaf: caught at once.
    expect(health.integrity).toMatchObject({ alarm: { reason: 'tail-rewritten' } });
    // Offline, the CLI no longer says OK either: the history's checkpoint and the tree both disagree.
    const verify = await runCliAsync(['--data-dir', service.dataDir, 'verify', '--checkpoint', '--json']);
    expect(verify.status).toBe(1);
    expect(JSON.parse(verify.stdout)).toMatchObject({ ok: false, reason: 'not-in-log', position: 3 });
  });

  it('1b. the same rewrite is also named by the verification at start: the first event not in the log', async () => {
    tamper((db) => {
      const row = db.prepare('SELECT data FROM events WHERE position = 3').get() as StoredRow;
      const data = JSON.parse(row.data) as Record<string, unknown>;
      db.prepare('UPDATE events SET data = ? WHERE position = 3').run(
        JSON.stringify({ ...data, rewritten: true }),
      );
      resealStream(db, `txn-${engineering}`);
    });
    service = await startService({}, service.dataDir);
    const health = await waitForStartVerify(service);
    expect(health.integrity).toMatchObject({ ok: false, lastVerify: { trigger: 'start', ok: false } });
    const status = await service.call('GET', '/v1/integrity/verify', { token: ADMIN_TOKEN });
    expect((status.body.last as { result: unknown }).result).toMatchObject({
      ok: false,
      reason: 'not-in-log',
      position: 3,
    });
  });

  it('2. the last event deleted and another appended in its place', async () => {
    tamper((db) => {
      const last = db.prepare('SELECT * FROM events ORDER BY position DESC LIMIT 1').get() as StoredRow;
      db.prepare('DELETE FROM events WHERE position = ?').run(last.position);
      const forged = {
        ...last,
        id: '00000000-0000-4000-8000-000000000001',
        data: JSON.stringify({ forged: true }),
      };
      db.prepare(
        'INSERT INTO events (position, id, stream_id, revision, type, data, metadata, recorded_at, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?)',
      ).run(
        forged.position,
        forged.id,
        forged.stream_id,
        forged.revision,
        forged.type,
        forged.data,
        forged.metadata,
        forged.recorded_at,
        forged.prev_hash,
        '0'.repeat(64),
      );
      resealStream(db, forged.stream_id);
    });
    const health = await restartAndExpectAlarm();
    expect(health.integrity).toMatchObject({ alarm: { reason: 'tail-rewritten' } });
  });

  it('3a. two events of a stream swapped in $all: the per-stream verify and the log both see it', async () => {
    tamper((db) => {
      db.prepare('UPDATE events SET position = -1 WHERE position = 2').run();
      db.prepare('UPDATE events SET position = 2 WHERE position = 3').run();
      db.prepare('UPDATE events SET position = 3 WHERE position = -1').run();
    });
    await restartAndExpectAlarm();
    const verify = await service.call('GET', `/v1/transactions/${engineering}/verify`);
    expect(verify.body).toMatchObject({ ok: false, reason: 'out-of-order', revision: 2, position: 2 });
  });

  it('3b. a middle event deleted: no 500, the alarm names it', async () => {
    tamper((db) => {
      db.prepare('DELETE FROM events WHERE position = 4').run();
    });
    const health = await restartAndExpectAlarm();
    expect(health.integrity).toMatchObject({ alarm: { reason: 'verify-failed' } });
    expect((health.integrity as { alarm: { detail: string } }).alarm.detail).toContain('revision-gap');
    // The whole-store verification on demand (admin) names the first damaged place.
    const started = await service.call('POST', '/v1/integrity/verify', { token: ADMIN_TOKEN });
    expect(started.status).toBe(202);
    for (let i = 0; i < 1200; i++) {
      const status = await service.call('GET', '/v1/integrity/verify', { token: ADMIN_TOKEN });
      if (status.body.running === false && (status.body.last as { trigger: string }).trigger === 'request') {
        expect((status.body.last as { result: unknown }).result).toMatchObject({
          ok: false,
          reason: 'revision-gap',
          position: 5,
        });
        return;
      }
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    throw new Error('the requested verification did not finish');
  });

  it('an honest restart is not flagged, and the next checkpoint extends the last', async () => {
    service = await startService({}, service.dataDir);
    const health = await waitForStartVerify(service);
    expect(health).toMatchObject({
      status: 'ok',
      integrity: { ok: true, lastVerify: { trigger: 'start', ok: true, checked: 8 } },
    });
    const centre = await createToken(service, NANTONG_CENTRE);
    const procurement = transactionIdOfExample('procurement');
    for (const body of lifecycle('procurement').slice(0, 2)) {
      expect((await service.call('POST', eventsPath(procurement), { token: centre, body })).status).toBe(201);
    }
    const next = await service.call('GET', '/v1/integrity/checkpoint');
    expect(next.body.checkpoint).toMatchObject({ treeSize: 10 });
    const proof = await service.call('GET', '/v1/integrity/consistency?from=8&to=10');
    expect(proof.body).toMatchObject({ fromSize: 8, toSize: 10, fromRoot: signedBefore.rootHash });
    expect((await service.call('GET', '/metrics')).text).toMatch(/^gongkai_integrity_alarm 0$/m);
  });

  it('unauthenticated callers cannot start a verification', async () => {
    service = await startService({}, service.dataDir);
    expect((await service.call('POST', '/v1/integrity/verify')).status).toBe(401);
  });
});
