import ExcelJS from 'exceljs';
import { dataSetCodeOf } from '../national';
import { toItem, type ReadItem } from './source-file';

/**
 * An XLSX workbook: each worksheet one data set, named by its sheet name (`513`, `WIN_RESULT_ANNO`), its first
 * row the national field names. Read as a stream, so a large workbook is never held whole. Dates typed as dates
 * are read as the wall-clock time they show (Beijing time); long codes must be stored as text.
 */
export async function* readXlsx(path: string): AsyncGenerator<ReadItem> {
  const workbook = new ExcelJS.stream.xlsx.WorkbookReader(path, {
    sharedStrings: 'cache',
    hyperlinks: 'ignore',
    styles: 'cache',
    worksheets: 'emit',
  });
  for await (const worksheet of workbook) {
    const sheet = worksheet as unknown as AsyncIterable<ExcelJS.Row> & { name: string };
    const dataSet = dataSetCodeOf(sheet.name);
    let header: string[] | undefined;
    for await (const row of sheet) {
      const values = (row.values as unknown[]).slice(1).map(cellText);
      if (!header) {
        header = values.map((value) => value.trim());
        continue;
      }
      if (values.every((value) => value === '')) continue;
      if (values.length > header.length && values.slice(header.length).some((value) => value !== '')) {
        yield {
          rejected: {
            file: path,
            row: row.number,
            dataSet: dataSet ?? '',
            reason: `cells beyond the header's ${header.length} columns`,
          },
        };
        continue;
      }
      const cells: Record<string, string> = {};
      header.forEach((name, i) => (cells[name] = values[i] ?? ''));
      yield toItem(path, row.number, dataSet, cells, `sheet ${JSON.stringify(sheet.name)}`);
    }
  }
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (value instanceof Date) return value.toISOString().slice(0, 19).replace(/[-T:]/g, '');
  if (typeof value === 'object') {
    const cell = value as { richText?: { text: string }[]; text?: string; result?: unknown };
    if (cell.richText) return cell.richText.map((part) => part.text).join('');
    if (cell.text !== undefined) return String(cell.text);
    if (cell.result !== undefined) return cellText(cell.result);
  }
  return String(value);
}
