import type Database from 'better-sqlite3';
import type { ProjectionTables } from '../../runner/projection';

/**
 * What a query needs: the read-model database and the table names of the projection's live generation
 * (`{ db: readModels.db, tables: manager.tables('credit-registry') }`).
 */
export interface ReadModelHandle {
  readonly db: Database.Database;
  readonly tables: ProjectionTables;
}

/** Paging shared by the list queries: keyset cursors (see keyset.ts), never offsets. */
export interface Page {
  limit?: number;
  /** `nextCursor` of the previous page. */
  cursor?: string;
}

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export function pageSize(page: Page): number {
  return Math.min(Math.max(1, Math.trunc(page.limit ?? DEFAULT_PAGE_SIZE)), MAX_PAGE_SIZE);
}
