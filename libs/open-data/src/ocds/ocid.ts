/**
 * Open Contracting IDs. An ocid is the publisher's prefix, registered with the Open Contracting Partnership
 * (`ocds-` and six characters), a hyphen, and the transaction id (招标项目编号, 采购项目编号…), which the
 * trading platform already keeps unique. Set the prefix with GONGKAI_OCDS_PREFIX (docs/ocds.md).
 */
export { OCID_PREFIX_PATTERN, PLACEHOLDER_OCID_PREFIX } from '@gongkai/domain';

export function ocidOf(prefix: string, transactionId: string): string {
  return `${prefix}-${transactionId}`;
}

/** The transaction id of an ocid under `prefix`, or undefined when the ocid has another prefix. */
export function transactionIdOfOcid(prefix: string, ocid: string): string | undefined {
  const head = `${prefix}-`;
  return ocid.startsWith(head) && ocid.length > head.length ? ocid.slice(head.length) : undefined;
}
