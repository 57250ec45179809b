import { extname } from 'node:path';
import { readCsv } from './csv-source';
import { readJson } from './json-source';
import { readXlsx } from './xlsx-source';
import type { ReadItem } from './source-file';

/** The records of a source file, by its extension (.json, .csv, .xlsx). */
export function readSource(path: string): AsyncGenerator<ReadItem> | undefined {
  switch (extname(path).toLowerCase()) {
    case '.json':
      return readJson(path);
    case '.csv':
      return readCsv(path);
    case '.xlsx':
      return readXlsx(path);
    default:
      return undefined;
  }
}

export type { ReadItem } from './source-file';
