import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadConfig, openEventStore } from '@gongkai/runtime';
import { runCli } from './run-cli';

const ARRANGEMENT_2027 = {
  source: '国办发明电〔2026〕99号（测试用，虚构）',
  holidays: [
    '2027-01-01',
    '2027-02-05',
    '2027-02-08',
    '2027-04-05',
    '2027-06-09',
    '2027-09-15',
    '2027-10-01',
  ],
  workdays: ['2027-01-02'],
};

function years0(dataDir: string): Array<{ year: number; provisional: boolean }> {
  return (
    JSON.parse(runCli(['--data-dir', dataDir, 'calendar', 'years']).stdout) as {
      items: Array<{ year: number; provisional: boolean }>;
    }
  ).items;
}

describe('gongkai calendar load', () => {
  let dataDir: string;
  beforeEach(async () => {
    dataDir = mkdtempSync(path.join(os.tmpdir(), 'gongkai-cli-calendar-'));
    // An empty store, as a freshly started service leaves it.
    const store = await openEventStore(loadConfig({ GONGKAI_DATA_DIR: dataDir }));
    await store.close();
  });
  afterEach(() => rmSync(dataDir, { recursive: true, force: true }));

  it('loads a year from a file; deadline and calendar years then answer from it', () => {
    const file = path.join(dataDir, '2027.json');
    writeFileSync(file, JSON.stringify(ARRANGEMENT_2027));
    const before = runCli(['--data-dir', dataDir, 'deadline', '--from', '2026-12-29', '--days', '3']);
    expect(before.stdout).toMatch(/^Due: 2027-01-04$/m);
    expect(before.stdout).toContain('PROVISIONAL');

    expect(years0(dataDir).at(-1)).toMatchObject({ year: 2027, provisional: true });
    const loaded = runCli(['--data-dir', dataDir, 'calendar', 'load', '2027', file]);
    expect(loaded.stderr).toBe('');
    expect(loaded.status).toBe(0);
    expect(loaded.stdout).toContain(
      'Loaded 2027 from 国办发明电〔2026〕99号（测试用，虚构） (replaces the provisional year)',
    );
    expect(loaded.stdout).toContain('Re-evaluated 0 disclosure(s)');

    const after = runCli(['--data-dir', dataDir, 'deadline', '--from', '2026-12-29', '--days', '3']);
    expect(after.stdout).toMatch(/^Due: 2027-01-02$/m);
    expect(after.stdout).not.toContain('PROVISIONAL');
    const years = JSON.parse(runCli(['--data-dir', dataDir, 'calendar', 'years']).stdout) as {
      items: Array<{ year: number; provisional: boolean; origin: string; loadedBy?: { via: string } }>;
    };
    expect(years.items.find((y) => y.year === 2027)).toMatchObject({
      provisional: false,
      origin: 'loaded',
      loadedBy: { via: 'cli' },
    });
  });

  it.each([
    [{ ...ARRANGEMENT_2027, workdays: ['2027-01-04'] }, 'workdays/0: 2027-01-04 is a weekday'],
    [{ ...ARRANGEMENT_2027, holidays: ['2027-01-01'] }, '2027-02-05 (春节) is a statutory holiday'],
    [{ ...ARRANGEMENT_2027, extra: 1 }, 'is not an arrangement'],
    ['not json', 'is not JSON'],
  ])('refuses %j with a message and a non-zero exit, loading nothing', (content, message) => {
    const file = path.join(dataDir, 'bad.json');
    writeFileSync(file, typeof content === 'string' ? content : JSON.stringify(content));
    const run = runCli(['--data-dir', dataDir, 'calendar', 'load', '2027', file]);
    expect(run.status).not.toBe(0);
    expect(run.stderr).toContain(message);
    const years = JSON.parse(runCli(['--data-dir', dataDir, 'calendar', 'years']).stdout) as {
      items: Array<{ year: number; provisional: boolean }>;
    };
    expect(years.items.find((y) => y.year === 2027)).toMatchObject({ provisional: true });
  });
});
