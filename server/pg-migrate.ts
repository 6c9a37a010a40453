import { readdirSync, readFileSync } from 'node:fs';
import pg, { type Pool } from 'pg';

/**
 * The Postgres schema is the numbered SQL files of server/migrations/pg (`001_init.sql`, …), applied
 * in order, each in its own transaction together with its row in `schema_migrations`; a file
 * already recorded there is skipped, so running them again changes nothing. An advisory lock
 * makes processes that start together apply each file once.
 */

const MIGRATIONS = new URL('./migrations/pg/', import.meta.url);
const FILE_PATTERN = /^(\d{3})_[a-z0-9_]+\.sql$/;
/** Key of the advisory lock the migrating process holds (any fixed number of ours). */
const LOCK_KEY = 0x66726163;

/** The migration files, by number: [version, SQL]. */
export function migrationFiles(): [string, string][] {
  return readdirSync(MIGRATIONS)
    .filter((file) => FILE_PATTERN.test(file))
    .sort()
    .map((file) => [file.replace(/\.sql$/, ''), readFileSync(new URL(file, MIGRATIONS), 'utf8')]);
}

/** Applies the migrations the database lacks; resolves to the versions applied now. */
export async function migrate(pool: Pool): Promise<string[]> {
  const client = await pool.connect();
  try {
    await client.query('SELECT pg_advisory_lock($1)', [LOCK_KEY]);
    await client.query(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version TEXT PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now())',
    );
    const done = new Set(
      (await client.query<{ version: string }>('SELECT version FROM schema_migrations')).rows.map(
        (row) => row.version,
      ),
    );
    const applied: string[] = [];
    for (const [version, sql] of migrationFiles()) {
      if (done.has(version)) continue;
      await client.query('BEGIN');
      try {
        await client.query(sql);
        await client.query('INSERT INTO schema_migrations (version) VALUES ($1)', [version]);
        await client.query('COMMIT');
      } catch (error) {
        await client.query('ROLLBACK');
        throw new Error(`migration ${version} failed: ${(error as Error).message}`, { cause: error });
      }
      applied.push(version);
    }
    return applied;
  } finally {
    await client.query('SELECT pg_advisory_unlock($1)', [LOCK_KEY]).catch(() => undefined);
    client.release();
  }
}

/**
 * A pool of `max` connections to `url`, with the migrations applied (it ends again when they
 * fail). Connecting and each statement may take `timeoutMs`: a database that hangs turns into a
 * refusal with a reason, not a wait without end. `more`: further pool settings.
 */
export async function openMigrated(
  url: string,
  max: number,
  timeoutMs: number,
  more: pg.PoolConfig = {},
): Promise<Pool> {
  const pool = new pg.Pool({
    connectionString: url,
    max,
    connectionTimeoutMillis: timeoutMs,
    statement_timeout: timeoutMs,
    ...more,
  });
  // an idle connection that drops (a database restart) must not take the process with it
  pool.on('error', () => undefined);
  try {
    await migrate(pool);
  } catch (error) {
    await pool.end();
    throw error;
  }
  return pool;
}
