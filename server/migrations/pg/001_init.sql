-- Players, the work-share ledger, chat and sign-in sessions (server/pg-store.ts).
CREATE TABLE players (
  address TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  color TEXT NOT NULL,
  shares_accepted BIGINT NOT NULL DEFAULT 0,
  chat_lines BIGINT NOT NULL DEFAULT 0,
  first_seen BIGINT NOT NULL,
  last_seen BIGINT NOT NULL
);
CREATE INDEX players_by_last_seen ON players (last_seen);

CREATE TABLE work_shares (
  id BIGSERIAL PRIMARY KEY,
  address TEXT NOT NULL,
  parcel_id INTEGER NOT NULL,
  challenge TEXT NOT NULL,
  nonce TEXT NOT NULL,
  digest TEXT NOT NULL UNIQUE,
  difficulty DOUBLE PRECISION NOT NULL,
  at BIGINT NOT NULL
);
CREATE INDEX work_shares_by_address ON work_shares (address, at);

CREATE TABLE chat (
  id BIGSERIAL PRIMARY KEY,
  address TEXT NOT NULL,
  name TEXT NOT NULL,
  text TEXT NOT NULL,
  at BIGINT NOT NULL
);

CREATE TABLE sessions (
  id_hash TEXT PRIMARY KEY,
  address TEXT NOT NULL,
  chain_id BIGINT NOT NULL,
  expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_by_expiry ON sessions (expires_at);
