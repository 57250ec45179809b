import { createWriteStream, type WriteStream } from 'node:fs';
import type { RejectedRow } from './source-row';

const csvCell = (value: string | number) => {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * Every rejected row, written as it is found to a CSV file (file, row, dataSet, reason) that a centre opens in
 * the spreadsheet it exported from; the first few are kept for the summary.
 */
export class RejectionReport {
  private readonly out: WriteStream;
  private count = 0;
  readonly sample: RejectedRow[] = [];

  constructor(readonly path: string) {
    this.out = createWriteStream(path, { encoding: 'utf8' });
    // A BOM, so spreadsheet programs read the Chinese reasons as UTF-8.
    this.out.write('\uFEFFfile,row,dataSet,reason\n');
  }

  add(rejected: RejectedRow): void {
    this.count++;
    if (this.sample.length < 10) this.sample.push(rejected);
    this.out.write(
      `${[rejected.file, rejected.row, rejected.dataSet, rejected.reason].map(csvCell).join(',')}\n`,
    );
  }

  get size(): number {
    return this.count;
  }

  close(): Promise<void> {
    return new Promise((resolve, reject) =>
      this.out.end((error?: Error | null) => (error ? reject(error) : resolve())),
    );
  }
}
