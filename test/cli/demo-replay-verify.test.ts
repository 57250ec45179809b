import { generateKeyPairSync } from 'node:crypto';
import {
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './run-cli';

/**
 * Seeds a real data directory through `gongkai demo` (the service started as a child process, events sent over HTTP),
 * then reads it back with `replay` and `verify`, and edits one byte of the SQLite file behind the store's back.
 */
describe('gongkai demo, replay and verify on a real data directory', () => {
  let dataDir: string;
  let demo: { status: number | null; stdout: string; stderr: string };

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-cli-demo-'));
    demo = runCli(['--data-dir', dataDir, 'demo']);
  });
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('loads the sample over HTTP: lifecycles in four cities, a late disclosure and a refused blacklisted award', () => {
    expect(demo.stderr).not.toContain('unexpected failure');
    expect(demo.status).toBe(0);
    for (const id of [
      '3206022026A000127001',
      'SZCG2026-0118',
      'JJ2026P07',
      '1201162026E000058001',
      '3205062026A000215001',
    ]) {
      expect(demo.stdout).toContain(id);
    }
    expect(demo.stdout).toMatch(/finding: LATE_DISCLOSURE engineering\.candidates\.publish-within-3d/);
    expect(demo.stdout).toMatch(/rejected 422 BLACKLISTED_PARTY: 南通鑫诚建设工程有限公司/);
    expect(demo.stdout).toContain(
      'All 35 steps answered as expected: 34 events stored, 2 late disclosures kept with their findings',
    );
    expect(demo.stdout).toContain('curl -s http://localhost:3000/v1/transactions/3206022026A000127001');
  });

  it('is harmless to run again on the same data directory', () => {
    const again = runCli(['--data-dir', dataDir, 'demo']);
    expect(again.status).toBe(0);
    expect(again.stdout).toContain('already loaded');
    expect(JSON.parse(runCli(['--data-dir', dataDir, 'verify', '--json']).stdout)).toMatchObject({
      ok: true,
      checked: 34,
    });
  });

  it('replays a transaction to its public state, and as of an instant before it existed fails clearly', () => {
    const run = runCli(['--data-dir', dataDir, 'replay', '1201162026E000058001']);
    expect(run.status).toBe(0);
    const view = JSON.parse(run.stdout) as {
      view: string;
      revision: number;
      eventCount: number;
      lastRecordedAt: string;
      state: Record<string, unknown>;
    };
    expect(view).toMatchObject({ view: 'public', revision: 5, eventCount: 6 });
    expect(view.state).toMatchObject({
      status: 'contracted',
      domain: 'engineering',
      transactionId: '1201162026E000058001',
    });

    // As of the instant its contract was recorded the stage is the same; before the first event there is none.
    const asOf = runCli([
      '--data-dir',
      dataDir,
      'replay',
      'txn-1201162026E000058001',
      '--as-of',
      view.lastRecordedAt,
      '--full',
    ]);
    expect(JSON.parse(asOf.stdout)).toMatchObject({ view: 'full', revision: 5, asOf: view.lastRecordedAt });
    const before = runCli([
      '--data-dir',
      dataDir,
      'replay',
      '1201162026E000058001',
      '--as-of',
      '2020-01-01T00:00:00Z',
    ]);
    expect(before.status).toBe(2);
    expect(before.stderr).toContain('had no event recorded by 2020-01-01T00:00:00Z');

    const unknown = runCli(['--data-dir', dataDir, 'replay', 'NO-SUCH-TXN']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('No transaction NO-SUCH-TXN');
    const badInstant = runCli(['--data-dir', dataDir, 'replay', 'JJ2026P07', '--as-of', 'yesterday']);
    expect(badInstant.status).toBe(2);
    expect(badInstant.stderr).toContain('expected an ISO-8601 instant');
  });

  it('verifies the whole store, one stream, and the signed checkpoint', () => {
    const all = runCli(['--data-dir', dataDir, 'verify']);
    expect(all.status).toBe(0);
    expect(all.stdout).toMatch(/^OK: 34 events intact; Merkle root [0-9a-f]{64} \(tree size 34\)/);
    const stream = runCli(['--data-dir', dataDir, 'verify', '--stream', 'txn-JJ2026P07']);
    expect(stream.stdout).toContain('OK: stream txn-JJ2026P07 intact, 6 events checked.');
    const checkpoint = runCli(['--data-dir', dataDir, 'verify', '--checkpoint', '--json']);
    expect(checkpoint.status).toBe(0);
    expect(JSON.parse(checkpoint.stdout)).toMatchObject({ ok: true, checked: 34, checkpointVerified: true });
  });

  it('fails the checkpoint check with a key the checkpoint was not signed with', () => {
    const otherKey = path.join(dataDir, 'other-public.pem');
    writeFileSync(otherKey, generateKeyPairSync('ed25519').publicKey.export({ format: 'pem', type: 'spki' }));
    const run = runCli(['--data-dir', dataDir, 'verify', '--checkpoint', '--public-key', otherKey]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Checkpoint check FAILED (checkpoint-signature)');
    const notAKey = runCli([
      '--data-dir',
      dataDir,
      'verify',
      '--checkpoint',
      '--public-key',
      path.join(dataDir, 'events.sqlite'),
    ]);
    expect(notAKey.status).toBe(2);
    expect(notAKey.stderr).toContain('is not an Ed25519 key');
  });

  it('does not create a store where there is none', () => {
    const empty = mkdtempSync(path.join(os.tmpdir(), 'gongkai-cli-empty-'));
    try {
      const run = runCli(['--data-dir', empty, 'verify']);
      expect(run.status).toBe(2);
      expect(run.stderr).toContain('No event store at');
      expect(readdirSync(empty)).toEqual([]);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  // Last: it damages the store the other tests read.
  it('fails after a one-byte edit of the SQLite file, naming the stream, revision, position and reason', () => {
    const file = path.join(dataDir, 'events.sqlite');
    const bytes = readFileSync(file);
    const needle = Buffer.from('JJCR-2026-07', 'utf8'); // the land contract's number, in ContractSigned only
    const at = bytes.indexOf(needle);
    expect(at).toBeGreaterThanOrEqual(0);
    expect(bytes.indexOf(needle, at + 1)).toBe(-1);
    const fd = openSync(file, 'r+');
    try {
      writeSync(fd, Buffer.from('8', 'latin1'), 0, 1, at + needle.length - 1);
    } finally {
      closeSync(fd);
    }

    const run = runCli(['--data-dir', dataDir, 'verify']);
    expect(run.status).toBe(1);
    expect(run.stderr).toMatch(
      /Integrity check FAILED \(hash-mismatch\) at stream txn-JJ2026P07, revision 4, position \d+/,
    );
    const json = runCli(['--data-dir', dataDir, 'verify', '--json']);
    expect(json.status).toBe(1);
    expect(JSON.parse(json.stdout)).toMatchObject({
      ok: false,
      reason: 'hash-mismatch',
      streamId: 'txn-JJ2026P07',
      revision: 4,
    });
    const stream = runCli(['--data-dir', dataDir, 'verify', '--stream', 'txn-JJ2026P07']);
    expect(stream.status).toBe(1);
    expect(runCli(['--data-dir', dataDir, 'verify', '--stream', 'txn-SZCG2026-0118']).status).toBe(0);
  });
});
