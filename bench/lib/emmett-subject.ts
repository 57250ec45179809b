import {
  getSQLiteEventStore,
  readMessagesBatch,
  sqliteConnection,
  type SQLiteEventStore,
} from '@event-driven-io/emmett-sqlite';
import type { BenchEvent } from './chinese-events';
import type { BenchSubject } from './subjects';

const PAGE = 1000;

/**
 * Emmett 0.38.5's SQLite event store (node sqlite3 driver), used as its API documents: `getSQLiteEventStore`
 * for appends and reads (it opens a connection per operation for a file database), `readMessagesBatch` for
 * paging `$all`, and a consumer with one processor for catch-up (it stores the processor's checkpoint per
 * message, in one transaction per batch).
 */
export class EmmettSubject implements BenchSubject {
  readonly name = 'emmett-sqlite 0.38.5';
  readonly catchUpNote = 'consumer + processor, pulling batches of 1000, from BEGINNING';
  private readonly store: SQLiteEventStore;

  constructor(private readonly fileName: string) {
    this.store = getSQLiteEventStore({ fileName, schema: { autoMigration: 'CreateOrUpdate' } });
  }

  async appendOne(streamId: string, event: BenchEvent): Promise<void> {
    await this.store.appendToStream(streamId, [toEmmett(event)]);
  }

  async appendBatch(streamId: string, events: BenchEvent[]): Promise<void> {
    await this.store.appendToStream(streamId, events.map(toEmmett));
  }

  async readStream(streamId: string): Promise<number> {
    const result = await this.store.readStream(streamId);
    return result.events.length;
  }

  async readAll(onProgress?: (done: number) => void): Promise<number> {
    const connection = sqliteConnection({ fileName: this.fileName });
    try {
      let done = 0;
      let after = 0n;
      for (;;) {
        const batch = await readMessagesBatch(connection, { after, batchSize: PAGE });
        done += batch.messages.length;
        onProgress?.(done);
        if (batch.messages.length < PAGE) return done;
        after = batch.currentGlobalPosition;
      }
    } finally {
      connection.close();
    }
  }

  async catchUp(total: number, onProgress?: (done: number) => void): Promise<number> {
    const consumer = this.store.consumer({ pulling: { batchSize: PAGE, pullingFrequencyInMs: 0 } });
    let done = 0;
    consumer.processor({
      processorId: `bench-${Date.now()}`,
      startFrom: 'BEGINNING',
      connectionOptions: { fileName: this.fileName },
      eachMessage: () => {
        done += 1;
        if (done % PAGE === 0) onProgress?.(done);
      },
      stopAfter: () => done >= total,
    });
    await consumer.start();
    await consumer.close();
    return done;
  }

  async close(): Promise<void> {
    // getSQLiteEventStore closes its file connection after every operation.
  }
}

function toEmmett(event: BenchEvent): {
  type: string;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
} {
  return { type: event.type, data: event.data, metadata: { ...event.metadata, eventId: event.id } };
}
