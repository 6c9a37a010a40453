import type { DatabaseSync, StatementSync } from 'node:sqlite';
import pg from 'pg';
import { openMigrated } from '../pg-migrate.ts';
import { openDatabase } from '../sqlite.ts';
import { SCHEMA } from './history-schema.ts';

/**
 * The database under the market history: one process's SQLite file (the embedded default), or
 * the Postgres database processes scaled out share (DATABASE_URL; its tables are the migrations
 * of server/migrations/pg). The history's code speaks to either through this: SQL with `?`
 * parameters, in the subset both understand, and a few phrasings that differ (`Dialect`).
 */

export type SqlValue = string | number | null;
export type Row = Record<string, SqlValue>;

export interface HistoryDb {
  readonly dialect: Dialect;
  all(sql: string, params?: readonly SqlValue[]): Promise<Row[]>;
  run(sql: string, params?: readonly SqlValue[]): Promise<void>;
  /**
   * Inserts `rows` (every column of `table`, in order; `onConflict` a clause after the values, if
   * any): SQLite one prepared statement per row (in-process, a row costs microseconds), Postgres
   * many rows per statement (each statement a round trip to the server).
   */
  insert(table: string, rows: readonly (readonly SqlValue[])[], onConflict?: string): Promise<void>;
  /** Runs `work` in one transaction on `tx`: all of it commits, or none of it on a throw. */
  transaction<T>(work: (tx: HistoryDb) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** What the two databases phrase differently. */
export interface Dialect {
  /** Values of `column` joined with commas, per group. */
  joined(column: string): string;
  /** Per vault, the price of its last trade before `at < ?` (columns vault, price). */
  lastPrices: string;
}

/** The page cache of the history's SQLite connection, in KB. */
const CACHE_KB = 64 * 1024;

/** The market history in `<dataDir>/market.sqlite`: statements run synchronously inside the call. */
export class SqliteHistoryDb implements HistoryDb {
  readonly dialect: Dialect = {
    joined: (column) => `group_concat(${column})`,
    // one seek per vault down trades_by_parcel (a GROUP BY over every trade took 100-200 ms at
    // 10,000 parcels, twice per market snapshot)
    lastPrices: `SELECT vault, price FROM (SELECT f.vault, (SELECT t.price FROM trades t
        WHERE t.parcel_id = f.parcel_id AND t.vault = f.vault AND t.at < ?
        ORDER BY t.at DESC, t.block DESC, t.log_index DESC LIMIT 1) AS price
      FROM events f WHERE f.kind = 'fractionalize') AS last WHERE price IS NOT NULL`,
  };
  readonly #db: DatabaseSync;
  /** Each statement prepared once. */
  readonly #statements = new Map<string, StatementSync>();

  constructor(dataDir: string) {
    this.#db = openDatabase(dataDir, 'market.sqlite');
    // a rebuild writes every row into five indexes of events: a page cache that holds them saves
    // re-reading their pages for each row (SQLite's default is 2 MB)
    this.#db.exec(`PRAGMA cache_size = -${CACHE_KB}`);
    this.#db.exec(SCHEMA);
  }

  #statement(sql: string): StatementSync {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = this.#db.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  async all(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return this.#statement(sql).all(...params) as Row[];
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<void> {
    this.#statement(sql).run(...params);
  }

  async insert(table: string, rows: readonly (readonly SqlValue[])[], onConflict = ''): Promise<void> {
    if (rows.length === 0) return;
    const width = rows[0]?.length ?? 0;
    const statement = this.#statement(`INSERT INTO ${table} VALUES ${placeholders(width, 1)} ${onConflict}`);
    for (const row of rows) statement.run(...row);
  }

  async transaction<T>(work: (tx: HistoryDb) => Promise<T>): Promise<T> {
    this.#db.exec('BEGIN IMMEDIATE');
    try {
      const result = await work(this);
      this.#db.exec('COMMIT');
      return result;
    } catch (error) {
      this.#db.exec('ROLLBACK');
      throw error;
    }
  }

  async close(): Promise<void> {
    if (this.#db.isOpen) this.#db.close();
  }
}

/** `(?, ?), (?, ?)`: `count` rows of `width` parameters. */
const placeholders = (width: number, count: number) =>
  Array.from({ length: count }, () => `(${Array.from({ length: width }, () => '?').join(', ')})`).join(', ');

/** Rows per Postgres INSERT at most (its parameters stay far below the protocol's 65,535). */
const ROWS_PER_INSERT = 1_000;

/** Connections per process: the indexer writes on one, the market API reads on the others. */
const POOL_SIZE = 4;
/** Milliseconds a connection attempt or a statement may take before it fails with a reason. */
const TIMEOUT_MS = 10_000;
const INT8 = 20;

/** `?` parameters as Postgres' `$1`, `$2`… (no SQL of the history has a `?` in a literal). */
const numbered = (sql: string) => {
  let n = 0;
  return sql.replace(/\?/g, () => `$${++n}`);
};

type Queryable = pg.Pool | pg.PoolClient;

/** The market history in a shared Postgres database. */
export class PgHistoryDb implements HistoryDb {
  readonly dialect: Dialect = {
    joined: (column) => `string_agg(${column}, ',')`,
    lastPrices: `SELECT DISTINCT ON (vault) vault, price FROM trades WHERE at < ?
      ORDER BY vault, block DESC, log_index DESC`,
  };

  private constructor(
    readonly pool: pg.Pool,
    readonly on: Queryable,
  ) {}

  /** Connects to `url` and applies the migrations the database lacks. */
  static async open(url: string): Promise<PgHistoryDb> {
    const pool = await openMigrated(url, POOL_SIZE, TIMEOUT_MS, {
      // BIGINT (counts, unix times) as numbers, as SQLite gives them; amounts are TEXT
      types: {
        getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
          oid === INT8 ? Number : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
      },
    });
    return new PgHistoryDb(pool, pool);
  }

  async all(sql: string, params: readonly SqlValue[] = []): Promise<Row[]> {
    return (await this.on.query<Row>(numbered(sql), [...params])).rows;
  }

  async run(sql: string, params: readonly SqlValue[] = []): Promise<void> {
    await this.on.query(numbered(sql), [...params]);
  }

  async insert(table: string, rows: readonly (readonly SqlValue[])[], onConflict = ''): Promise<void> {
    const width = rows[0]?.length ?? 0;
    for (let at = 0; at < rows.length; at += ROWS_PER_INSERT) {
      const chunk = rows.slice(at, at + ROWS_PER_INSERT);
      await this.run(
        `INSERT INTO ${table} VALUES ${placeholders(width, chunk.length)} ${onConflict}`,
        chunk.flat(),
      );
    }
  }

  async transaction<T>(work: (tx: HistoryDb) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(new PgHistoryDb(this.pool, client));
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }

  #closing: Promise<void> | null = null;
  close(): Promise<void> {
    this.#closing ??= this.pool.end();
    return this.#closing;
  }
}
