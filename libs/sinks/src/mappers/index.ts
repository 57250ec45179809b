export * from './sink-record';
export * from './payload-format';
export * from './data-timestamp';
export * from './provincial-platform.data-sets';
export * from './provincial-platform.mapper';
export * from './credit-china.mapper';
