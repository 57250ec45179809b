export * from './national-codes';
export * from './unified-deal-code';
export * from './stage-records';
export { blacklistCode } from './credit.records';
export { squareMetresToHectares } from './record-kit';
