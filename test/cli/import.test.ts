import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import {
  procurementRecords,
  writeCsvFiles,
  writeJsonFile,
  writeXlsxFile,
  type NationalRecords,
} from '../../apps/cli/src/import/testing/procurement-records';
import { runCli, runCliAsync } from './run-cli';

const ROOT = path.resolve(__dirname, '../..');
const CENTRE = { name: '南通市公共资源交易中心', creditCode: '123206004667891235' };

interface Summary {
  rows: number;
  transactions: number;
  events: { appended: number; alreadyStored: number; wouldAppend: number };
  rejectedRows: number;
  dryRun: boolean;
}

/** Events as the store holds them, read from the SQLite file directly. */
function storedEvents(dataDir: string): { stream_id: string; type: string; metadata: string }[] {
  const file = path.join(dataDir, 'events.sqlite');
  if (!existsSync(file)) return [];
  const db = new Database(file, { readonly: true, fileMustExist: true });
  try {
    // The importer may have created the file and not yet its tables.
    const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'events'").get();
    if (!table) return [];
    return db.prepare('SELECT stream_id, type, metadata FROM events ORDER BY position').all() as never;
  } finally {
    db.close();
  }
}

describe('gongkai import', () => {
  let dir: string;
  let dataDir: string;
  let token: string;

  /** A centre token of this data directory, for procurement in Nantong unless told otherwise. */
  const centreToken = (centre: { name: string; creditCode: string }, domains = 'procurement'): string => {
    const created = runCli([
      '--data-dir',
      dataDir,
      'tokens',
      'create',
      '--role',
      'centre',
      '--subject',
      centre.name,
      '--credit-code',
      centre.creditCode,
      '--regions',
      '320600',
      '--domains',
      domains,
      '--roles',
      'trading_centre',
      '--json',
    ]);
    expect(created.status).toBe(0);
    return (JSON.parse(created.stdout) as { token: string }).token;
  };

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-import-'));
    dataDir = path.join(dir, 'data');
    token = centreToken(CENTRE);
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  const importFiles = (files: string[], ...extra: string[]) =>
    runCliAsync(
      ['--data-dir', dataDir, 'import', '--report', path.join(dir, 'rejected.csv'), ...extra, ...files],
      { GONGKAI_TOKEN: token },
    );
  const reportLines = () => readFileSync(path.join(dir, 'rejected.csv'), 'utf8').trim().split('\n').slice(1);
  const summaryOf = (stdout: string) => JSON.parse(stdout) as Summary;

  it('imports 100 JSON rows as 75 historical events, and a re-run stores nothing new', async () => {
    const file = writeJsonFile(path.join(dir, 'records.json'), procurementRecords(25));
    // Two build workers, whatever the machine's cores (the default is one per core beyond the first).
    const first = await importFiles([file], '--workers', '2');
    expect(first.stderr).toMatch(/import: 100\/100 rows \(100%\), 75 events/);
    expect(first.status).toBe(0);
    expect(summaryOf(first.stdout)).toMatchObject({
      rows: 100,
      transactions: 25,
      rejectedRows: 0,
      events: { appended: 75, alreadyStored: 0 },
    });

    const events = storedEvents(dataDir);
    expect(events).toHaveLength(75);
    expect(new Set(events.map((e) => e.stream_id)).size).toBe(25);
    for (const event of events) {
      const metadata = JSON.parse(event.metadata) as {
        imported?: { source: string; records: string[] };
        findings: { code: string }[];
        publishedAt: string;
      };
      expect(metadata.imported?.source).toBe('national-data-spec');
      // Published in 2025, recorded now: historical, so not a late recording.
      expect(metadata.findings.map((f) => f.code)).not.toContain('RECORDED_LATE');
      expect(metadata.publishedAt.startsWith('2025-')).toBe(true);
    }

    const again = await importFiles([file]);
    expect(again.status).toBe(0);
    expect(summaryOf(again.stdout).events).toEqual({ appended: 0, alreadyStored: 75, wouldAppend: 0 });
    expect(storedEvents(dataDir)).toHaveLength(75);
  });

  it('imports 100 CSV rows; a dry run before stores nothing', async () => {
    const files = writeCsvFiles(dir, procurementRecords(25));
    const dry = await importFiles(files, '--dry-run');
    expect(dry.status).toBe(0);
    expect(summaryOf(dry.stdout)).toMatchObject({ dryRun: true, events: { appended: 0, wouldAppend: 75 } });
    expect(storedEvents(dataDir)).toHaveLength(0);

    const real = await importFiles(files);
    expect(real.status).toBe(0);
    expect(summaryOf(real.stdout).events.appended).toBe(75);
    expect(storedEvents(dataDir)).toHaveLength(75);
  });

  it('imports 100 XLSX rows (a worksheet per data set), building on the main thread', async () => {
    const file = await writeXlsxFile(path.join(dir, 'records.xlsx'), procurementRecords(25));
    const run = await importFiles([file], '--workers', '0');
    expect(run.stderr).not.toMatch(/unexpected/);
    expect(run.status).toBe(0);
    expect(summaryOf(run.stdout)).toMatchObject({ rows: 100, events: { appended: 75 } });
    expect(
      storedEvents(dataDir)
        .map((e) => e.type)
        .slice(0, 3),
    ).toEqual(['AnnouncementPublished', 'AwardPublished', 'ContractSigned']);
  });

  it('reports every rejected row with file, row and reason, imports the rest, and exits 1', async () => {
    const records: NationalRecords = procurementRecords(5);
    // Transaction 1: an unknown column. Transaction 2: an amount that is not one. Transaction 3: no 550 project.
    records['551']![1] = { ...records['551']![1]!, BULLETIN_TITEL: 'typo' };
    records['553']![2] = { ...records['553']![2]!, WIN_BID_PRICE: '98万' };
    records['550']!.splice(3, 1);
    const files = writeCsvFiles(dir, records);
    const run = await importFiles(files);
    expect(run.status).toBe(1);
    expect(run.stderr).toContain('row(s) rejected');
    const summary = summaryOf(run.stdout);
    // Transaction 0 and 4 go in whole; 1, 2 and 3 not at all (nothing half-written).
    expect(summary.events.appended).toBe(6);
    expect(new Set(storedEvents(dataDir).map((e) => e.stream_id))).toEqual(
      new Set(['txn-NTCG2025-0000000', 'txn-NTCG2025-0000004']),
    );

    const report = readFileSync(path.join(dir, 'rejected.csv'), 'utf8');
    const line = (file: string, row: number) =>
      report.split('\n').find((l) => l.startsWith(`${path.join(dir, file)},${row},`));
    expect(line('551.csv', 3)).toContain('unknown field BULLETIN_TITEL for data set 551');
    expect(line('553.csv', 4)).toContain('WIN_BID_PRICE: expected an amount');
    expect(line('551.csv', 5)).toContain('no 550 采购项目 record');
    // The other rows of a refused transaction are reported as not imported because of it.
    expect(line('554.csv', 4)).toMatch(/not imported: .*553\.csv row 4 of the same transaction/);
    expect(summary.rejectedRows).toBe(report.trim().split('\n').length - 1);
    // 4 rows each of transactions 1 and 2, and the 3 rows of transaction 3 that are left.
    expect(summary.rejectedRows).toBe(4 + 4 + 3);
  });

  it('computes findings on the historical dates, not on the day of the import', async () => {
    const records = procurementRecords(1);
    // Announced 2025-01-03, bids closed 2025-01-08: 2 working days short of Order 87's 5.
    records['551']![0] = { ...records['551']![0]!, BID_CLOSING_TIME: '20250108093000' };
    const run = await importFiles(writeCsvFiles(dir, records));
    expect(run.status).toBe(0);
    const [announcement] = storedEvents(dataDir);
    const { findings } = JSON.parse(announcement!.metadata) as { findings: Record<string, unknown>[] };
    expect(findings).toEqual([
      expect.objectContaining({
        code: 'PERIOD_TOO_SHORT',
        from: '2025-01-03',
        due: '2025-01-10',
        actual: '2025-01-08',
      }),
    ]);
  });

  it("applies the token's scope and the transaction's ownership as the API does", async () => {
    const owned = procurementRecords(2);
    expect((await importFiles(writeCsvFiles(dir, owned))).status).toBe(0);
    expect(storedEvents(dataDir)).toHaveLength(6);

    // Another centre's records of the same procurements (another section, so other event ids): the
    // transactions belong to the centre that opened them, so its events are refused, NOT_OWNER.
    const other = path.join(dir, 'other');
    mkdirSync(other);
    const theirs = Object.fromEntries(
      Object.entries(owned).map(([code, rows]) => [
        code,
        rows.map((row) => ({ ...row, PURCHASE_SECTION_CODE: `${row.PURCHASE_SECTION_CODE}-B` })),
      ]),
    );
    const files = writeCsvFiles(other, theirs);
    const agency = centreToken({ name: '江苏中诚工程咨询有限公司', creditCode: '91320600MA1P8R2K3E' });
    const foreign = await importFiles(files, '--token', agency);
    expect(foreign.status).toBe(1);
    expect(summaryOf(foreign.stdout)).toMatchObject({ events: { appended: 0 }, rejectedRows: 8 });
    const refusals = reportLines().filter((line) =>
      line.includes('AnnouncementPublished refused (NOT_OWNER)'),
    );
    // Each procurement's announcement (551 with its 550) is refused; its award and contract not attempted.
    expect(refusals).toHaveLength(4);
    expect(reportLines().filter((line) => /refused \(PRECEDING_EVENT_FAILED\)/.test(line))).toHaveLength(4);

    // The owner's own token without procurement in its domains: refused before anything reaches the store.
    const engineeringOnly = centreToken(CENTRE, 'engineering');
    const outOfScope = await importFiles(files, '--token', engineeringOnly);
    expect(outOfScope.status).toBe(1);
    expect(reportLines()).toHaveLength(8);
    for (const line of reportLines()) {
      expect(line).toContain(
        "the token may not publish this transaction: domain procurement is outside the token's domains",
      );
    }
    expect(storedEvents(dataDir)).toHaveLength(6);
  });

  it('resumes after being killed mid-import: the re-run appends the rest, every transaction whole', async () => {
    const transactions = 3000;
    const files = writeCsvFiles(dir, procurementRecords(transactions));
    // One process (node with tsx's loader), not the tsx wrapper: SIGKILL must hit the process that writes.
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        path.join(ROOT, 'apps', 'cli', 'src', 'main.ts'),
        '--data-dir',
        dataDir,
        'import',
        '--batch',
        '1',
        '--report',
        path.join(dir, 'r.csv'),
        ...files,
      ],
      { cwd: ROOT, env: { ...process.env, GONGKAI_TOKEN: token }, stdio: 'ignore' },
    );
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    // Kill it as soon as the first transactions are in: well before 9000 events are.
    const deadline = Date.now() + 120_000;
    while (storedEvents(dataDir).length === 0) {
      if (Date.now() > deadline) throw new Error('the import stored nothing within 120 s');
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    child.kill('SIGKILL');
    await exited;
    const partial = storedEvents(dataDir);
    expect(partial.length).toBeGreaterThan(0);
    expect(partial.length).toBeLessThan(transactions * 3);
    const perStream = (events: { stream_id: string }[]) => {
      const counts = new Map<string, number>();
      for (const e of events) counts.set(e.stream_id, (counts.get(e.stream_id) ?? 0) + 1);
      return [...counts.values()];
    };
    // Each transaction's events are one store batch: none is half-written.
    expect(perStream(partial).every((n) => n === 3)).toBe(true);

    const resumed = await importFiles(files);
    expect(resumed.status).toBe(0);
    const summary = summaryOf(resumed.stdout);
    expect(summary.events.alreadyStored).toBe(partial.length);
    expect(summary.events.appended).toBe(transactions * 3 - partial.length);
    const all = storedEvents(dataDir);
    expect(all).toHaveLength(transactions * 3);
    expect(perStream(all).every((n) => n === 3)).toBe(true);
  }, 300_000);

  it('refuses to run without a centre token, naming what is needed', () => {
    const file = path.join(dir, '551.csv');
    writeFileSync(file, 'PURCHASE_PROJECT_CODE\nX1\n');
    const run = runCli(['--data-dir', dataDir, 'import', file]);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('a centre token is required');
  });
});
