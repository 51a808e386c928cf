/**
 * One server process owns a `DATA_DIR` (docs/CONTRACT.md §4). Two processes on one folder would each keep their own
 * in-memory index and overwrite each other's writes (local mode), or each spend a whole rate budget on one account
 * and walk it twice into one index (cloudflare mode, docs/CONTRACT.md §9), so the second one refuses to start.
 *
 * The lock is SQLite's own: the mode's database connection (local `images.db`, cloudflare `index.sqlite`) runs with `locking_mode=EXCLUSIVE` and takes the database's
 * exclusive lock at start-up, then holds it for the life of the process. It is a lock the kernel holds for the
 * process (POSIX advisory lock), so it disappears with the process however it ends, `kill -9` included: nothing is
 * left stuck, and there is no pid to check for liveness (a pid file alone goes stale and its pid can be reused).
 * A small `server.pid` file beside it only names the holder in the refusal (docs/decisions.md).
 */
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import type Database from 'better-sqlite3';

const HOLDER_FILE = 'server.pid';

/** Thrown when another process holds the folder. The message is the one line a person reads at start-up. */
export class DataDirInUseError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number | null,
    database = 'images.db',
  ) {
    const holder =
      holderPid === null
        ? `another process (not a cf-images-explorer server, or one that did not say: close any tool that has ${database} open)`
        : `another cf-images-explorer server (pid ${holderPid})`;
    super(`DATA_DIR ${dataDir} is in use by ${holder}; stop it, or set DATA_DIR to another folder`);
    this.name = 'DataDirInUseError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The pid named in `server.pid` when that process is alive, else `null`. */
function holderPid(dataDir: string): number | null {
  try {
    const { pid } = JSON.parse(readFileSync(join(dataDir, HOLDER_FILE), 'utf8')) as { pid?: unknown };
    return typeof pid === 'number' && Number.isInteger(pid) && pid > 0 && pid !== process.pid && isAlive(pid) ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Takes the exclusive lock on the store's database, or throws `DataDirInUseError`. Call it on a fresh connection,
 * before anything else reads the database (so that WAL runs without shared memory, as exclusive mode requires).
 */
export function lockDataDir(db: Database.Database, dataDir: string): void {
  const database = basename(db.name);
  const busyTimeout = db.pragma('busy_timeout', { simple: true }) as number;
  try {
    db.pragma('busy_timeout = 0');
    db.pragma('locking_mode = EXCLUSIVE');
    // A write transaction takes the exclusive lock; in this locking mode it is kept after COMMIT.
    db.exec('BEGIN EXCLUSIVE; COMMIT');
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) throw new DataDirInUseError(dataDir, holderPid(dataDir), database);
    throw error;
  } finally {
    if (db.inTransaction) db.exec('ROLLBACK');
    db.pragma(`busy_timeout = ${busyTimeout}`);
  }
  writeFileSync(join(dataDir, HOLDER_FILE), `${JSON.stringify({ pid: process.pid, started: new Date().toISOString() })}\n`, {
    mode: 0o600,
  });
}

/** Removes the holder file on a clean close (the lock itself goes with the connection). */
export function unlockDataDir(dataDir: string): void {
  try {
    const { pid } = JSON.parse(readFileSync(join(dataDir, HOLDER_FILE), 'utf8')) as { pid?: unknown };
    if (pid === process.pid) rmSync(join(dataDir, HOLDER_FILE), { force: true });
  } catch {
    // no holder file, or someone else's: leave it
  }
}
