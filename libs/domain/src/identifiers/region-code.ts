import { z } from 'zod';

/** First two digits of GB/T 2260 codes: the provinces, autonomous regions, municipalities and SARs. */
const PROVINCES = new Set([
  '11',
  '12',
  '13',
  '14',
  '15',
  '21',
  '22',
  '23',
  '31',
  '32',
  '33',
  '34',
  '35',
  '36',
  '37',
  '41',
  '42',
  '43',
  '44',
  '45',
  '46',
  '50',
  '51',
  '52',
  '53',
  '54',
  '61',
  '62',
  '63',
  '64',
  '65',
  '71',
  '81',
  '82',
]);

/**
 * GB/T 2260 administrative division code: 6 digits, province (2) city (2) county (2), with a real province
 * prefix. Structure only: the list of counties changes every year and is not kept here.
 */
export function isValidRegionCode(code: string): boolean {
  return /^\d{6}$/.test(code) && PROVINCES.has(code.slice(0, 2));
}

export const regionCodeSchema = z
  .string()
  .refine(isValidRegionCode, 'expected a 6-digit GB/T 2260 region code with a real province prefix')
  .meta({ description: 'GB/T 2260 region code, 6 digits', pattern: '^\\d{6}$' });
