import { mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { DatabaseSync, SQLInputValue, StatementSync } from 'node:sqlite';

/**
 * node:sqlite without its one-time ExperimentalWarning on stderr (npm start prints only its URL);
 * every other warning still goes out.
 */
function loadSqlite(): typeof import('node:sqlite') {
  const emitWarning = process.emitWarning;
  process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
    if (String(warning).includes('SQLite is an experimental feature')) return;
    (emitWarning as (...args: unknown[]) => void).call(process, warning, ...rest);
  }) as typeof process.emitWarning;
  try {
    return createRequire(import.meta.url)('node:sqlite');
  } finally {
    process.emitWarning = emitWarning;
  }
}

const sqlite = loadSqlite();

/**
 * Opens (creating if needed) `<dataDir>/<file>` with a WAL journal and synchronous=NORMAL: a
 * committed write is in the WAL file before the call returns, so it survives the process being
 * killed (kill -9); only an OS crash may lose the last commits.
 */
export function openDatabase(dataDir: string, file: string): DatabaseSync {
  mkdirSync(dataDir, { recursive: true });
  const db = new sqlite.DatabaseSync(join(dataDir, file));
  db.exec('PRAGMA journal_mode = WAL; PRAGMA synchronous = NORMAL; PRAGMA busy_timeout = 5000;');
  return db;
}

/** Runs `work` in one write transaction: all of it commits, or none of it on a throw. */
export function inTransaction<T>(db: DatabaseSync, work: () => T): T {
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = work();
    db.exec('COMMIT');
    return result;
  } catch (error) {
    db.exec('ROLLBACK');
    throw error;
  }
}

/**
 * The rows of a query whose columns are named (with AS) and typed (STRICT tables: TEXT a string,
 * INTEGER and REAL a number) as `T`'s fields: node:sqlite returns them as such plain objects.
 */
export function rowsAs<T>(statement: StatementSync, ...params: SQLInputValue[]): T[] {
  return statement.all(...params) as T[];
}
