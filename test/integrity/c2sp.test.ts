import { spawn, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  openCheckpoint,
  parseVerifierKey,
  signCheckpoint,
  toPublicKey,
  verifierKey,
  verifyCosignature,
} from '@gongkai/event-store';
import { runCliAsync } from '../cli/run-cli';
import { startService, type RunningService } from '../service/harness';
import { buildGoVerifier, run } from './go-verifier';

/**
 * An outside auditor's view of the log, checked with standard tools: Go's golang.org/x/mod/sumdb/note and
 * tlog (tools/tlog-verify) read the checkpoint, tiles, entry bundles and proofs; a witness runs as a second
 * process on loopback and cosigns; the CLI writes and checks tlog-proof files and monitors the log.
 */

const ROOT = path.resolve(__dirname, '../..');
const TSX = path.join(ROOT, 'node_modules', '.bin', 'tsx');
const ORIGIN = 'gongkai.test/log';

/** Starts `gongkai log witness serve` as its own process; answers its URL and verifier key. */
function startWitness(
  state: string,
  logKey: string,
): Promise<{ child: ChildProcess; url: string; key: string }> {
  const child = spawn(
    TSX,
    [
      path.join(ROOT, 'apps/cli/src/main.ts'),
      'log',
      'witness',
      'serve',
      '--state',
      state,
      '--name',
      'witness.test/w1',
      '--log-key',
      logKey,
    ],
    { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  return new Promise((resolve, reject) => {
    let output = '';
    const onData = (chunk: Buffer) => {
      output += chunk.toString('utf8');
      const match = /listening (http:\/\/\S+)\nkey (\S+)\n/.exec(output);
      if (match) resolve({ child, url: match[1]!, key: match[2]! });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`the witness exited with ${code}:\n${output}`)));
  });
}

describe('the log in C2SP formats, checked by Go, a witness process and the CLI', () => {
  let dir: string;
  let service: RunningService;
  let witness: { child: ChildProcess; url: string; key: string };
  let logKey: string;
  let privateKeyFile: string;
  let goVerifier: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-c2sp-'));
    const { privateKey } = generateKeyPairSync('ed25519');
    privateKeyFile = path.join(dir, 'log-key.pem');
    writeFileSync(privateKeyFile, privateKey.export({ format: 'pem', type: 'pkcs8' }));
    logKey = verifierKey(ORIGIN, toPublicKey(privateKey));
    // Go's reference verifier, built from the repository (module proxy reachable, go.sum pinned).
    goVerifier = await buildGoVerifier(dir);
    witness = await startWitness(path.join(dir, 'witness'), logKey);
    service = await startService({
      GONGKAI_LOG_ORIGIN: ORIGIN,
      GONGKAI_CHECKPOINT_KEY_FILE: privateKeyFile,
      GONGKAI_WITNESSES: `${witness.url} ${witness.key}`,
      GONGKAI_CHECKPOINT_INTERVAL_MS: '0',
    });
  }, 300_000);

  afterAll(async () => {
    witness?.child.kill('SIGTERM');
    await service?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  async function appendEvents(count: number): Promise<string[]> {
    const store = service.service.infrastructure.store;
    const ids: string[] = [];
    for (let i = 0; i < count; i++) {
      const id = randomUUID();
      ids.push(id);
      await store.append(`txn-bulk-${i % 7}`, [
        { id, type: 'AnnouncementPublished', data: { n: i, title: `公告 ${i}` } },
      ]);
    }
    return ids;
  }

  async function signedNote(): Promise<string> {
    const answer = await service.call('GET', '/v1/log/checkpoint');
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('text/plain');
    await service.service.infrastructure.integrity.witnesses!.settled();
    return (await service.call('GET', '/v1/log/checkpoint')).text;
  }

  it('serves the key, a checkpoint note cosigned by the witness, and Go verifies tiles and proofs', async () => {
    expect((await service.call('GET', '/v1/log/key')).text).toBe(`${logKey}\n`);
    const firstIds = await appendEvents(9);
    const first = await signedNote();
    expect(openCheckpoint(first, logKey)).toMatchObject({ origin: ORIGIN, treeSize: 9 });
    expect(verifyCosignature(first, parseVerifierKey(witness.key))).toBeGreaterThan(1_700_000_000);
    const oldFile = path.join(dir, 'old.checkpoint');
    writeFileSync(oldFile, first);

    // Past one full tile, so level-1 tiles and full entry bundles are served and checked too.
    const ids = await appendEvents(300);
    const second = await signedNote();
    expect(openCheckpoint(second, logKey)).toMatchObject({ treeSize: 309 });
    // The witness checked consistency 9 -> 309 before cosigning again.
    verifyCosignature(second, parseVerifierKey(witness.key));

    const tile = await fetch(`${service.url}/v1/log/tile/0/000`);
    expect(tile.status).toBe(200);
    expect(tile.headers.get('cache-control')).toContain('immutable');
    expect((await tile.arrayBuffer()).byteLength).toBe(8192);
    expect((await fetch(`${service.url}/v1/log/tile/0/001.p/53`)).status).toBe(200);
    expect((await fetch(`${service.url}/v1/log/tile/0/001.p/54`)).status).toBe(404);
    expect((await fetch(`${service.url}/v1/log/tile/0/1`)).status).toBe(404);

    const proofFile = path.join(dir, 'event.tlog-proof');
    const proofAnswer = await service.call('GET', `/v1/log/proof/${ids[100]}`);
    expect(proofAnswer.text.startsWith('c2sp.org/tlog-proof@v1\nextra ')).toBe(true);
    writeFileSync(proofFile, proofAnswer.text);
    const [event] = await service.service.infrastructure.store.readAll({ from: { at: 110 }, maxCount: 1 });
    expect(event!.id).toBe(ids[100]);

    const go = await run(goVerifier, [
      '-log',
      `${service.url}/v1/log`,
      '-api',
      `${service.url}/v1/integrity`,
      '-key',
      logKey,
      '-old',
      oldFile,
      '-proof',
      proofFile,
      '-entry',
      event!.hash,
    ]);
    expect(go.stderr).toBe('');
    expect(go.status).toBe(0);
    expect(go.stdout).toContain('tiles: the tree hash from the tiles is the checkpoint root');
    expect(go.stdout).toContain('entries: all 309 entries hash to their leaves');
    expect(go.stdout).toContain('inclusion: the JSON proof of every entry checks with tlog.CheckRecord');
    expect(go.stdout).toContain('consistency: size 9 -> 309 OK');
    expect(go.stdout).toContain('is leaf 109 of gongkai.test/log at size 309');
    // Go refuses the checkpoint under another key.
    const otherKey = verifierKey(ORIGIN, generateKeyPairSync('ed25519').publicKey);
    const refused = await run(goVerifier, ['-log', `${service.url}/v1/log`, '-key', otherKey]);
    expect(refused.status).toBe(1);
    expect(firstIds).toHaveLength(9);
  }, 300_000);

  it('writes and checks tlog-proof files with the CLI, and the monitor follows the log', async () => {
    const env = {
      GONGKAI_DATA_DIR: service.dataDir,
      GONGKAI_LOG_ORIGIN: ORIGIN,
      GONGKAI_CHECKPOINT_KEY_FILE: privateKeyFile,
    };
    const key = await runCliAsync(['log', 'key'], env);
    expect(key).toMatchObject({ status: 0, stdout: `${logKey}\n` });

    const [id] = await appendEvents(1);
    await signedNote();
    const proofFile = path.join(dir, 'cli.tlog-proof');
    const written = await runCliAsync([
      'log',
      'proof',
      id!,
      '--log',
      `${service.url}/v1/log`,
      '--out',
      proofFile,
    ]);
    expect(written.status).toBe(0);
    const checked = await runCliAsync(['log', 'verify-proof', proofFile, '--key', logKey]);
    expect(checked.stderr).toBe('');
    expect(checked.stdout).toMatch(
      new RegExp(`^OK: event ${id}, hash [0-9a-f]{64} is leaf 309 of ${ORIGIN}`),
    );
    const wrongHash = await runCliAsync([
      'log',
      'verify-proof',
      proofFile,
      '--key',
      logKey,
      '--hash',
      'ab'.repeat(32),
    ]);
    expect(wrongHash.status).toBe(1);
    expect(wrongHash.stderr).toContain('Proof check FAILED');

    const state = path.join(dir, 'monitor');
    const monitor = [
      'log',
      'monitor',
      '--log',
      `${service.url}/v1/log`,
      '--key',
      logKey,
      '--state',
      state,
      '--witness-key',
      witness.key,
    ];
    const firstRun = await runCliAsync(monitor);
    expect(firstRun.stderr).toBe('');
    expect(firstRun.stdout).toContain('at size 310');
    await appendEvents(5);
    await signedNote();
    const secondRun = await runCliAsync(monitor);
    expect(secondRun.stdout).toContain('5 new entries checked since size 310');
  }, 300_000);

  it('the witness refuses a fork: another root for a size it cosigned', async () => {
    const note = await signedNote();
    const { treeSize } = openCheckpoint(note, logKey);
    const { createPrivateKey } = await import('node:crypto');
    const { readFileSync } = await import('node:fs');
    const forged = signCheckpoint(
      ORIGIN,
      treeSize,
      'ab'.repeat(32),
      createPrivateKey(readFileSync(privateKeyFile, 'utf8')),
    );
    const answer = await fetch(`${witness.url}/add-checkpoint`, {
      method: 'POST',
      body: `old ${treeSize}\n\n${forged.note}`,
    });
    expect(answer.status).toBe(422);
    expect(await answer.text()).toContain('forked');
    const unknown = await fetch(`${witness.url}/add-checkpoint`, {
      method: 'POST',
      body: `old 0\n\nother.log\n1\n${'A'.repeat(43)}=\n\n\u2014 other.log AAAA\n`,
    });
    expect(unknown.status).toBe(404);
  });
});
