export * from './canonical-json';
export * from './hash-chain';
export * from './merkle';
export * from './checkpoint';
export * from './checkpoint-signer';
export * from './checkpoint-store';
export * from './integrity-log';
export * from './verify';
