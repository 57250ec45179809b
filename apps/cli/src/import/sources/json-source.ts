import { readFile } from 'node:fs/promises';
import { dataSetCodeOf } from '../national';
import { dataSetOfFile, toItem, type ReadItem } from './source-file';

/**
 * A JSON file: an object whose keys name data sets (`"513"` or `"WIN_RESULT_ANNO"`) and whose values are
 * arrays of records, or an array of records of the one data set the file name names.
 */
export async function* readJson(path: string): AsyncGenerator<ReadItem> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    yield { rejected: { file: path, row: 0, dataSet: '', reason: `not JSON: ${(error as Error).message}` } };
    return;
  }
  const groups: [string, string | undefined, unknown][] = Array.isArray(parsed)
    ? [['', dataSetOfFile(path), parsed]]
    : isObject(parsed)
      ? Object.entries(parsed).map(([key, value]) => [key, dataSetCodeOf(key), value])
      : [];
  if (groups.length === 0) {
    yield {
      rejected: {
        file: path,
        row: 0,
        dataSet: '',
        reason: 'expected an object of data sets or an array of records',
      },
    };
  }
  for (const [key, dataSet, records] of groups) {
    if (!Array.isArray(records)) {
      yield {
        rejected: {
          file: path,
          row: 0,
          dataSet: dataSet ?? '',
          reason: `${key}: expected an array of records`,
        },
      };
      continue;
    }
    for (const [index, record] of records.entries()) {
      if (!isObject(record)) {
        yield {
          rejected: {
            file: path,
            row: index + 1,
            dataSet: dataSet ?? '',
            reason: 'expected an object of fields',
          },
        };
        continue;
      }
      yield toItem(
        path,
        index + 1,
        dataSet,
        record,
        key === '' ? 'the file name' : `key ${JSON.stringify(key)}`,
      );
    }
  }
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);
