import { z } from 'zod';
import { collectSchemaFields, type FieldNameOf, type ValueFormat } from './schema-fields';

const specField: FieldNameOf = (meta) => (typeof meta?.['specField'] === 'string' ? meta['specField'] : undefined);

const candidate = z.object({
  rank: z.number().int().meta({ specField: 'RANK' }),
  name: z.string().meta({ specField: 'BIDDER_NAME' }),
  phone: z.string().optional(),
});
const engineering = z.object({
  domain: z.literal('engineering'),
  project: z.object({
    code: z.string().meta({ specField: 'TENDER_PROJECT_CODE' }),
    name: z.string().meta({ specField: 'TENDER_PROJECT_NAME' }),
  }),
  candidates: z.array(candidate).meta({ specField: 'CANDIDATES' }),
  publicityStart: z.iso.datetime({ offset: true }).meta({ specField: 'PUBLICITY_START_TIME' }),
  deadline: z.iso.date().optional().meta({ specField: 'DEADLINE_DATE' }),
  objectionMethod: z.string().nullable().meta({ specField: 'OBJECTION_METHOD' }),
  internalNote: z.string(),
  channels: z.array(z.string()).meta({ specField: 'CHANNELS' }),
});
const land = z.object({
  domain: z.literal('land'),
  parcel: z.string().meta({ specField: 'LAND_PARCEL_CODE' }),
});
const schema = z.discriminatedUnion('domain', [engineering, land]);

describe('collectSchemaFields', () => {
  it('collects the fields named in schema metadata, flattening objects and converting instants', () => {
    const fields = collectSchemaFields(
      schema,
      {
        domain: 'engineering',
        project: { code: 'E3206000001000001001', name: '某路改造工程' },
        candidates: [
          { rank: 1, name: '甲建设有限公司', phone: '13800000000' },
          { rank: 2, name: '乙建设有限公司' },
        ],
        publicityStart: '2026-03-02T09:00:00+08:00',
        objectionMethod: null,
        internalNote: 'not for the platform',
        channels: ['provincial', 'portal'],
      },
      specField,
    );
    expect(fields).toEqual({
      TENDER_PROJECT_CODE: 'E3206000001000001001',
      TENDER_PROJECT_NAME: '某路改造工程',
      CANDIDATES: [
        { RANK: 1, BIDDER_NAME: '甲建设有限公司' },
        { RANK: 2, BIDDER_NAME: '乙建设有限公司' },
      ],
      PUBLICITY_START_TIME: '20260302090000',
      OBJECTION_METHOD: null,
      CHANNELS: 'provincial;portal',
    });
  });

  it('follows the variant the data belongs to', () => {
    expect(collectSchemaFields(schema, { domain: 'land', parcel: 'L-1' }, specField)).toEqual({
      LAND_PARCEL_CODE: 'L-1',
    });
    expect(collectSchemaFields(schema, { domain: 'mining' }, specField)).toEqual({});
  });

  it('converts a calendar date to yyyyMMdd', () => {
    const fields = collectSchemaFields(engineering.pick({ deadline: true }), { deadline: '2026-10-08' }, specField);
    expect(fields).toEqual({ DEADLINE_DATE: '20261008' });
  });

  it('names fields by their dotted path, array elements sharing their array\'s path', () => {
    const byPath: Record<string, string> = {
      'project.code': 'TENDER_PROJECT_CODE',
      candidates: 'CANDIDATES',
      'candidates.name': 'BIDDER_NAME',
      publicityStart: 'PUBLICITY_START_TIME',
    };
    const data = {
      domain: 'engineering',
      project: { code: 'E1', name: 'not named by path' },
      candidates: [{ rank: 1, name: '甲建设有限公司', phone: '13800000000' }],
      publicityStart: '2026-03-02T01:00:00Z',
      internalNote: 'x',
      notInTheSchema: 'never collected',
    };
    expect(collectSchemaFields(schema, data, (_meta, path) => byPath[path])).toEqual({
      TENDER_PROJECT_CODE: 'E1',
      CANDIDATES: [{ BIDDER_NAME: '甲建设有限公司' }],
      PUBLICITY_START_TIME: '20260302090000',
    });
  });

  it('writes dates and instants in the format it is given', () => {
    const slashes: ValueFormat = { date: (value) => value.replace(/-/g, '/'), instant: () => 'INSTANT' };
    const fields = collectSchemaFields(
      engineering.pick({ deadline: true, publicityStart: true }),
      { deadline: '2026-10-08', publicityStart: '2026-03-02T09:00:00+08:00' },
      specField,
      slashes,
    );
    expect(fields).toEqual({ DEADLINE_DATE: '2026/10/08', PUBLICITY_START_TIME: 'INSTANT' });
  });
});
