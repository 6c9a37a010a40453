import type { DatabaseSync } from 'node:sqlite';

/**
 * The market history's tables (server/market/history-store.ts says what each holds and how
 * they are kept) and the statements the store runs on them. Amounts in wei or token units are
 * decimal TEXT: they pass SQLite's 64-bit integers.
 */

export const SCHEMA = `
CREATE TABLE IF NOT EXISTS events (
  block INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  tx_hash TEXT NOT NULL,
  at INTEGER NOT NULL,
  kind TEXT NOT NULL,
  parcel_id INTEGER NOT NULL,
  vault TEXT NOT NULL,
  actor TEXT NOT NULL,
  counterparty TEXT NOT NULL,
  amount TEXT NOT NULL,
  value TEXT NOT NULL,
  args TEXT NOT NULL,
  PRIMARY KEY (block, log_index)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS trades (
  block INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  parcel_id INTEGER NOT NULL,
  vault TEXT NOT NULL,
  at INTEGER NOT NULL,
  side TEXT NOT NULL,
  trader TEXT NOT NULL,
  shares TEXT NOT NULL,
  wei TEXT NOT NULL,
  price REAL NOT NULL,
  volume_eth REAL NOT NULL,
  PRIMARY KEY (block, log_index)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS candles (
  parcel_id INTEGER NOT NULL,
  interval INTEGER NOT NULL,
  at INTEGER NOT NULL,
  open REAL NOT NULL,
  high REAL NOT NULL,
  low REAL NOT NULL,
  close REAL NOT NULL,
  volume_eth REAL NOT NULL,
  trades INTEGER NOT NULL,
  PRIMARY KEY (parcel_id, interval, at)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS holdings (
  vault TEXT NOT NULL,
  holder TEXT NOT NULL,
  amount TEXT NOT NULL,
  PRIMARY KEY (vault, holder)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS hash_rate (
  parcel_id INTEGER NOT NULL,
  at INTEGER NOT NULL,
  solutions INTEGER NOT NULL,
  hashes REAL NOT NULL,
  PRIMARY KEY (parcel_id, at)
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS miners (
  miner TEXT PRIMARY KEY,
  ore TEXT NOT NULL,
  solutions INTEGER NOT NULL
) STRICT, WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS latest (
  vault TEXT NOT NULL,
  grp TEXT NOT NULL,
  block INTEGER NOT NULL,
  log_index INTEGER NOT NULL,
  PRIMARY KEY (vault, grp)
) STRICT, WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS events_by_parcel ON events (parcel_id, block, log_index);
CREATE INDEX IF NOT EXISTS events_by_vault ON events (vault, kind, block, log_index);
CREATE INDEX IF NOT EXISTS events_by_kind ON events (kind, at);
CREATE INDEX IF NOT EXISTS events_by_actor ON events (actor, kind);
CREATE INDEX IF NOT EXISTS events_by_counterparty ON events (counterparty, kind);
CREATE INDEX IF NOT EXISTS trades_by_parcel ON trades (parcel_id, at);
CREATE INDEX IF NOT EXISTS trades_by_time ON trades (at);
CREATE INDEX IF NOT EXISTS hash_rate_by_time ON hash_rate (at);
`;

/** Tables a replay rebuilds, in the order a dump lists them (tests compare dumps). */
export const HISTORY_TABLES = ['events', 'trades', 'candles', 'holdings', 'hash_rate', 'miners', 'latest'];

/** Every statement the store runs, prepared once. */
export function prepareStatements(db: DatabaseSync) {
  const prepare = (sql: string) => db.prepare(sql);
  return {
    keysIn: prepare(
      'SELECT block, log_index, block_hash FROM events WHERE block BETWEEN ? AND ? ORDER BY 1, 2',
    ),
    eventsIn: prepare('SELECT * FROM events WHERE block BETWEEN ? AND ?'),
    deleteEvents: prepare('DELETE FROM events WHERE block BETWEEN ? AND ?'),
    deleteTrades: prepare('DELETE FROM trades WHERE block BETWEEN ? AND ?'),
    insertEvent: prepare('INSERT INTO events VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    insertTrade: prepare('INSERT INTO trades VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    holding: prepare('SELECT amount FROM holdings WHERE vault = ? AND holder = ?'),
    setHolding: prepare(
      'INSERT INTO holdings VALUES (?, ?, ?) ON CONFLICT (vault, holder) DO UPDATE SET amount = excluded.amount',
    ),
    dropHolding: prepare('DELETE FROM holdings WHERE vault = ? AND holder = ?'),
    miner: prepare('SELECT ore, solutions FROM miners WHERE miner = ?'),
    setMiner: prepare(
      'INSERT INTO miners VALUES (?, ?, ?) ON CONFLICT (miner) DO UPDATE SET ore = excluded.ore, solutions = excluded.solutions',
    ),
    dropMiner: prepare('DELETE FROM miners WHERE miner = ?'),
    tradesIn: prepare(
      'SELECT at, price, volume_eth FROM trades WHERE parcel_id = ? AND at >= ? AND at < ? ORDER BY block, log_index',
    ),
    deleteCandle: prepare('DELETE FROM candles WHERE parcel_id = ? AND interval = ? AND at = ?'),
    insertCandle: prepare('INSERT INTO candles VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)'),
    solutionsIn: prepare(
      `SELECT count(*) AS solutions, total(CAST(value AS REAL)) AS hashes FROM events
       WHERE kind = 'solution' AND parcel_id = ? AND at >= ? AND at < ?`,
    ),
    deleteHashRate: prepare('DELETE FROM hash_rate WHERE parcel_id = ? AND at = ?'),
    insertHashRate: prepare('INSERT INTO hash_rate VALUES (?, ?, ?, ?)'),
    latestOf: prepare(
      `SELECT block, log_index FROM events WHERE vault = ? AND kind IN (SELECT value FROM json_each(?))
       ORDER BY block DESC, log_index DESC LIMIT 1`,
    ),
    setLatest: prepare(
      'INSERT INTO latest VALUES (?, ?, ?, ?) ON CONFLICT (vault, grp) DO UPDATE SET block = excluded.block, log_index = excluded.log_index',
    ),
    dropLatest: prepare('DELETE FROM latest WHERE vault = ? AND grp = ?'),
  };
}
