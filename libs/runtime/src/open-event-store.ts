import * as path from 'node:path';
import {
  EventStoreDbEventStore,
  SqliteEventStore,
  systemClock,
  type Clock,
  type EventStore,
} from '@gongkai/event-store';
import type { ServiceConfig } from './config/config.schema';

/** File (under the data dir) of the embedded event store. */
export const EVENT_STORE_FILE = 'events.sqlite';

export function eventStorePath(dataDir: string): string {
  return path.join(dataDir, EVENT_STORE_FILE);
}

/** Opens the configured event store adapter. Shared by the service and the CLI. */
export async function openEventStore(
  config: Pick<ServiceConfig, 'dataDir' | 'store'>,
  clock: Clock = systemClock,
  /** SQLite page cache of this connection (default 64 MiB, for the appends' random index pages). */
  tuning: { cacheMiB?: number } = {},
): Promise<EventStore> {
  if (config.store.kind === 'sqlite') {
    return SqliteEventStore.open({
      path: eventStorePath(config.dataDir),
      synchronous: config.store.synchronous,
      clock,
      cacheMiB: tuning.cacheMiB,
    });
  }
  return EventStoreDbEventStore.open({ connectionString: config.store.connectionString, clock });
}
