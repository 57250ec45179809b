import reference from './fixtures/reference-merge.json';
import coreSchema from '../../../schema/1.1.5/release-schema.json';
import { EXTENDED_RELEASE_SCHEMA, type JsonSchema } from '../schema/release-schema';
import { compileRelease, versionRelease, type OcdsRelease } from './merge';
import { mergeRulesOf } from './merge-rules';

const rules = mergeRulesOf(EXTENDED_RELEASE_SCHEMA);

describe('merge rules read from the release schema', () => {
  it('omits id, date and tag; merges lists of strings and id-less objects whole, the others by id', () => {
    for (const path of ['id', 'date', 'tag']) expect(rules.get(path)).toBe('omit');
    for (const path of ['parties.roles', 'tender.submissionMethod', 'tender.amendments.changes'])
      expect(rules.get(path)).toBe('whole');
    for (const path of ['awards', 'tender.items', 'parties', 'contracts.implementation.milestones'])
      expect(rules.has(path)).toBe(false);
  });

  it('reads the extension too', () => {
    expect(rules.get('reviewDecisions.orders')).toBe('whole');
    expect(rules.get('tender.candidatesPublicity.candidates.declaredQualifications')).toBe('whole');
    expect(rules.has('tender.qualificationReview.rejected')).toBe(false);
    // The core schema alone knows nothing of them.
    expect(mergeRulesOf(coreSchema as JsonSchema).has('reviewDecisions.orders')).toBe(false);
  });

  it('follows a wholeListMerge flag an extension sets', () => {
    const schema: JsonSchema = {
      properties: { things: { type: 'array', wholeListMerge: true, items: { $ref: '#/definitions/Thing' } } },
      definitions: { Thing: { type: 'object', properties: { id: { type: 'string' } } } },
    };
    expect(mergeRulesOf(schema).get('things')).toBe('whole');
  });
});

/** The "updates" example of the OCDS merging documentation (docs/examples/merging/updates, tender1..3). */
const buyer = { id: 'GB-COH-09506232', name: 'Open Data Services' };
const party = {
  name: 'Open Data Services',
  identifier: { scheme: 'GB-COH', id: '09506232', legalName: 'Open Data Services Co-operative' },
  roles: ['buyer'],
  id: 'GB-COH-09506232',
};
const tender = {
  id: 'ocds-213czf-000-00002-01-tender',
  title: 'Data merging tool',
  value: { amount: 1000, currency: 'USD' },
  procurementMethod: 'open',
  tenderPeriod: { startDate: '2016-01-31T09:00:00Z', endDate: '2016-02-15T18:00:00Z' },
};
const release = (id: string, date: string, tag: string, changes: Record<string, unknown>): OcdsRelease => ({
  ocid: 'ocds-213czf-000-00002',
  id,
  date,
  tag: [tag],
  parties: [party],
  buyer,
  tender: { ...tender, ...changes },
});
const amendment = {
  id: 'amendment-1',
  date: '2016-02-04T09:30:00Z',
  rationale:
    'Based on feedback from potential bidders, the total budget was increased by $1000, and the deadline extended',
  amendsReleaseID: 'ocds-213czf-000-00002-01-tender',
  releaseID: 'ocds-213czf-000-00002-01-tender-amendment',
};
const SPEC_EXAMPLE = [
  // Given out of order: merging sorts by date.
  release('ocds-213czf-000-00002-01-tender-amendment', '2016-02-05T10:30:00Z', 'tenderAmendment', {
    description: 'Creation of a data merging tool.',
    value: { amount: 2000, currency: 'USD' },
    tenderPeriod: { startDate: '2016-01-31T09:00:00Z', endDate: '2016-02-20T18:00:00Z' },
    amendments: [amendment],
  }),
  release('ocds-213czf-000-00002-01-tender', '2016-01-01T09:30:00Z', 'tender', {
    description: 'Data merge tool.',
  }),
  release('ocds-213czf-000-00002-01-tender-update', '2016-01-31T09:30:00Z', 'tenderUpdate', {
    description: 'Creation of a data merging tool.',
    status: 'active',
  }),
];

describe('compiled release', () => {
  it('holds the latest value of every field, named after the ocid and the latest date (spec example)', () => {
    const compiled = compileRelease(SPEC_EXAMPLE, rules);
    expect(compiled).toEqual({
      tag: ['compiled'],
      id: 'ocds-213czf-000-00002-2016-02-05T10:30:00Z',
      date: '2016-02-05T10:30:00Z',
      ocid: 'ocds-213czf-000-00002',
      parties: [party],
      buyer,
      tender: {
        ...tender,
        description: 'Creation of a data merging tool.',
        status: 'active',
        value: { amount: 2000, currency: 'USD' },
        tenderPeriod: { startDate: '2016-01-31T09:00:00Z', endDate: '2016-02-20T18:00:00Z' },
        amendments: [amendment],
      },
    });
  });

  it('merges arrays of objects by id, replaces lists of strings whole, and removes a field set to null', () => {
    const base = { ocid: 'o', tag: ['award'] };
    const compiled = compileRelease(
      [
        {
          ...base,
          id: '1',
          date: '2020-01-01T00:00:00Z',
          awards: [{ id: 'a', title: 'A', status: 'pending' }],
        },
        {
          ...base,
          id: '2',
          date: '2020-01-02T00:00:00Z',
          awards: [
            { id: 'b', title: 'B' },
            { id: 'a', status: 'active' },
          ],
          parties: [{ id: 'p', roles: ['tenderer', 'supplier'] }],
        },
        {
          ...base,
          id: '3',
          date: '2020-01-03T00:00:00Z',
          awards: [{ id: 'a', title: null }],
          parties: [{ id: 'p', roles: ['supplier'] }],
        },
      ],
      rules,
    );
    expect(compiled['awards']).toEqual([
      { id: 'a', status: 'active' },
      { id: 'b', title: 'B' },
    ]);
    expect(compiled['parties']).toEqual([{ id: 'p', roles: ['supplier'] }]);
  });
});

describe('versioned release', () => {
  it('keeps each value with the release that set it, adding an entry only on a change (spec example)', () => {
    const versioned = versionRelease(SPEC_EXAMPLE, rules) as {
      ocid: string;
      tender: Record<string, unknown>;
      parties: Array<Record<string, unknown>>;
    };
    expect(versioned.ocid).toBe('ocds-213czf-000-00002');
    expect(versioned).not.toHaveProperty('id');
    expect(versioned).not.toHaveProperty('date');
    expect(versioned).not.toHaveProperty('tag');
    const amount = (versioned.tender['value'] as { amount: unknown[] }).amount;
    expect(amount).toEqual([
      {
        releaseID: 'ocds-213czf-000-00002-01-tender',
        releaseDate: '2016-01-01T09:30:00Z',
        releaseTag: ['tender'],
        value: 1000,
      },
      {
        releaseID: 'ocds-213czf-000-00002-01-tender-amendment',
        releaseDate: '2016-02-05T10:30:00Z',
        releaseTag: ['tenderAmendment'],
        value: 2000,
      },
    ]);
    expect((versioned.tender['description'] as unknown[]).length).toBe(2);
    expect(versioned.tender['status']).toEqual([
      expect.objectContaining({ releaseID: 'ocds-213czf-000-00002-01-tender-update', value: 'active' }),
    ]);
    // Ids of objects in arrays are not versioned; a list of strings is one versioned value.
    expect(versioned.parties[0]!['id']).toBe('GB-COH-09506232');
    expect(versioned.parties[0]!['roles']).toEqual([expect.objectContaining({ value: ['buyer'] })]);
    const amendments = versioned.tender['amendments'] as Array<Record<string, unknown>>;
    expect(amendments[0]!['id']).toBe('amendment-1');
  });
});

describe('agreement with the reference implementation (ocdsmerge)', () => {
  it.each(Object.keys(reference.cases))('%s: same compiled and versioned release', (name) => {
    const { releases, compiledRelease, versionedRelease } = (
      reference.cases as Record<
        string,
        { releases: OcdsRelease[]; compiledRelease: unknown; versionedRelease: unknown }
      >
    )[name]!;
    expect(compileRelease(releases, rules)).toEqual(compiledRelease);
    expect(versionRelease(releases, rules)).toEqual(versionedRelease);
  });
});
