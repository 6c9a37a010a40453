import { readFileSync } from 'node:fs';

/**
 * The market history's tables (server/market/history-store.ts says what each holds and how
 * they are kept) and the statements the store runs on them. Amounts in wei or token units are
 * decimal TEXT: they pass SQLite's 64-bit integers. The tables are defined once, as the
 * Postgres migration 003_market_history.sql; SQLite takes them from it.
 */

export const SCHEMA = sqliteSchema(
  readFileSync(new URL('../migrations/pg/003_market_history.sql', import.meta.url), 'utf8'),
);

/**
 * SQLite's form of the Postgres migration that creates the history (one definition of the
 * tables): its types as STRICT tables take them, each table WITHOUT ROWID (every one has a
 * primary key), and created only when missing.
 */
function sqliteSchema(postgres: string): string {
  return postgres
    .replaceAll('BIGINT', 'INTEGER')
    .replaceAll('DOUBLE PRECISION', 'REAL')
    .replaceAll('CREATE TABLE ', 'CREATE TABLE IF NOT EXISTS ')
    .replaceAll('CREATE INDEX ', 'CREATE INDEX IF NOT EXISTS ')
    .replaceAll('\n);', '\n) STRICT, WITHOUT ROWID;');
}

/** Tables a replay rebuilds, in the order a dump lists them (tests compare dumps). */
export const HISTORY_TABLES = ['events', 'trades', 'candles', 'holdings', 'hash_rate', 'miners', 'latest'];

/** The kinds of events whose latest row per vault `latest` keeps, by group. */
export const LATEST_GROUPS: Record<string, readonly string[]> = {
  sync: ['sync'],
  vote: ['vote'],
  bid: ['buyout-start', 'bid'],
};

/** Every statement the store runs (`?` parameters; SQLite and Postgres alike: history-db.ts). */
export const STATEMENTS = {
  keysIn: 'SELECT block, log_index, block_hash FROM events WHERE block BETWEEN ? AND ? ORDER BY 1, 2',
  eventsIn: 'SELECT * FROM events WHERE block BETWEEN ? AND ?',
  deleteEvents: 'DELETE FROM events WHERE block BETWEEN ? AND ?',
  deleteTrades: 'DELETE FROM trades WHERE block BETWEEN ? AND ?',
  /** Followed by the (vault, holder) keys as `(VALUES …)` (history-store.ts stored). */
  holdings: 'SELECT vault, holder, amount FROM holdings WHERE (vault, holder) IN',
  /** After the values of an insert into holdings (history-db.ts insert), and of miners and latest. */
  holdingConflict: 'ON CONFLICT (vault, holder) DO UPDATE SET amount = excluded.amount',
  dropHolding: 'DELETE FROM holdings WHERE vault = ? AND holder = ?',
  miners: 'SELECT miner, ore, solutions FROM miners WHERE (miner) IN',
  minerConflict: 'ON CONFLICT (miner) DO UPDATE SET ore = excluded.ore, solutions = excluded.solutions',
  dropMiner: 'DELETE FROM miners WHERE miner = ?',
  tradesIn:
    'SELECT at, price, volume_eth FROM trades WHERE parcel_id = ? AND at >= ? AND at < ? ORDER BY block, log_index',
  deleteCandle: 'DELETE FROM candles WHERE parcel_id = ? AND "interval" = ? AND at = ?',
  solutionsIn: `SELECT count(*) AS solutions, coalesce(sum(CAST(value AS DOUBLE PRECISION)), 0) AS hashes
    FROM events WHERE kind = 'solution' AND parcel_id = ? AND at >= ? AND at < ?`,
  deleteHashRate: 'DELETE FROM hash_rate WHERE parcel_id = ? AND at = ?',
  /** The latest event of a group per vault, by group. */
  latestOf: Object.fromEntries(
    Object.entries(LATEST_GROUPS).map(([group, kinds]) => [
      group,
      `SELECT block, log_index FROM events WHERE vault = ? AND kind IN (${kinds.map((kind) => `'${kind}'`).join(', ')})
       ORDER BY block DESC, log_index DESC LIMIT 1`,
    ]),
  ),
  latestConflict:
    'ON CONFLICT (vault, grp) DO UPDATE SET block = excluded.block, log_index = excluded.log_index',
  dropLatest: 'DELETE FROM latest WHERE vault = ? AND grp = ?',
};
