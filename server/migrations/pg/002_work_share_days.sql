-- Pruned work shares folded into day totals per miner and parcel (server/store.ts Retention).
CREATE INDEX work_shares_by_parcel ON work_shares (parcel_id, id);

CREATE TABLE work_share_days (
  address TEXT NOT NULL,
  parcel_id INTEGER NOT NULL,
  day BIGINT NOT NULL,
  shares BIGINT NOT NULL,
  hashes DOUBLE PRECISION NOT NULL,
  PRIMARY KEY (address, day, parcel_id)
);
