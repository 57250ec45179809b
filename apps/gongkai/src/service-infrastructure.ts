import type Database from 'better-sqlite3';
import { systemClock, type Clock, type EventStore } from '@gongkai/event-store';
import { CalendarRegistry } from '@gongkai/write-engine';
import { type ServiceConfig, openEventStore, openServiceDatabase, TokenStore } from '@gongkai/runtime';
import { AccessLog } from './platform/infrastructure/access-log';
import { openIntegrity, type Integrity } from './modules/integrity/core/open-integrity';

/** Everything with a file or a connection behind it, opened once and closed together. */
export interface ServiceInfrastructure {
  store: EventStore;
  /** The one clock: it stamps `recordedAt` in the store and dates the write path's time checks. */
  clock: Clock;
  integrity: Integrity;
  serviceDb: Database.Database;
  tokens: TokenStore;
  accessLog: AccessLog;
  /** The working-day calendar in force, following the calendar stream. */
  calendar: CalendarRegistry;
  close(): Promise<void>;
}

export async function openServiceInfrastructure(
  config: ServiceConfig,
  clock: Clock = systemClock,
): Promise<ServiceInfrastructure> {
  const serviceDb = openServiceDatabase(config.dataDir);
  let store: EventStore | undefined;
  try {
    store = await openEventStore(config, clock);
    const integrity = await openIntegrity(store, config, { maintain: config.role !== 'worker' });
    const calendar = await CalendarRegistry.open(store);
    const opened = store;
    const accessLog = new AccessLog(serviceDb);
    return {
      store: opened,
      clock,
      integrity,
      serviceDb,
      tokens: new TokenStore(serviceDb),
      accessLog,
      calendar,
      async close() {
        await calendar.close();
        await integrity.log.close();
        await opened.close();
        accessLog.flush();
        serviceDb.close();
      },
    };
  } catch (error) {
    await store?.close();
    serviceDb.close();
    throw error;
  }
}
