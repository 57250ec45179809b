import { z } from 'zod';
import { isValidRegionCode } from './region-code';

/**
 * Codes of the national trading platform data specification (公共资源交易平台系统数据规范):
 * - project code (项目编号), 17 characters: the GB/T 2260 region code of the project (6 digits) followed by
 *   11 characters of digits and capitals assigned by the platform;
 * - tender project code (招标项目编号, TENDER_PROJECT_CODE, data set 501), 20 characters: the project code plus
 *   a 3-digit sequence number from 001;
 * - bid section code (标段（包）编号, BID_SECTION_CODE, data set 502), 23 characters: the tender project code
 *   plus a 3-digit section number from 001.
 * The check is structural: the specification has no check character for these codes.
 */
const PROJECT_CODE = /^(\d{6})[0-9A-Z]{11}$/;
const SEQUENCE = /^(?!000)\d{3}$/;

export function isValidProjectCode(code: string): boolean {
  const match = PROJECT_CODE.exec(code);
  return match !== null && isValidRegionCode(match[1]!);
}

export function isValidTenderProjectCode(code: string): boolean {
  return code.length === 20 && isValidProjectCode(code.slice(0, 17)) && SEQUENCE.test(code.slice(17));
}

export function isValidBidSectionCode(code: string): boolean {
  return code.length === 23 && isValidTenderProjectCode(code.slice(0, 20)) && SEQUENCE.test(code.slice(20));
}

/** The tender project a section belongs to. */
export function tenderProjectCodeOfSection(sectionCode: string): string {
  return sectionCode.slice(0, 20);
}

export const tenderProjectCodeSchema = z
  .string()
  .refine(
    isValidTenderProjectCode,
    'expected a 20-character tender project code: 6-digit region code, 11 digits/capitals, 3-digit sequence from 001',
  )
  .meta({ description: '招标项目编号 (TENDER_PROJECT_CODE), 20 characters: region(6) + 11 + sequence(3)' });

export const bidSectionCodeSchema = z
  .string()
  .refine(
    isValidBidSectionCode,
    'expected a 23-character bid section code: the tender project code and a 3-digit section number from 001',
  )
  .meta({
    description: '标段（包）编号 (BID_SECTION_CODE), 23 characters: tender project code + section(3)',
  });

/** 投资项目统一代码 (e.g. 2019-320602-48-01-012345): year, region, industry, kind, sequence. */
export const investmentProjectCodeSchema = z
  .string()
  .regex(
    /^\d{4}-\d{6}-\d{2}-\d{2}-\d{6}$/,
    'expected an investment project code like 2019-320602-48-01-012345',
  )
  .meta({ description: '投资项目统一代码, e.g. 2019-320602-48-01-012345' });
