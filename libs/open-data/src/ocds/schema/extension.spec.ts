import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SHARED_OCDS_DIR } from '../../testing/ocds-validator';
import { EXTENSION_CODELISTS, EXTENSION_METADATA, EXTENSION_RELEASE_SCHEMA } from './release-schema';

const EXTENSION_DIR = resolve(__dirname, '../../../extension');

/** Every `codelist` the patch names, with the `enum` beside it. */
function codelistFields(
  node: unknown,
  out: Array<{ codelist: string; enum?: unknown[]; open?: boolean }> = [],
) {
  if (Array.isArray(node)) for (const item of node) codelistFields(item, out);
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (typeof record['codelist'] === 'string')
      out.push({
        codelist: record['codelist'],
        enum: record['enum'] as unknown[],
        open: record['openCodelist'] as boolean,
      });
    for (const value of Object.values(record)) codelistFields(value, out);
  }
  return out;
}

const codes = (file: string) =>
  readFileSync(join(EXTENSION_DIR, 'codelists', file), 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => line.split(',')[0]);

describe('the OCDS extension', () => {
  it('lists exactly its codelist files, and every codelist field is closed with an enum of its codes', () => {
    const files = readdirSync(join(EXTENSION_DIR, 'codelists')).sort();
    expect([...EXTENSION_METADATA.codelists].sort()).toEqual(files);
    const fields = codelistFields(EXTENSION_RELEASE_SCHEMA);
    expect(new Set(fields.map((f) => f.codelist))).toEqual(new Set(files));
    for (const field of fields) {
      expect(field.open).toBe(false);
      expect(field.enum!.filter((code) => code !== null)).toEqual(codes(field.codelist));
    }
    expect(EXTENSION_METADATA).toMatchObject({ compatibility: ['1.1'], schemas: ['release-schema.json'] });
  });

  it('bundles the codelist files the service serves (run scripts/ocds/bundle-codelists.ts after editing one)', () => {
    const files = readdirSync(join(EXTENSION_DIR, 'codelists')).sort();
    expect(Object.keys(EXTENSION_CODELISTS).sort()).toEqual(files);
    for (const file of files)
      expect(EXTENSION_CODELISTS[file]).toBe(readFileSync(join(EXTENSION_DIR, 'codelists', file), 'utf8'));
  });

  it('is applied to OCDS 1.1.5 release schema kept unchanged beside it', () => {
    const vendored = readFileSync(resolve(__dirname, '../../../schema/1.1.5/release-schema.json'), 'utf8');
    expect(JSON.parse(vendored)).toEqual(
      JSON.parse(readFileSync(join(SHARED_OCDS_DIR, 'release-schema.json'), 'utf8')),
    );
  });
});
