/**
 * One record of a source file, as read: where it is (for the rejection report), which data set of the national
 * data specification it belongs to, and its cells by column name (empty cells left out).
 */
export interface SourceRow {
  file: string;
  /** CSV: the line the record ends on; XLSX: the sheet's row number; JSON: the record's 1-based index. */
  row: number;
  /** Sheet of an XLSX workbook, or the JSON key the record was under. */
  sheet?: string;
  dataSet: string;
  fields: Readonly<Record<string, string>>;
}

/** A row the import did not take, with why. */
export interface RejectedRow {
  file: string;
  row: number;
  dataSet: string;
  reason: string;
}

export const rejectedRow = (
  source: Pick<SourceRow, 'file' | 'row' | 'dataSet'>,
  reason: string,
): RejectedRow => ({
  file: source.file,
  row: source.row,
  dataSet: source.dataSet,
  reason,
});
