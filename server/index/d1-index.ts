/**
 * The account index on Workers (docs/CONTRACT.md §8): `SqlIndex` over D1, binding `INDEX_DB` (docs/workers.md).
 * The same schema and statements as on Node; only the driver differs. D1's types are written here by hand (the
 * members used), like the other bindings in server/worker.ts.
 */
import { SqlIndex, type SqlDriver, type SqlStatement, type SqlValue } from './sql-index';

export interface D1PreparedStatement {
  bind(...values: unknown[]): D1PreparedStatement;
  all<T = unknown>(): Promise<{ results: T[] }>;
}

export interface D1Database {
  prepare(sql: string): D1PreparedStatement;
  batch(statements: D1PreparedStatement[]): Promise<unknown[]>;
}

export function isD1Database(value: unknown): value is D1Database {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as D1Database).prepare === 'function' &&
    typeof (value as D1Database).batch === 'function'
  );
}

export class D1Driver implements SqlDriver {
  constructor(private readonly db: D1Database) {}

  async all<T>(sql: string, params: SqlValue[]): Promise<T[]> {
    const { results } = await this.db.prepare(sql).bind(...params).all<T>();
    return results;
  }

  async batch(statements: SqlStatement[]): Promise<void> {
    if (statements.length === 0) return;
    // A D1 batch runs as one transaction.
    await this.db.batch(statements.map(({ sql, params }) => this.db.prepare(sql).bind(...params)));
  }
}

export function d1Index(db: D1Database): SqlIndex {
  return new SqlIndex(new D1Driver(db));
}
