import type Database from 'better-sqlite3';
import type { ProjectionTables } from '../../runner/projection';

const cache = new WeakMap<Database.Database, Map<string, Database.Statement>>();

/**
 * `db.prepare(sql)`, compiled once per connection and SQL text. For queries and the rare statement built
 * from its arguments; `apply` uses `statements` below, which neither builds nor hashes SQL text per event.
 * Table names carry the generation, so a new generation gets statements of its own.
 */
export function prepared(db: Database.Database, sql: string): Database.Statement {
  let statements = cache.get(db);
  if (!statements) {
    statements = new Map();
    cache.set(db, statements);
  }
  let statement = statements.get(sql);
  if (!statement) {
    statement = db.prepare(sql);
    statements.set(sql, statement);
  }
  return statement;
}

/**
 * A read model's statements, each compiled once per connection and generation: `statementsOf((t) => ({
 * insert: `INSERT INTO ${t.table('x')} ...` }))` returns `(db, t) => ({ insert: Statement, ... })`. `apply` runs
 * once per event per read model, and building each statement's SQL text and looking it up by that text
 * (hashing a few hundred characters) cost 2.4-4 % of a rebuild; this is two WeakMap lookups.
 */
export function statementsOf<K extends string>(
  sql: (t: ProjectionTables) => Record<K, string>,
): (db: Database.Database, t: ProjectionTables) => Record<K, Database.Statement> {
  const compiled = new WeakMap<Database.Database, WeakMap<ProjectionTables, Record<K, Database.Statement>>>();
  return (db, t) => {
    let byTables = compiled.get(db);
    if (!byTables) {
      byTables = new WeakMap();
      compiled.set(db, byTables);
    }
    let statements = byTables.get(t);
    if (!statements) {
      const texts = sql(t);
      statements = {} as Record<K, Database.Statement>;
      for (const key of Object.keys(texts) as K[]) statements[key] = db.prepare(texts[key]);
      byTables.set(t, statements);
    }
    return statements;
  };
}
