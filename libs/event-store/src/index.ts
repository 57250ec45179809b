export * from './event-store.port';
export * from './errors';
export { type Clock, fixedClock, systemClock } from './clock';
export * from './integrity';
export * from './sqlite';
export * from './eventstoredb';
export { matchesFilter } from './shared/append-rules';
export { TimeSlicedPages, DEFAULT_SLICE_MS, type Slicing } from './shared/time-slice';
export { spawnThread, threadEntry } from './shared/spawn-thread';
