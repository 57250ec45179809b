import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import {
  example,
  findingsAfter,
  lifecycle,
  project,
  recorded,
  temporaryReadModels,
} from '../read-models/testing/read-model-fixtures';
import { disclosureReportsProjection } from '../read-models/disclosure-reports';
import { publicDisclosureProjection } from '../read-models/public-disclosure';
import { redFlagsProjection } from '../read-models/red-flags';
import { supervisionFindingsProjection } from '../read-models/supervision-findings';
import { InvalidCursor } from '../read-models/shared/keyset';
import { tablesFor } from '../runner/projection';
import { QueryPool } from './query-pool';
import { READ_QUERIES, runReadQuery, type ReadQueryName } from './read-queries';

/**
 * The heavy reads run on worker threads with read-only connections of their own (a completeness report took
 * 80 ms of the event loop at 100,000 events, and /health waited behind it): the answers must be the ones the
 * query functions give on the main thread, errors included.
 */
describe('QueryPool', () => {
  let temp: ReturnType<typeof temporaryReadModels>;
  let pool: QueryPool;

  beforeAll(() => {
    temp = temporaryReadModels();
    const history = lifecycle('engineering');
    const late = example('CandidatesPublicized', 'engineering', {
      metadata: { publishedAt: '2026-06-30T10:00:00+08:00' },
    });
    const events = recorded([
      ...history.slice(0, 2),
      { event: late, findings: findingsAfter(history.slice(0, 2), late) },
      ...lifecycle('procurement'),
    ]);
    for (const projection of [
      publicDisclosureProjection,
      supervisionFindingsProjection,
      disclosureReportsProjection,
      redFlagsProjection,
    ]) {
      project(temp.readModels, projection, events);
    }
    pool = QueryPool.open(join(temp.dir, 'read-models.sqlite'), 2);
  });

  afterAll(async () => {
    await pool.close();
    temp.dispose();
  });

  const asOf = '2026-12-31T00:00:00.000Z';
  const cases: Array<[ReadQueryName, unknown]> = [
    ['searchDisclosures', { region: '320600' }],
    ['findings', {}],
    ['openItemsPastDue', { asOf }],
    ['timeliness', { groupBy: 'region', asOf }],
    ['completeness', { asOf }],
    ['annual', { year: 2026, now: asOf }],
    ['redFlags', {}],
    ['redFlagsByCode', {}],
  ];

  it.each(cases)('%s answers on a worker what it answers here', async (name, params) => {
    const handle = { db: temp.readModels.db, tables: tablesFor(READ_QUERIES[name].projection, 1) };
    const here = runReadQuery(name, handle, params as never);
    expect(await pool.run(name, 1, params as never)).toEqual(JSON.parse(JSON.stringify(here)));
  });

  it('runs them off this thread', async () => {
    const pools = await Promise.all(Array.from({ length: 4 }, () => pool.run('findings', 1, {})));
    expect(pools).toHaveLength(4);
    expect(pool.servedBy().every((id) => id !== threadId)).toBe(true);
    expect(pool.servedBy().length).toBeGreaterThan(0);
  });

  it('keeps InvalidCursor (a 400) and reports other errors with their message', async () => {
    await expect(pool.run('findings', 1, { cursor: 'not-a-cursor' })).rejects.toBeInstanceOf(InvalidCursor);
    await expect(pool.run('findings', 99, {})).rejects.toThrow(/no such table/);
  });
});
