import { mkdtempSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn, type ChildProcess } from 'node:child_process';
import { runCliAsync, startService } from './run-cli';

const ADMIN_TOKEN = 'demo-remote-admin-token-0123456789';

/**
 * `gongkai demo --url` against a service already running: the real entry point (apps/gongkai/src/main.ts)
 * started as its own process on a free port with a real SQLite file.
 */
describe('gongkai demo --url', () => {
  let dataDir: string;
  let service: { process: ChildProcess; url: string };
  let url: string;

  beforeAll(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-cli-remote-'));
    service = await startService(spawn, { GONGKAI_DATA_DIR: dataDir, GONGKAI_ADMIN_TOKEN: ADMIN_TOKEN });
    url = service.url;
  });
  afterAll(async () => {
    service?.process.kill('SIGTERM');
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses without an admin token, then loads the sample with one and revokes its publisher tokens', async () => {
    const without = await runCliAsync(['demo', '--url', url]);
    expect(without.status).toBe(2);
    expect(without.stderr).toContain('--url needs an admin token');

    const run = await runCliAsync(['demo', '--url', url, '--admin-token', ADMIN_TOKEN]);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('All 35 steps answered as expected');
    expect(run.stdout).toContain(`curl -s ${url}/v1/transactions/3206022026A000127001`);

    // The console's URL and a supervisor token to log in with.
    const printed = /\/console .*\n\s+(\S+)\s+\(supervisor of ([\d, ]+)\)/.exec(run.stdout);
    expect(printed).not.toBeNull();
    expect(printed![2]).toBe('120000, 320000, 350000');
    const session = (await fetch(`${url}/v1/session`, {
      headers: { authorization: `Bearer ${printed![1]}` },
    }).then((response) => response.json())) as { role: string };
    expect(session.role).toBe('supervisor');

    const listed = await runCliAsync(['--data-dir', dataDir, 'tokens', 'list', '--json']);
    const tokens = JSON.parse(listed.stdout) as { role: string; subject: string; revokedAt: string | null }[];
    const demoTokens = tokens.filter((token) => token.subject.startsWith('demo: '));
    // The publishers' tokens lived for the run only; the supervisor's is for the console and stays valid.
    const publishers = demoTokens.filter((token) => token.role === 'centre');
    expect(publishers.length).toBeGreaterThanOrEqual(5);
    expect(publishers.every((token) => token.revokedAt !== null)).toBe(true);
    expect(
      demoTokens.filter((token) => token.role === 'supervisor' && token.revokedAt === null),
    ).toHaveLength(1);

    // The CLI's replay (stream + evolve) and the API agree on the state, public and as of an instant.
    for (const id of ['JJ2026P07', '1201162026E000058001']) {
      const api = (await fetch(`${url}/v1/transactions/${id}`).then((response) => response.json())) as {
        revision: number;
        lastRecordedAt: string;
        state: { status: string };
      };
      expect(api.state.status).toBe('contracted');
      const cli = await runCliAsync(['--data-dir', dataDir, 'replay', id]);
      expect(JSON.parse(cli.stdout)).toEqual(
        expect.objectContaining({ revision: api.revision, state: api.state }),
      );
    }
    // Several CLI processes and a whole demo against a child service: slow on a loaded machine.
  }, 180_000);

  it('says so when nothing answers at the URL', async () => {
    const run = await runCliAsync(['demo', '--url', 'http://127.0.0.1:9', '--admin-token', ADMIN_TOKEN]);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('Cannot reach the service at http://127.0.0.1:9');
  });
});
