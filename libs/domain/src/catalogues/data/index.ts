import type { Catalogue } from '../catalogue';
import { JINJIANG_CATALOGUE } from './jinjiang';
import { NANTONG_CATALOGUE } from './nantong';
import { NATIONAL_CATALOGUE } from './national';
import { SHAOGUAN_CATALOGUE } from './shaoguan';
import { SUZHOU_CATALOGUE } from './suzhou';
import { TIANJIN_CATALOGUE } from './tianjin';

export { NATIONAL_CATALOGUE };

/** Every catalogue, national defaults first, in the order of `CATALOGUE_IDS` (and of docs/catalogues.md). */
export const CATALOGUES: readonly Catalogue[] = [
  NATIONAL_CATALOGUE,
  NANTONG_CATALOGUE,
  SUZHOU_CATALOGUE,
  SHAOGUAN_CATALOGUE,
  JINJIANG_CATALOGUE,
  TIANJIN_CATALOGUE,
];
