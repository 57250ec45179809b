import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { runCli } from './run-cli';

describe('gongkai tokens', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-cli-tokens-'));
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('creates a centre token, prints its secret once, lists it without the secret, and revokes it', () => {
    const created = runCli([
      '--data-dir',
      dataDir,
      'tokens',
      'create',
      '--role',
      'centre',
      '--subject',
      '南通市公共资源交易中心',
      '--credit-code',
      '123206004667891235',
      '--regions',
      '320600',
      '--domains',
      'engineering,procurement',
      '--roles',
      'trading_centre',
      '--json',
    ]);
    expect(created.status).toBe(0);
    const token = JSON.parse(created.stdout) as { token: string; id: string; role: string };
    expect(token.token).toMatch(/^gk_[A-Za-z0-9_-]{40,}$/);
    expect(token.role).toBe('centre');

    // GONGKAI_DATA_DIR is honoured the same as --data-dir.
    const listed = runCli(['tokens', 'list', '--json'], { GONGKAI_DATA_DIR: dataDir });
    expect(listed.status).toBe(0);
    expect(listed.stdout).not.toContain(token.token);
    const records = JSON.parse(listed.stdout) as {
      id: string;
      subject: string;
      scope: Record<string, unknown>;
      revokedAt: string | null;
    }[];
    expect(records).toEqual([
      expect.objectContaining({
        id: token.id,
        subject: '南通市公共资源交易中心',
        scope: {
          creditCode: '123206004667891235',
          regions: ['320600'],
          domains: ['engineering', 'procurement'],
          roles: ['trading_centre'],
        },
        revokedAt: null,
      }),
    ]);
    const table = runCli(['--data-dir', dataDir, 'tokens', 'list']);
    expect(table.stdout).toContain(token.id);
    expect(table.stdout).toContain('南通市公共资源交易中心');

    expect(runCli(['--data-dir', dataDir, 'tokens', 'revoke', token.id]).status).toBe(0);
    const after = JSON.parse(runCli(['--data-dir', dataDir, 'tokens', 'list', '--json']).stdout) as {
      revokedAt: string | null;
    }[];
    expect(after[0]!.revokedAt).not.toBeNull();
  });

  it('prints only the secret on stdout by default', () => {
    const created = runCli([
      '--data-dir',
      dataDir,
      'tokens',
      'create',
      '--role',
      'admin',
      '--subject',
      '运维',
    ]);
    expect(created.status).toBe(0);
    expect(created.stdout.trim()).toMatch(/^gk_[A-Za-z0-9_-]+$/);
    expect(created.stderr).toContain('not shown again');
  });

  it('refuses an incomplete or misplaced scope with a message naming the options, writing nothing', () => {
    const missing = runCli([
      '--data-dir',
      dataDir,
      'tokens',
      'create',
      '--role',
      'centre',
      '--subject',
      'x',
      '--regions',
      '320600',
    ]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('--credit-code is required for a centre token');
    expect(missing.stdout).toBe('');
    const misplaced = runCli([
      '--data-dir',
      dataDir,
      'tokens',
      'create',
      '--role',
      'subscriber',
      '--subject',
      'x',
      '--regions',
      '320600',
    ]);
    expect(misplaced.status).toBe(2);
    expect(misplaced.stderr).toContain('--regions does not apply to a subscriber token');
    expect(existsSync(path.join(dataDir, 'service.sqlite'))).toBe(false);
  });

  it('revoking an unknown token fails with a message', () => {
    runCli(['--data-dir', dataDir, 'tokens', 'create', '--role', 'admin', '--subject', '运维']);
    const revoked = runCli(['--data-dir', dataDir, 'tokens', 'revoke', 'no-such-id']);
    expect(revoked.status).toBe(2);
    expect(revoked.stderr).toContain('No token with id no-such-id');
  });
});

describe('gongkai deadline', () => {
  it('counts working days across the 2026 Spring Festival (make-up Saturday counts, the holiday does not)', () => {
    // 2026-02-14 (Sat) is a make-up working day; 02-15..02-23 is the Spring Festival holiday.
    const run = runCli(['deadline', '--from', '2026-02-13', '--working-days', '3']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Due: 2026-02-25$/m);
    const json = JSON.parse(
      runCli(['deadline', '--from', '2026-02-13', '--working-days', '1', '--json']).stdout,
    ) as { due: string };
    expect(json.due).toBe('2026-02-14');
  });

  it('moves a calendar-day period ending in the holiday to the first working day after it', () => {
    const json = JSON.parse(
      runCli(['deadline', '--from', '2026-02-13', '--days', '3', '--json']).stdout,
    ) as Record<string, unknown>;
    expect(json).toMatchObject({
      from: '2026-02-13',
      unit: 'calendarDays',
      n: 3,
      nominalDue: '2026-02-16',
      due: '2026-02-24',
      extended: true,
    });
  });

  it('answers into 2027 provisionally and says so', () => {
    const run = runCli(['deadline', '--from', '2026-12-29', '--days', '3']);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^Due: 2027-01-04$/m);
    expect(run.stdout).toContain('PROVISIONAL: 2027 has no official holiday arrangement yet');
    expect(run.stdout).toContain('全国年节及纪念日放假办法（2024年修订） 第二条、第六条');
  });

  it.each([
    [['deadline', '--from', '2026-02-30', '--days', '3'], "argument '2026-02-30' is invalid"],
    [['deadline', '--from', '2026-02-13'], 'Give exactly one of --working-days <n> or --days <n>'],
    [['deadline', '--from', '2026-02-13', '--days', '2', '--working-days', '2'], 'Give exactly one of'],
    [['deadline', '--from', '2026-02-13', '--days', '-4'], 'expected a whole number'],
    [['deadline', '--working-days', '3'], "required option '--from <date>' not specified"],
    [['no-such-command'], "unknown command 'no-such-command'"],
  ])('rejects %j with a message and exit code 2', (args, message) => {
    const run = runCli(args);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(message);
    expect(run.stdout).toBe('');
  });

  it('answers --help on every command', () => {
    for (const args of [
      [],
      ['tokens'],
      ['tokens', 'create'],
      ['replay'],
      ['verify'],
      ['deadline'],
      ['dead-letters', 'list'],
      ['demo'],
    ]) {
      const run = runCli([...args, '--help']);
      expect(run.status).toBe(0);
      expect(run.stdout).toContain('Usage: gongkai');
    }
  });
});
