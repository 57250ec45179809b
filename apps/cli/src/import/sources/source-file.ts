import { basename, extname } from 'node:path';
import { ENVELOPE_FIELD_NAMES, NATIONAL_DATA_SETS } from '@gongkai/sinks';
import { DATA_SET_IMPORTS, SUPPLEMENT_PREFIX, dataSetCodeOf } from '../national';
import type { SourceRow } from '../source-row';

/** What a reader yields: a record, or a row refused before mapping (its data set unknown, a cell too many…). */
export type ReadItem =
  { row: SourceRow } | { rejected: { file: string; row: number; dataSet: string; reason: string } };

/** Most characters of one cell: the domain's longest field (a notice's content) is 100 000. */
export const CELL_MAX_CHARS = 100_000;

/** The data set a file (CSV, a JSON array) is of, from its name: `513.csv`, `513-中标结果.csv`, `WIN_RESULT_ANNO.csv`. */
export function dataSetOfFile(path: string): string | undefined {
  return dataSetCodeOf(basename(path, extname(path)));
}

/**
 * A record from its cells, checked against its data set as the API checks an event: fields the data set does
 * not have are refused (a misspelt column would otherwise vanish), and so are cells beyond the cap.
 */
export function toItem(
  file: string,
  row: number,
  dataSet: string | undefined,
  cells: Record<string, unknown>,
  where: string,
): ReadItem {
  if (dataSet === undefined) {
    return {
      rejected: {
        file,
        row,
        dataSet: '',
        reason: `${where} does not name a data set of the national data specification (e.g. 513 or WIN_RESULT_ANNO)`,
      },
    };
  }
  if (!DATA_SET_IMPORTS.has(dataSet)) {
    return {
      rejected: {
        file,
        row,
        dataSet,
        reason: `data set ${dataSet} (${NATIONAL_DATA_SETS[dataSet]?.name ?? '?'}) is not imported: ${IMPORTED_LIST}`,
      },
    };
  }
  const known = new Set(NATIONAL_DATA_SETS[dataSet]!.fields.map((field) => field.name));
  const fields: Record<string, string> = {};
  const problems: string[] = [];
  for (const [column, value] of Object.entries(cells)) {
    if (value === undefined || value === null || value === '') continue;
    const name = column.trim();
    if (!known.has(name) && !ENVELOPE_FIELD_NAMES.has(name) && !name.startsWith(SUPPLEMENT_PREFIX)) {
      problems.push(`unknown field ${name} for data set ${dataSet}`);
      continue;
    }
    const text =
      typeof value === 'string'
        ? value
        : typeof value === 'number' || typeof value === 'boolean'
          ? String(value)
          : undefined;
    if (text === undefined) {
      problems.push(`${name}: expected text or a number`);
      continue;
    }
    if (text.length > CELL_MAX_CHARS) {
      problems.push(`${name}: ${text.length} characters; at most ${CELL_MAX_CHARS}`);
      continue;
    }
    fields[name] = text;
  }
  if (problems.length > 0) return { rejected: { file, row, dataSet, reason: problems.join('; ') } };
  return { row: { file, row, dataSet, fields } };
}

const IMPORTED_LIST = `the import reads ${[...DATA_SET_IMPORTS.keys()].join(', ')}`;
