-- The market history (server/market/history-store.ts, SQLite's schema in history-schema.ts):
-- written by the process holding the indexer's lease, read by every process's market API.
-- Amounts in wei or token units are decimal TEXT. SQLite takes these tables from this file
-- (history-schema.ts): keep to types and forms both read.
CREATE TABLE events (
  block BIGINT NOT NULL,
  log_index INTEGER NOT NULL,
  block_hash TEXT NOT NULL,
  tx_hash TEXT NOT NULL,
  at BIGINT NOT NULL,
  kind TEXT NOT NULL,
  parcel_id INTEGER NOT NULL,
  vault TEXT NOT NULL,
  actor TEXT NOT NULL,
  counterparty TEXT NOT NULL,
  amount TEXT NOT NULL,
  value TEXT NOT NULL,
  args TEXT NOT NULL,
  PRIMARY KEY (block, log_index)
);
CREATE TABLE trades (
  block BIGINT NOT NULL,
  log_index INTEGER NOT NULL,
  parcel_id INTEGER NOT NULL,
  vault TEXT NOT NULL,
  at BIGINT NOT NULL,
  side TEXT NOT NULL,
  trader TEXT NOT NULL,
  shares TEXT NOT NULL,
  wei TEXT NOT NULL,
  price DOUBLE PRECISION NOT NULL,
  volume_eth DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (block, log_index)
);
CREATE TABLE candles (
  parcel_id INTEGER NOT NULL,
  "interval" INTEGER NOT NULL,
  at BIGINT NOT NULL,
  open DOUBLE PRECISION NOT NULL,
  high DOUBLE PRECISION NOT NULL,
  low DOUBLE PRECISION NOT NULL,
  close DOUBLE PRECISION NOT NULL,
  volume_eth DOUBLE PRECISION NOT NULL,
  trades INTEGER NOT NULL,
  PRIMARY KEY (parcel_id, "interval", at)
);
CREATE TABLE holdings (
  vault TEXT NOT NULL,
  holder TEXT NOT NULL,
  amount TEXT NOT NULL,
  PRIMARY KEY (vault, holder)
);
CREATE TABLE hash_rate (
  parcel_id INTEGER NOT NULL,
  at BIGINT NOT NULL,
  solutions INTEGER NOT NULL,
  hashes DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (parcel_id, at)
);
CREATE TABLE miners (
  miner TEXT PRIMARY KEY,
  ore TEXT NOT NULL,
  solutions INTEGER NOT NULL
);
CREATE TABLE latest (
  vault TEXT NOT NULL,
  grp TEXT NOT NULL,
  block BIGINT NOT NULL,
  log_index INTEGER NOT NULL,
  PRIMARY KEY (vault, grp)
);
CREATE INDEX events_by_parcel ON events (parcel_id, block, log_index);
CREATE INDEX events_by_vault ON events (vault, kind, block, log_index);
CREATE INDEX events_by_kind ON events (kind, at);
CREATE INDEX events_by_actor ON events (actor, kind);
CREATE INDEX events_by_counterparty ON events (counterparty, kind);
CREATE INDEX trades_by_parcel ON trades (parcel_id, at);
CREATE INDEX trades_by_time ON trades (at);
CREATE INDEX hash_rate_by_time ON hash_rate (at);
