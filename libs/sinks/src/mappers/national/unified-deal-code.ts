import { createHash } from 'node:crypto';
import type { CatalogueDomain } from '@gongkai/domain';

/**
 * 统一交易标识码 (UNIFIED_DEAL_CODE): one code per transaction, the same on every record of it, 40 characters
 * (the specification's LengthMatch FixedLength 40), unique nationally. The public sources at hand fix its
 * length and role but not its inner layout, so gongkai derives it from what every event of the transaction
 * carries identically, which is its first event's identity:
 *
 *   business code (2) + SHA-256(PLATFORM_CODE, domain, transaction code) as 38 upper-case hex characters
 *
 * Nothing is stored: every process, every replay and every rebuild computes the same code, and two trading
 * systems that reuse a transaction code still get different ones. A province whose interface document
 * prescribes a layout passes its own function (`unifiedDealCode` in the mapper options).
 */
export type UnifiedDealCodeOf = (input: UnifiedDealCodeInput) => string;

export interface UnifiedDealCodeInput {
  platformCode: string;
  domain: CatalogueDomain;
  /** The transaction's code (its stream id without `txn-`): 招标项目编号, 采购项目编号, 宗地编号… */
  transactionId: string;
}

/** 业务类型: the four numbered sectors of the specification first, then the other transactions. */
export const BUSINESS_CODES: Readonly<Record<CatalogueDomain, string>> = {
  engineering: '01',
  procurement: '02',
  land: '03',
  mining: '04',
  state_property: '05',
  medical: '06',
  emission: '07',
  sea_area: '08',
  forest: '09',
  housing: '10',
};

export const UNIFIED_DEAL_CODE_LENGTH = 40;

export const defaultUnifiedDealCode: UnifiedDealCodeOf = ({ platformCode, domain, transactionId }) => {
  const digest = createHash('sha256')
    .update(`${platformCode}\n${domain}\n${transactionId}`, 'utf8')
    .digest('hex');
  return `${BUSINESS_CODES[domain]}${digest.slice(0, UNIFIED_DEAL_CODE_LENGTH - 2).toUpperCase()}`;
};
