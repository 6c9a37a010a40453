import type { DatabaseSync } from 'node:sqlite';
import { ZeroAddress } from 'ethers';
import { bucketOf, CANDLE_INTERVALS, foldCandles } from '../../shared/candles.ts';
import { inTransaction, openDatabase } from '../sqlite.ts';
import type { HistoryEvent, HistoryKind } from './history-decode.ts';

/**
 * The market history in `<dataDir>/market.sqlite`: one row per kept log (`events`, keyed by block
 * and log index, with its block hash and tx hash) and what follows from them — `trades`, `candles`
 * (5 min / 1 h / 1 d), `holdings` per holder, `hash_rate` per 5 minutes, `miners`, `latest`.
 *
 * Writes go by block range: `replaceBlocks(from, to, events)` makes the rows of blocks from..to
 * exactly `events`, in one transaction, undoing the derived rows of whatever was there. So a page
 * applied twice (a restart replays from the deployment block) changes nothing, a page of a new
 * branch (a reorg replays) replaces the old branch's rows, and the tables always equal what a
 * fresh replay of the same chain writes. The file is a cache of the chain: deleting it loses
 * nothing.
 */

/** Kinds whose latest row per vault the market reads (the pool reserves, the reserve price, the bid). */
const LATEST_GROUPS: Record<string, HistoryKind[]> = {
  sync: ['sync'],
  vote: ['vote'],
  bid: ['buyout-start', 'bid'],
};
const groupOf = (kind: HistoryKind) =>
  Object.keys(LATEST_GROUPS).find((group) => LATEST_GROUPS[group]?.includes(kind));

/** Seconds per hash-rate sample. */
export const HASH_RATE_BUCKET = 300;

const SCHEMA = `
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
CREATE INDEX IF NOT EXISTS events_by_parcel ON events (parcel_id, block, log_index);
CREATE INDEX IF NOT EXISTS events_by_vault ON events (vault, kind, block, log_index);
CREATE INDEX IF NOT EXISTS events_by_kind ON events (kind, at);
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
CREATE INDEX IF NOT EXISTS trades_by_parcel ON trades (parcel_id, at);
CREATE INDEX IF NOT EXISTS trades_by_time ON trades (at);
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
CREATE INDEX IF NOT EXISTS hash_rate_by_time ON hash_rate (at);
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
`;

/** Tables a replay rebuilds, in the order a dump lists them (tests compare dumps). */
export const HISTORY_TABLES = ['events', 'trades', 'candles', 'holdings', 'hash_rate', 'miners', 'latest'];

type Row = Record<string, string | number | null>;

export class HistoryStore {
  readonly db: DatabaseSync;
  readonly #staking: string;
  readonly #statements: ReturnType<typeof prepareStatements>;

  /** `staking`: ParcelStaking, whose share balance belongs to the stakers (see #holdingDeltas). */
  constructor(dataDir: string, staking: string) {
    this.db = openDatabase(dataDir, 'market.sqlite');
    this.db.exec(SCHEMA);
    this.#staking = staking;
    this.#statements = prepareStatements(this.db);
  }

  /**
   * Makes the rows of blocks from..to exactly `events` (every kept log of those blocks, in chain
   * order). Returns false when they already were (same logs of the same block hashes): nothing written.
   */
  replaceBlocks(from: number, to: number, events: readonly HistoryEvent[]): boolean {
    const s = this.#statements;
    const stored = s.keysIn.all(from, to) as Row[];
    const same =
      stored.length === events.length &&
      stored.every(
        (row, i) =>
          row.block === events[i]?.block &&
          row.log_index === events[i]?.logIndex &&
          row.block_hash === events[i]?.blockHash,
      );
    if (same) return false;
    inTransaction(this.db, () => {
      const touched = new Touched();
      for (const old of s.eventsIn.all(from, to) as Row[]) this.#derive(rowToEvent(old), -1n, touched);
      s.deleteEvents.run(from, to);
      s.deleteTrades.run(from, to);
      for (const event of events) {
        s.insertEvent.run(...eventToRow(event));
        this.#derive(event, 1n, touched);
      }
      this.#refresh(touched);
    });
    return true;
  }

  /** Removes every row after block `block` (the chain is shorter now). */
  truncateAfter(block: number): void {
    this.replaceBlocks(block + 1, Number.MAX_SAFE_INTEGER, []);
  }

  /** Every row of every table, in key order: a replay's fingerprint. */
  dump(): Record<string, Row[]> {
    return Object.fromEntries(
      HISTORY_TABLES.map((table) => [
        table,
        this.db.prepare(`SELECT * FROM ${table} ORDER BY 1, 2, 3`).all() as Row[],
      ]),
    );
  }

  close(): void {
    if (this.db.isOpen) this.db.close();
  }

  /** Adds (`sign` 1) or takes back (-1) what `event` implies for the derived tables. */
  #derive(event: HistoryEvent, sign: bigint, touched: Touched): void {
    for (const [holder, delta] of this.#holdingDeltas(event))
      this.#addHolding(event.vault, holder, delta * sign);
    if (event.kind === 'solution') {
      this.#addMiner(event.actor, event.amount * sign, Number(sign));
      touched.hashRate.add(`${event.parcelId}:${bucketOf(event.at, HASH_RATE_BUCKET)}`);
    }
    const group = groupOf(event.kind);
    if (group) touched.latest.add(JSON.stringify([event.vault, group]));
    const trade = tradeOf(event);
    if (!trade) return;
    if (sign > 0n) this.#statements.insertTrade.run(...trade);
    for (const interval of Object.values(CANDLE_INTERVALS))
      touched.candles.add(`${event.parcelId}:${interval}:${bucketOf(event.at, interval)}`);
  }

  /**
   * Share holdings per holder an event moves. Staked shares stay their staker's: a stake moves
   * them back from ParcelStaking to the staker in the books (the transfer into staking that comes
   * with it moved them out), a withdrawal the other way, so staking itself holds nothing here.
   */
  #holdingDeltas(event: HistoryEvent): [string, bigint][] {
    switch (event.kind) {
      case 'transfer':
        return [
          [event.actor, -event.amount],
          [event.counterparty, event.amount],
        ].filter(([holder]) => holder !== ZeroAddress) as [string, bigint][];
      case 'stake':
        return [
          [event.actor, event.amount],
          [this.#staking, -event.amount],
        ];
      case 'withdraw':
        return [
          [event.actor, -event.amount],
          [this.#staking, event.amount],
        ];
      default:
        return [];
    }
  }

  #addHolding(vault: string, holder: string, delta: bigint): void {
    const s = this.#statements;
    const row = s.holding.get(vault, holder) as Row | undefined;
    const amount = BigInt(row?.amount ?? 0) + delta;
    if (amount === 0n) s.dropHolding.run(vault, holder);
    else s.setHolding.run(vault, holder, amount.toString());
  }

  #addMiner(miner: string, ore: bigint, solutions: number): void {
    const s = this.#statements;
    const row = s.miner.get(miner) as Row | undefined;
    const count = Number(row?.solutions ?? 0) + solutions;
    if (count === 0) s.dropMiner.run(miner);
    else s.setMiner.run(miner, (BigInt(row?.ore ?? 0) + ore).toString(), count);
  }

  /** Recomputes the candles, hash-rate samples and latest rows the page touched, from what is stored now. */
  #refresh(touched: Touched): void {
    const s = this.#statements;
    for (const key of touched.candles) {
      const [parcelId, interval, at] = key.split(':').map(Number) as [number, number, number];
      s.deleteCandle.run(parcelId, interval, at);
      const trades = (s.tradesIn.all(parcelId, at, at + interval) as Row[]).map((row) => ({
        at: Number(row.at),
        price: Number(row.price),
        volumeEth: Number(row.volume_eth),
      }));
      for (const c of foldCandles(trades, interval))
        s.insertCandle.run(parcelId, interval, c.at, c.open, c.high, c.low, c.close, c.volumeEth, c.trades);
    }
    for (const key of touched.hashRate) {
      const [parcelId, at] = key.split(':').map(Number) as [number, number];
      s.deleteHashRate.run(parcelId, at);
      const sample = s.solutionsIn.get(parcelId, at, at + HASH_RATE_BUCKET) as {
        solutions: number;
        hashes: number;
      };
      if (sample.solutions > 0) s.insertHashRate.run(parcelId, at, sample.solutions, sample.hashes);
    }
    for (const key of touched.latest) {
      const [vault, group] = JSON.parse(key) as [string, string];
      const row = s.latestOf.get(vault, JSON.stringify(LATEST_GROUPS[group])) as
        | { block: number; log_index: number }
        | undefined;
      if (row) s.setLatest.run(vault, group, row.block, row.log_index);
      else s.dropLatest.run(vault, group);
    }
  }
}

/** Every statement the store runs, prepared once. */
function prepareStatements(db: DatabaseSync) {
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

/** What one page touched: candle buckets, hash-rate buckets and latest rows to recompute. */
class Touched {
  readonly candles = new Set<string>();
  readonly hashRate = new Set<string>();
  readonly latest = new Set<string>();
}

/** A trade row for an offering buy or a swap, null for other kinds. */
function tradeOf(event: HistoryEvent): (string | number)[] | null {
  if (event.kind !== 'offering-buy' && event.kind !== 'swap') return null;
  const shares = event.amount < 0n ? -event.amount : event.amount;
  if (shares === 0n) return null;
  const side = event.kind === 'offering-buy' ? 'offering' : event.amount > 0n ? 'buy' : 'sell';
  // shares and wei both have 18 decimals: their ratio is ETH per whole share
  const price = Number(event.value) / Number(shares);
  const volumeEth = Number(event.value) / 1e18;
  const { block, logIndex, parcelId, vault, at, actor } = event;
  return [
    block,
    logIndex,
    parcelId,
    vault,
    at,
    side,
    actor,
    shares.toString(),
    event.value.toString(),
    price,
    volumeEth,
  ];
}

function eventToRow(e: HistoryEvent): (string | number)[] {
  return [
    e.block,
    e.logIndex,
    e.blockHash,
    e.txHash,
    e.at,
    e.kind,
    e.parcelId,
    e.vault,
    e.actor,
    e.counterparty,
    e.amount.toString(),
    e.value.toString(),
    JSON.stringify(e.args),
  ];
}

export function rowToEvent(row: Row): HistoryEvent {
  return {
    block: Number(row.block),
    logIndex: Number(row.log_index),
    blockHash: String(row.block_hash),
    txHash: String(row.tx_hash),
    at: Number(row.at),
    kind: String(row.kind) as HistoryKind,
    parcelId: Number(row.parcel_id),
    vault: String(row.vault),
    actor: String(row.actor),
    counterparty: String(row.counterparty),
    amount: BigInt(String(row.amount)),
    value: BigInt(String(row.value)),
    args: JSON.parse(String(row.args)) as Record<string, string>,
  };
}
