import { EXAMPLE_PERSONS, type CatalogueDomain } from '@gongkai/domain';
import { ocdsValidator } from '../../libs/open-data/src/testing/ocds-validator';
import { ADMIN_TOKEN, startService, type RunningService } from './harness';
import { NANTONG_CENTRE, createToken, eventsPath, lifecycle, transactionIdOfExample } from './fixtures';

type Release = { ocid: string; id: string; date: string; tag: string[] } & Record<string, unknown>;
type ReleasePackage = { uri: string; extensions: string[]; releases: Release[]; links?: { next: string } };

/** `/v1/ocds/...` against a real server and SQLite file, after whole lifecycles published over HTTP. */
describe('OCDS over HTTP', () => {
  let service: RunningService;
  let minPosition = 0;
  const validator = ocdsValidator();
  const domains: CatalogueDomain[] = ['engineering', 'procurement', 'land', 'housing'];
  const eventIds = new Map<CatalogueDomain, string[]>();
  const publishedAt = new Map<string, number>();

  beforeAll(async () => {
    service = await startService({ GONGKAI_OCDS_PREFIX: 'ocds-t3st01' });
    const centre = await createToken(service, NANTONG_CENTRE);
    for (const domain of domains) {
      const events = lifecycle(domain);
      eventIds.set(
        domain,
        events.map((e) => e.id),
      );
      for (const event of events) {
        publishedAt.set(event.id, Date.parse(event.metadata.publishedAt));
        const answer = await service.call('POST', eventsPath(transactionIdOfExample(domain)), {
          token: centre,
          body: event,
        });
        expect(answer.status).toBe(201);
        minPosition = answer.body.position as number;
      }
    }
  });
  afterAll(() => service.stop());

  /** Every release of a query, following links.next; each package checked on the way. */
  async function allReleases(query: string): Promise<{ releases: Release[]; pages: number }> {
    let next: string | undefined = `${service.url}/v1/ocds/releases?minPosition=${minPosition}&${query}`;
    const releases: Release[] = [];
    let pages = 0;
    while (next) {
      const answer = await service.call('GET', next.slice(service.url.length));
      expect(answer.status).toBe(200);
      const pkg = answer.body as unknown as ReleasePackage;
      // OCDS wants at least one release per package: an empty one only when nothing (more) matches.
      if (pkg.releases.length === 0) expect(pkg.links).toBeUndefined();
      else expect(validator.releasePackageErrors(pkg)).toEqual([]);
      for (const release of pkg.releases) {
        expect(validator.codelistViolations(release)).toEqual([]);
        expect(validator.undeclaredFields(release)).toEqual([]);
      }
      expect(pkg.uri).toBe(next);
      releases.push(...pkg.releases);
      next = pkg.links?.next;
      pages++;
    }
    return { releases, pages };
  }

  it('pages through one release per disclosure of the OCDS domains, in store order, with links.next', async () => {
    const { releases, pages } = await allReleases('limit=5');
    const expected = (['engineering', 'procurement', 'land'] as const).flatMap((d) => eventIds.get(d)!);
    expect(releases.map((r) => r.id)).toEqual(expected);
    expect(pages).toBe(Math.ceil(expected.length / 5));
    expect(new Set(releases.map((r) => r.ocid))).toEqual(
      new Set(
        ['engineering', 'procurement', 'land'].map(
          (d) => `ocds-t3st01-${transactionIdOfExample(d as CatalogueDomain)}`,
        ),
      ),
    );
    const text = JSON.stringify(releases);
    for (const person of EXAMPLE_PERSONS) expect(text).not.toContain(person.idNumber);
    for (const name of ['陈建国', '刘芳', '王磊', '张敏']) expect(text).not.toContain(name);
  });

  it('filters by domain, region and release date', async () => {
    const land = await allReleases('domain=land');
    expect(land.releases.map((r) => r.id)).toEqual(eventIds.get('land'));
    expect((await allReleases('region=320600')).releases).toHaveLength(24);
    expect((await allReleases('region=110000')).releases).toEqual([]);
    const ocdsIds = (['engineering', 'procurement', 'land'] as const).flatMap((d) => eventIds.get(d)!);
    const between = (from: string, to: string) =>
      ocdsIds.filter(
        (id) => publishedAt.get(id)! >= Date.parse(from) && publishedAt.get(id)! < Date.parse(to),
      );
    const late = await allReleases('from=2026-04-01');
    expect(late.releases.map((r) => r.id)).toEqual(
      between('2026-04-01T00:00:00+08:00', '2100-01-01T00:00:00Z'),
    );
    expect(late.releases.length).toBeGreaterThan(0);
    expect(late.releases.length).toBeLessThan(ocdsIds.length);
    const april = await allReleases('from=2026-04-01&to=2026-04-30');
    expect(april.releases.map((r) => r.id)).toEqual(
      between('2026-04-01T00:00:00+08:00', '2026-05-01T00:00:00+08:00'),
    );
    expect(april.releases.map((r) => r.tag[0])).toContain('contract');
  });

  it('answers problem+json for a domain without OCDS export, a bad region and a cursor it did not issue', async () => {
    for (const query of [
      'domain=housing',
      'domain=fishing',
      'region=32',
      'cursor=nonsense',
      'limit=0',
      'colour=red',
    ]) {
      const answer = await service.call('GET', `/v1/ocds/releases?${query}`);
      expect({ query, status: answer.status }).toEqual({ query, status: 400 });
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('answers the record of a contracting process: releases, compiled and versioned, the same for every caller', async () => {
    const ocid = `ocds-t3st01-${transactionIdOfExample('engineering')}`;
    const anonymous = await service.call('GET', `/v1/ocds/records/${encodeURIComponent(ocid)}`);
    expect(anonymous.status).toBe(200);
    expect(validator.recordPackageErrors(anonymous.body)).toEqual([]);
    const [record] = anonymous.body['records'] as Array<{
      ocid: string;
      releases: Release[];
      compiledRelease: Record<string, unknown>;
      versionedRelease: Record<string, unknown>;
    }>;
    expect(record!.ocid).toBe(ocid);
    expect(record!.releases.map((r) => r.id)).toEqual(eventIds.get('engineering'));
    expect(record!.compiledRelease).toMatchObject({
      ocid,
      tag: ['compiled'],
      contracts: [expect.objectContaining({ status: 'active' })],
    });
    expect(validator.codelistViolations(record!.compiledRelease)).toEqual([]);
    const admin = await service.call('GET', `/v1/ocds/records/${encodeURIComponent(ocid)}`, {
      token: ADMIN_TOKEN,
    });
    expect(admin.body['records']).toEqual(anonymous.body['records']);
  });

  it('answers 404 problem+json for an unknown process, another prefix, and a domain without OCDS export', async () => {
    for (const ocid of [
      'ocds-t3st01-NOSUCH-0001',
      `ocds-abcdef-${transactionIdOfExample('engineering')}`,
      `ocds-t3st01-${transactionIdOfExample('housing')}`,
    ]) {
      const answer = await service.call('GET', `/v1/ocds/records/${encodeURIComponent(ocid)}`);
      expect({ ocid, status: answer.status }).toEqual({ ocid, status: 404 });
      expect(answer.headers.get('content-type')).toContain('application/problem+json');
    }
  });

  it('serves the extension the packages name', async () => {
    const pkg = (await service.call('GET', '/v1/ocds/releases?limit=1')).body as unknown as ReleasePackage;
    expect(pkg.extensions).toEqual([`${service.url}/v1/ocds/extension/extension.json`]);
    const extension = await service.call('GET', pkg.extensions[0]!.slice(service.url.length));
    expect(extension.status).toBe(200);
    expect(extension.body).toMatchObject({ compatibility: ['1.1'], schemas: ['release-schema.json'] });
    const schema = await service.call('GET', '/v1/ocds/extension/release-schema.json');
    expect(schema.body).toHaveProperty('definitions.QualificationReview');
    for (const file of extension.body['codelists'] as string[]) {
      const csv = await service.call('GET', `/v1/ocds/extension/codelists/${file}`);
      expect(csv.status).toBe(200);
      expect(csv.headers.get('content-type')).toContain('text/csv');
      expect(csv.text.startsWith('Code,Title,Description')).toBe(true);
    }
    expect((await service.call('GET', '/v1/ocds/extension/codelists/nothing.csv')).status).toBe(404);
  });
});
