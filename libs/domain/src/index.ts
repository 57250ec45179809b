export * from './identifiers';
export * from './events';
export * from './redaction';
export * from './calendar';
export * from './catalogues';
export * from './lifecycle';
