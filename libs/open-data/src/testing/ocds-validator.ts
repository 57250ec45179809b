import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import Ajv from 'ajv-draft-04';
import addFormats from 'ajv-formats';
import { EXTENDED_RELEASE_SCHEMA, type JsonSchema } from '../ocds/schema/release-schema';

/**
 * Test support: validates gongkai's OCDS output against the OCDS 1.1.5 schemas kept beside the repository
 * (`../shared/ocds/1.1.5`, JSON Schema draft 4) with gongkai's extension applied, and checks every value of a
 * codelist field against the codelist (OCDS's own CSVs, or the extension's).
 */
export const SHARED_OCDS_DIR = resolve(__dirname, '../../../../../shared/ocds/1.1.5');
const EXTENSION_CODELISTS = resolve(__dirname, '../../extension/codelists');

const RELEASE_SCHEMA_ID = 'https://standard.open-contracting.org/schema/1__1__5/release-schema.json';

function readJson(file: string): JsonSchema {
  if (!existsSync(file))
    throw new Error(`OCDS schema not found: ${file} (../shared/ocds/1.1.5 beside the repository)`);
  return JSON.parse(readFileSync(file, 'utf8')) as JsonSchema;
}

export interface OcdsValidator {
  /** Schema errors of a release package (empty when valid). */
  releasePackageErrors(data: unknown): string[];
  /** Schema errors of a record package (empty when valid). */
  recordPackageErrors(data: unknown): string[];
  /** Values of codelist fields that are not codes of their codelist, as `path: value (codelist)`. */
  codelistViolations(release: unknown): string[];
  /** Paths of fields the extended release schema does not declare (OCDS allows them; gongkai sends none). */
  undeclaredFields(release: unknown): string[];
}

export function ocdsValidator(): OcdsValidator {
  const ajv = new Ajv({ strict: false, allErrors: true });
  addFormats(ajv);
  const core = readJson(join(SHARED_OCDS_DIR, 'release-schema.json'));
  if (core.id !== RELEASE_SCHEMA_ID) throw new Error(`unexpected release schema id ${String(core.id)}`);
  // The extended schema under the core schema's id, so the package schemas' references reach it.
  ajv.addSchema({ ...EXTENDED_RELEASE_SCHEMA, id: RELEASE_SCHEMA_ID });
  ajv.addSchema(readJson(join(SHARED_OCDS_DIR, 'versioned-release-validation-schema.json')));
  const releasePackage = ajv.compile(readJson(join(SHARED_OCDS_DIR, 'release-package-schema.json')));
  const recordPackage = ajv.compile(readJson(join(SHARED_OCDS_DIR, 'record-package-schema.json')));
  const errors = (validate: typeof releasePackage, data: unknown): string[] =>
    validate(data) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message ?? ''}`.trim());

  const codelists = new Map<string, Set<string>>();
  const codesOf = (name: string): Set<string> => {
    let codes = codelists.get(name);
    if (!codes) {
      const inCore = join(SHARED_OCDS_DIR, 'codelists', name);
      const file = existsSync(inCore) ? inCore : join(EXTENSION_CODELISTS, name);
      const [header, ...rows] = parseCsv(readFileSync(file, 'utf8'));
      const column = header!.indexOf('Code');
      codes = new Set(rows.map((row) => row[column] ?? '').filter(Boolean));
      codelists.set(name, codes);
    }
    return codes;
  };
  const resolveRef = (node: JsonSchema): JsonSchema =>
    node.$ref
      ? resolveRef(EXTENDED_RELEASE_SCHEMA.definitions![node.$ref.replace('#/definitions/', '')]!)
      : node;

  function walk(
    data: unknown,
    schemaNode: JsonSchema,
    path: string,
    out: string[],
    undeclared: string[],
  ): void {
    const node = resolveRef(schemaNode);
    if (node.codelist) {
      const codes = codesOf(node.codelist);
      for (const value of Array.isArray(data) ? data : [data])
        if (typeof value === 'string' && !codes.has(value)) out.push(`${path}: ${value} (${node.codelist})`);
      return;
    }
    if (Array.isArray(data) && node.items)
      data.forEach((item, i) => walk(item, node.items!, `${path}/${i}`, out, undeclared));
    else if (data && typeof data === 'object' && node.properties)
      for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
        const child = node.properties[key];
        if (child) walk(value, child, `${path}/${key}`, out, undeclared);
        else undeclared.push(`${path}/${key}`);
      }
  }

  return {
    releasePackageErrors: (data) => errors(releasePackage, data),
    recordPackageErrors: (data) => errors(recordPackage, data),
    codelistViolations: (release) => {
      const out: string[] = [];
      walk(release, EXTENDED_RELEASE_SCHEMA, '', out, []);
      return out;
    },
    undeclaredFields: (release) => {
      const undeclared: string[] = [];
      walk(release, EXTENDED_RELEASE_SCHEMA, '', [], undeclared);
      return undeclared;
    },
  };
}

/** RFC 4180 rows (quoted fields may hold commas, quotes and newlines). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const char = text[i]!;
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      if (row.some((cell) => cell !== '')) rows.push(row);
      row = [];
      field = '';
    } else field += char;
  }
  row.push(field);
  if (row.some((cell) => cell !== '')) rows.push(row);
  return rows;
}
