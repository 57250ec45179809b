#!/usr/bin/env node
/**
 * Extracts the data sets gongkai sends from a public implementation of the national data specification
 * (公共资源交易平台系统数据规范 V2.0): lishanling/GGZY, `DataConfig/V3/<code>.json`, each field with its
 * validators (NotNull, LengthMatch, NumberMatch, DateMatch, EnumMatch, DomainMatch, AreaCodeMatch).
 *
 *   node scripts/national-spec/extract-data-sets.mjs <path to a GGZY git directory> [commit]
 *
 * Writes libs/sinks/src/national-spec/data-sets.generated.json, keeping only the data sets in SENT and, per
 * field, what a record is checked against: required, lengths, number digits, date format, code table. The
 * EnumMatch tables are copied from the implementation's EnumMatchFieldValidator (they are in its code, not
 * in the JSON); DomainMatch tables live in the implementation's database and are recorded by number only.
 */
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

const REPOSITORY = 'lishanling/GGZY';
const CONFIG_DIR = 'GGZY/Presentations/FuWu/DataV4/Config/DataConfig/V3';
const ENUM_VALIDATOR =
  'GGZY/Businesses/GGZY.DataV4Service/Validators/Context/Field/Imp/EnumMatchFieldValidator.cs';

/** The data sets gongkai's provincial mapper sends (libs/sinks/src/mappers/national/stage-records.ts). */
const SENT = [
  ...['300', '302', '303'],
  ...['500', '501', '502', '503', '510', '511', '512', '513', '516', '517', '522'],
  ...['550', '551', '552', '553', '554'],
  ...['600', '601'],
  ...['650', '651', '652', '653'],
  ...['700', '701'],
];

const [gitDir, commitArg] = process.argv.slice(2);
if (!gitDir) {
  console.error('usage: extract-data-sets.mjs <GGZY git directory> [commit]');
  process.exit(2);
}
const git = (...args) =>
  execFileSync('git', ['--git-dir', gitDir, ...args], { encoding: 'utf8', maxBuffer: 1 << 26 });
const commit = git('rev-parse', commitArg ?? 'master').trim();
const show = (path) => git('show', `${commit}:${path}`).replace(/^\uFEFF/, '');

/** `{"PRICE_UNIT", new Dictionary<string, string> { {"0","元" }, ... } }` -> { PRICE_UNIT: { 0: '元' } }. */
function enumTables(source) {
  const tables = {};
  const tableRe = /\{"([A-Z_]+)",new Dictionary<string, string>\s*\{([\s\S]*?)\}\s*\}/g;
  for (const [, name, body] of source.matchAll(tableRe)) {
    tables[name] = Object.fromEntries([...body.matchAll(/\{"([^"]*)","([^"]*)"/g)].map(([, k, v]) => [k, v]));
  }
  return tables;
}

function field(raw, enums) {
  const out = { name: raw.Name, cnName: raw.CnName, required: false };
  for (const v of raw.Validators ?? []) {
    switch (v.ValidatorName) {
      case 'NotNull':
        out.required = true;
        break;
      case 'LengthMatch':
        if (v.FixedLength ?? v.FixLength) out.fixedLength = v.FixedLength ?? v.FixLength;
        if (v.MaxLength) out.maxLength = v.MaxLength;
        if (v.MinLength) out.minLength = v.MinLength;
        break;
      case 'NumberMatch':
        out.number = { integerDigits: v.IntegerFigures, decimalDigits: v.DecimalFigures ?? 0 };
        break;
      // The implementation parses with .NET ParseExact; `yyyyMMddhhmmss`/`yyyymmdd` are typos for the usual forms.
      case 'DateMatch':
        out.dateFormat = /hh|HH/.test(v.Format) ? 'yyyyMMddHHmmss' : 'yyyyMMdd';
        break;
      case 'EnumMatch':
        out.codeTable = { name: v.EnumType, values: enums[v.EnumType] ?? {} };
        break;
      case 'DomainMatch':
        out.codeTable = { name: `sys_dic:${v.Type}`, ...(v.Remark ? { remark: v.Remark } : {}) };
        break;
      case 'AreaCodeMatch':
        out.regionCode = true;
        break;
      default:
        break; // UniqueValue, CannotModify, TenderProjectCodeMatch: checks against the platform's own store
    }
  }
  // The implementation attaches its public tables to some uses of a field only; the specification names one
  // code table per field (价款形式代码, 价格单位), so every use gets it.
  if (!out.codeTable && BY_FIELD_NAME[out.name])
    out.codeTable = { name: BY_FIELD_NAME[out.name], values: enums[BY_FIELD_NAME[out.name]] };
  return out;
}

const BY_FIELD_NAME = { PRICE_FORM_CODE: 'PRICE_FORM_CODE', PRICE_UNIT: 'PRICE_UNIT' };

const enums = enumTables(show(ENUM_VALIDATOR));
const dataSets = {};
for (const code of SENT) {
  const raw = JSON.parse(show(`${CONFIG_DIR}/${code}.json`));
  dataSets[code] = {
    table: raw.DataName,
    name: raw.DataCnName,
    fields: raw.Fields.map((f) => field(f, enums)),
  };
}
const out = {
  source: {
    repository: REPOSITORY,
    commit,
    path: CONFIG_DIR,
    generatedBy: 'scripts/national-spec/extract-data-sets.mjs',
  },
  dataSets,
};
const target = join(import.meta.dirname, '../../libs/sinks/src/national-spec/data-sets.generated.json');
// One field a line: small, and a regeneration diffs field by field.
const lines = Object.entries(dataSets).map(
  ([code, set]) =>
    `  ${JSON.stringify(code)}: {"table": ${JSON.stringify(set.table)}, "name": ${JSON.stringify(set.name)}, "fields": [\n` +
    set.fields.map((f) => `    ${JSON.stringify(f)}`).join(',\n') +
    '\n  ]}',
);
writeFileSync(target, `{"source": ${JSON.stringify(out.source)},\n"dataSets": {\n${lines.join(',\n')}\n}}\n`);
console.log(
  `wrote ${Object.keys(dataSets).length} data sets from ${REPOSITORY}@${commit.slice(0, 7)} to ${target}`,
);
