/**
 * `npx tsx scripts/ocds/bundle-codelists.ts`: copies the OCDS extension's codelists (libs/open-data/extension/
 * codelists/*.csv, the files the extension rules name) into codelists.generated.json, which the service imports:
 * images carry dist/ only, and the service serves the CSVs under /v1/ocds/extension/codelists/. A spec fails
 * when the two differ.
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const dir = resolve(__dirname, '../../libs/open-data/extension');
const bundle = Object.fromEntries(
  readdirSync(join(dir, 'codelists'))
    .filter((file) => file.endsWith('.csv'))
    .sort()
    .map((file) => [file, readFileSync(join(dir, 'codelists', file), 'utf8')]),
);
writeFileSync(join(dir, 'codelists.generated.json'), `${JSON.stringify(bundle, null, 2)}\n`);
console.log(`codelists.generated.json: ${Object.keys(bundle).length} codelists`);
