import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { EXAMPLE_PARTIES } from '@gongkai/domain';

/** Records by data set code, as a centre's export holds them (national field names, text values). */
export type NationalRecords = Record<string, Record<string, string>[]>;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

/**
 * `transactions` government procurements of a centre as national records: per procurement a 550 project,
 * 551 announcement, 553 award and 554 contract (4 rows, 3 events). Dates in 2025, one procurement a day apart.
 */
export function procurementRecords(
  transactions: number,
  { prefix = 'NTCG2025', offset = 0 } = {},
): NationalRecords {
  const records: NationalRecords = { '550': [], '551': [], '553': [], '554': [] };
  const day = (base: string, i: number) => {
    const date = new Date(Date.parse(`${base}T00:00:00Z`) + (i % 200) * 86_400_000);
    return `${date.getUTCFullYear()}${pad(date.getUTCMonth() + 1, 2)}${pad(date.getUTCDate(), 2)}`;
  };
  for (let i = offset; i < offset + transactions; i++) {
    const code = `${prefix}-${pad(i, 7)}`;
    const name = `南通市第${i + 1}批教学设备采购`;
    const keys = { PURCHASE_PROJECT_CODE: code, PURCHASE_PROJECT_NAME: name, PURCHASE_SECTION_CODE: code };
    records['550']!.push({
      ...keys,
      RELATE_CODE: '0',
      TENDER_PROJECT_TYPE: 'D01',
      PURCHASER_NAME: EXAMPLE_PARTIES.tenderer.name,
      PURCHASER_CODE: EXAMPLE_PARTIES.tenderer.creditCode,
      PURCHASER_ROLE: '01',
      PRICE_FORM_CODE: '1',
      PROGRAM_BUDGET: `${1_000_000 + i}.00`,
      BUDGET_CURRENCY: 'CNY',
      UNIT_BUDGET: '0',
      PURCHASER_MODE: '1',
      PURCHASER_CONTENT: '教学设备一批',
      PURCHASER_ORGANIZE_FORM: '2',
      PURCHASER_AGENCY_NAME: EXAMPLE_PARTIES.agency.name,
      PURCHASER_AGENCY_CODE: EXAMPLE_PARTIES.agency.creditCode,
      PURCHASER_AGENCY_ROLE: '02',
      PURCHASE_SECTION_NAME: name,
      REGION_CODE: '320602',
      TRA_PLACE_CODE: '320602',
      CREATE_TIME: `${day('2025-01-02', i)}090000`,
    });
    records['551']!.push({
      ...keys,
      BULLETIN_BID_NUM: '1',
      BULLETIN_TITLE: `${name}公开招标公告`,
      BULLETIN_CONTENT: '详见采购文件。',
      BULLETIN_START_TIME: `${day('2025-01-03', i)}090000`,
      BULLETIN_MEDIA: '中国政府采购网',
      URL: `https://ggzy.nantong.gov.cn/cg/${code}.html`,
      BID_CLOSING_TIME: `${day('2025-01-28', i)}093000`,
    });
    records['553']!.push({
      ...keys,
      REGION_CODE: '320602',
      TRA_PLACE_CODE: '320602',
      PURCHASER_AGENCY_NAME: EXAMPLE_PARTIES.agency.name,
      PURCHASER_AGENCY_CODE: EXAMPLE_PARTIES.agency.creditCode,
      WIN_BID_BULLETIN_TITLE: `${name}中标结果公告`,
      WIN_BID_BULLETIN_CONTENT: '中标供应商及金额如下。',
      WIN_BID_BULLETIN_START_TIME: `${day('2025-01-30', i)}100000`,
      URL: `https://ggzy.nantong.gov.cn/cg/${code}-result.html`,
      WINNINGBIDDER_NAME: EXAMPLE_PARTIES.winner.name,
      WINNINGBIDDER_TYPE: '2',
      WINNINGBIDDER_CODE: EXAMPLE_PARTIES.winner.creditCode,
      PRICE_FORM_CODE: '1',
      WIN_BID_PRICE: `${980_000 + i}.50`,
      CURRENCY_CODE: 'CNY',
      PRICE_UNIT: '0',
      CREATOR: '王主任',
    });
    records['554']!.push({
      ...keys,
      CONTRACT_NAME: `${name}采购合同`,
      PURCHASER_NAME: EXAMPLE_PARTIES.tenderer.name,
      PURCHASER_CODE: EXAMPLE_PARTIES.tenderer.creditCode,
      LEGAL_ROLE: '01',
      SUPPLIER_NAME: EXAMPLE_PARTIES.winner.name,
      SUPPLIER_CODE: EXAMPLE_PARTIES.winner.creditCode,
      PRICE_FORM_CODE: '1',
      CONTRACT_AMOUNT: `${980_000 + i}.50`,
      CURRENCY_CODE: 'CNY',
      PRICE_UNIT: '0',
      SIGNING_TIME: `${day('2025-02-10', i)}100000`,
    });
  }
  return records;
}

const csvCell = (value: string) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);

/** One CSV per data set (`550.csv`...) in `dir`; the paths written. */
export function writeCsvFiles(dir: string, records: NationalRecords): string[] {
  return Object.entries(records).map(([code, rows]) => {
    const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
    const lines = [
      columns.join(','),
      ...rows.map((row) => columns.map((c) => csvCell(row[c] ?? '')).join(',')),
    ];
    const path = join(dir, `${code}.csv`);
    writeFileSync(path, `\uFEFF${lines.join('\r\n')}\r\n`, 'utf8');
    return path;
  });
}

/** One JSON file holding every data set under its code. */
export function writeJsonFile(path: string, records: NationalRecords): string {
  writeFileSync(path, JSON.stringify(records), 'utf8');
  return path;
}

/** One workbook, a worksheet per data set named by its code, every cell stored as text. */
export async function writeXlsxFile(path: string, records: NationalRecords): Promise<string> {
  const workbook = new ExcelJS.Workbook();
  for (const [code, rows] of Object.entries(records)) {
    const sheet = workbook.addWorksheet(code);
    const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
    sheet.addRow(columns);
    for (const row of rows) sheet.addRow(columns.map((c) => row[c] ?? ''));
  }
  await workbook.xlsx.writeFile(path);
  return path;
}
