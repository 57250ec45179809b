import { NATIONAL_DATA_SETS } from '@gongkai/sinks';
import type { DataSetImport } from './data-set-import';
import { ENGINEERING_IMPORTS } from './engineering.import';
import { LAND_IMPORTS } from './land.import';
import { MINING_IMPORTS } from './mining.import';
import { PROCUREMENT_IMPORTS } from './procurement.import';
import { STATE_PROPERTY_IMPORTS } from './state-property.import';

/** Every data set `gongkai import` reads, by code. */
export const DATA_SET_IMPORTS: ReadonlyMap<string, DataSetImport> = new Map(
  [
    ...ENGINEERING_IMPORTS,
    ...PROCUREMENT_IMPORTS,
    ...LAND_IMPORTS,
    ...MINING_IMPORTS,
    ...STATE_PROPERTY_IMPORTS,
  ].map((entry) => [entry.code, entry]),
);

/** A data set code from its code or its table name (`513`, `WIN_RESULT_ANNO`); undefined when neither. */
export function dataSetCodeOf(name: string): string | undefined {
  const trimmed = name.trim();
  const code = /^(\d{3})(?!\d)/.exec(trimmed)?.[1];
  if (code && NATIONAL_DATA_SETS[code]) return code;
  const upper = trimmed.toUpperCase();
  return Object.values(NATIONAL_DATA_SETS)
    .filter(
      (set) => upper === set.table || upper.startsWith(`${set.table}.`) || upper.startsWith(`${set.table}-`),
    )
    .map((set) => set.code)[0];
}

export { type DataSetImport, type StageBuild, STAGE_RANK } from './data-set-import';
export { RecordView, SUPPLEMENT_PREFIX } from './record-view';
export { SpecValueError } from './spec-values';
