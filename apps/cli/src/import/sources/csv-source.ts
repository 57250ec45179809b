import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import { dataSetOfFile, toItem, type ReadItem } from './source-file';

/**
 * A CSV file of one data set (named by the file), its first line the national field names. UTF-8, with or
 * without a BOM (spreadsheet programs write one). A record with more or fewer cells than the header is refused.
 */
export async function* readCsv(path: string): AsyncGenerator<ReadItem> {
  const dataSet = dataSetOfFile(path);
  const parser = createReadStream(path).pipe(
    parse({
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      info: true,
      max_record_size: 4_000_000,
    }),
  );
  let header: string[] | undefined;
  for await (const { record, info } of parser as AsyncIterable<{
    record: string[];
    info: { lines: number };
  }>) {
    if (!header) {
      header = record.map((name) => name.trim());
      continue;
    }
    if (record.length !== header.length) {
      yield {
        rejected: {
          file: path,
          row: info.lines,
          dataSet: dataSet ?? '',
          reason: `${record.length} cells; the header has ${header.length}`,
        },
      };
      continue;
    }
    const cells: Record<string, string> = {};
    header.forEach((name, i) => (cells[name] = record[i]!));
    yield toItem(path, info.lines, dataSet, cells, 'the file name');
  }
}
