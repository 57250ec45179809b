import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ocdsValidator } from '../../libs/open-data/src/testing/ocds-validator';
import { runCli } from './run-cli';

/**
 * `gongkai ocds export` on the demo's data directory: every line is a record package that validates against
 * OCDS 1.1.5 with gongkai's extension, uses only codelist codes, and carries nothing but the public view.
 */
/** Each test runs the CLI a few times, each a cold tsx start: slow on a loaded machine. */
const CLI_TIMEOUT_MS = 300_000;

describe('gongkai ocds export', () => {
  let dataDir: string;
  const validator = ocdsValidator();

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-cli-ocds-'));
    const demo = runCli(['--data-dir', dataDir, 'demo']);
    expect(demo.status).toBe(0);
  }, CLI_TIMEOUT_MS);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  const records = (text: string) =>
    text
      .trimEnd()
      .split('\n')
      .map(
        (line) =>
          JSON.parse(line) as {
            records: Array<{ ocid: string; releases: unknown[]; compiledRelease: Record<string, unknown> }>;
          },
      );

  it(
    "exports the demo's transactions as JSON Lines of record packages that validate",
    () => {
      const output = path.join(dataDir, 'ocds.jsonl');
      const run = runCli(['--data-dir', dataDir, 'ocds', 'export', '-o', output], {
        GONGKAI_OCDS_PREFIX: 'ocds-t3st01',
        GONGKAI_PUBLIC_URL: 'https://ggzy.example.gov.cn/',
      });
      expect(run.stderr).toMatch(/ocds export: 5 records \(\d+ releases\) of 5 transactions/);
      expect(run.status).toBe(0);
      expect(run.stdout).toBe('');
      const text = readFileSync(output, 'utf8');
      const packages = records(text);
      expect(packages).toHaveLength(5);
      for (const pkg of packages) {
        expect(validator.recordPackageErrors(pkg)).toEqual([]);
        expect(pkg).toMatchObject({
          extensions: ['https://ggzy.example.gov.cn/v1/ocds/extension/extension.json'],
        });
        const [record] = pkg.records;
        expect(record!.ocid).toMatch(/^ocds-t3st01-/);
        for (const release of [...record!.releases, record!.compiledRelease]) {
          expect(validator.codelistViolations(release)).toEqual([]);
          expect(validator.undeclaredFields(release)).toEqual([]);
        }
      }
      expect(packages.map((p) => p.records[0]!.ocid)).toContain('ocds-t3st01-3206022026A000127001');
      // The public view only: no natural person's ID number, phone or masked name.
      expect(text).not.toMatch(/\d{6}\*{4,}\d{3}[\dX]|\d{3}\*{4}\d{4}|"[\u4e00-\u9fa5]\*+"/);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'filters by domain and region, writes to stdout, and gives the same records on a re-run',
    () => {
      const first = runCli(['--data-dir', dataDir, 'ocds', 'export', '--domain', 'procurement']);
      expect(first.status).toBe(0);
      const procurement = records(first.stdout);
      expect(procurement.length).toBeGreaterThan(0);
      for (const pkg of procurement)
        expect(pkg.records[0]!.compiledRelease['disclosure']).toMatchObject({ domain: 'procurement' });
      const again = records(
        runCli(['--data-dir', dataDir, 'ocds', 'export', '--domain', 'procurement']).stdout,
      );
      expect(again.map((p) => p.records)).toEqual(procurement.map((p) => p.records));
      const tianjin = records(runCli(['--data-dir', dataDir, 'ocds', 'export', '--region', '120000']).stdout);
      expect(tianjin.map((p) => p.records[0]!.ocid)).toEqual(['ocds-xxxxxx-1201162026E000058001']);
    },
    CLI_TIMEOUT_MS,
  );

  it(
    'refuses bad input with a message and exit code 2, writing nothing',
    () => {
      const output = path.join(dataDir, 'never.jsonl');
      const housing = runCli(['--data-dir', dataDir, 'ocds', 'export', '--domain', 'housing', '-o', output]);
      expect(housing.status).toBe(2);
      expect(housing.stderr).toContain('housing has no OCDS export');
      const unknown = runCli(['--data-dir', dataDir, 'ocds', 'export', '--domain', 'fishing']);
      expect(unknown.status).toBe(2);
      expect(unknown.stderr).toContain('unknown domain "fishing"');
      const prefix = runCli(['--data-dir', dataDir, 'ocds', 'export'], {
        GONGKAI_OCDS_PREFIX: 'ocds-TOOLONG1',
      });
      expect(prefix.status).toBe(2);
      expect(prefix.stderr).toContain('GONGKAI_OCDS_PREFIX');
      const empty = mkdtempSync(path.join(os.tmpdir(), 'gongkai-cli-ocds-empty-'));
      try {
        const missing = runCli(['--data-dir', empty, 'ocds', 'export', '-o', output]);
        expect(missing.status).toBe(2);
        expect(missing.stderr).toContain('No event store');
      } finally {
        rmSync(empty, { recursive: true, force: true });
      }
      expect(existsSync(output)).toBe(false);
    },
    CLI_TIMEOUT_MS,
  );
});
