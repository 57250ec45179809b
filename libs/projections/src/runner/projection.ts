import type Database from 'better-sqlite3';
import type { AllFilter, RecordedEvent } from '@gongkai/event-store';

/**
 * Table names of one generation of a projection. A rebuild writes a new generation beside the live one
 * and switches over atomically, so queries never see a half-built read model.
 */
export interface ProjectionTables {
  readonly generation: number;
  /** `table('findings')` -> `findings__g3`. */
  table(name: string): string;
}

/**
 * A read model kept in SQLite. `apply` runs inside the transaction that also advances the checkpoint, so an
 * event is applied exactly once however the process stops. It must be deterministic and synchronous.
 */
export interface SqlProjection {
  readonly name: string;
  /** Bump when the read model's shape or logic changes: a version change triggers a rebuild beside. */
  readonly version: number;
  readonly filter?: AllFilter;
  setup(db: Database.Database, tables: ProjectionTables): void;
  apply(db: Database.Database, tables: ProjectionTables, event: RecordedEvent): void;
  /** Tables owned by the projection, dropped when a generation is retired. */
  readonly tableNames: readonly string[];
  /** Tables only earlier versions had: dropped with a generation of such a version. */
  readonly retiredTableNames?: readonly string[];
  /**
   * Indexes (names as given to `tables.table()`) that only queries use, never `apply`: a generation built
   * from empty is filled without them and they are created once, over the full tables, before it goes live
   * (one sort per index instead of an index update per event).
   */
  readonly queryIndexes?: readonly string[];
}

export function tablesFor(projection: string, generation: number): ProjectionTables {
  const safe = projection.replace(/[^a-z0-9_]/gi, '_');
  // Every statement of every `apply` names its tables through this: computed once per name.
  const names = new Map<string, string>();
  return {
    generation,
    table: (name) => {
      let table = names.get(name);
      if (table === undefined) {
        table = `${safe}_${name.replace(/[^a-z0-9_]/gi, '_')}__g${generation}`;
        names.set(name, table);
      }
      return table;
    },
  };
}
