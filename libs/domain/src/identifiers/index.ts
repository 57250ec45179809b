export {
  CREDIT_CODE_CHARSET,
  type CreditCodeProblem,
  creditCodeCheckCharacter,
  creditCodeProblem,
  creditCodeSchema,
  isValidCreditCode,
} from './credit-code';
export { isValidResidentId, residentIdCheckCharacter, residentIdSchema } from './resident-id';
export {
  bidSectionCodeSchema,
  investmentProjectCodeSchema,
  isValidBidSectionCode,
  isValidProjectCode,
  isValidTenderProjectCode,
  tenderProjectCodeOfSection,
  tenderProjectCodeSchema,
} from './tender-codes';
export { isValidRegionCode, regionCodeSchema } from './region-code';
export {
  compareYuan,
  decimalSchema,
  fenSchema,
  fenToYuan,
  isValidYuan,
  yuanSchema,
  yuanToFen,
} from './money';
export { instantMillis, isIsoInstant, isoDateSchema, isoInstantSchema } from './timestamp';
export { OCID_PREFIX_PATTERN, PLACEHOLDER_OCID_PREFIX } from './ocid-prefix';
