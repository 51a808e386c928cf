/**
 * The account index on Node (docs/CONTRACT.md §8, cloudflare mode): `SqlIndex` over better-sqlite3 in
 * `DATA_DIR/index.sqlite`. The index is a copy of what Cloudflare holds, rebuilt by the next walk if lost, so
 * `synchronous=NORMAL` (WAL keeps it consistent through a kill -9; a power cut may lose the last pages, which the
 * walk fetches again).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { lockDataDir, unlockDataDir } from '../lib/data-dir-lock';
import { SqlIndex, type SqlDriver, type SqlStatement, type SqlValue } from './sql-index';

export class BetterSqliteDriver implements SqlDriver {
  private readonly statements = new Map<string, Database.Statement>();
  readonly synchronous = true;

  constructor(readonly db: Database.Database) {}

  private prepare(sql: string): Database.Statement {
    let statement = this.statements.get(sql);
    if (!statement) {
      statement = this.db.prepare(sql);
      // Searches differ in their WHERE clause; keep the cache from growing without bound.
      if (this.statements.size > 500) this.statements.clear();
      this.statements.set(sql, statement);
    }
    return statement;
  }

  all<T>(sql: string, params: SqlValue[]): Promise<T[]> {
    return Promise.resolve(this.prepare(sql).all(...params) as T[]);
  }

  batch(statements: SqlStatement[]): Promise<void> {
    this.db.transaction(() => {
      for (const { sql, params } of statements) this.prepare(sql).run(...params);
    })();
    return Promise.resolve();
  }
}

export const INDEX_FILE = 'index.sqlite';

/**
 * Opens (creating when needed) `dataDir/index.sqlite`. With `lock` (the server's own index) the folder is this
 * process's until `close`, or `DataDirInUseError` is thrown (server/lib/data-dir-lock.ts).
 */
export function openSqliteIndex(dataDir: string, options: { lock?: boolean } = {}): { index: SqlIndex; db: Database.Database; close(): void } {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  const db = new Database(join(dataDir, INDEX_FILE));
  if (options.lock) {
    try {
      lockDataDir(db, dataDir);
    } catch (error) {
      db.close();
      throw error;
    }
  }
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return {
    index: new SqlIndex(new BetterSqliteDriver(db)),
    db,
    close: () => {
      if (db.open) db.close();
      if (options.lock) unlockDataDir(dataDir);
    },
  };
}
