import type { DatabaseSync } from 'node:sqlite';
import { ZeroAddress } from 'ethers';
import { bucketOf, CANDLE_INTERVALS, foldCandles } from '../../shared/candles.ts';
import { ONE_ETH } from '../../shared/units.ts';
import { inTransaction, openDatabase } from '../sqlite.ts';
import type { HistoryEvent, HistoryKind } from './history-decode.ts';
import { HISTORY_TABLES, prepareStatements, SCHEMA } from './history-schema.ts';

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

/** The page cache of the history's connection, in KB. */
const CACHE_KB = 64 * 1024;

/** Seconds per hash-rate sample. */
export const HASH_RATE_BUCKET = 300;

type Row = Record<string, string | number | null>;

export class HistoryStore {
  readonly db: DatabaseSync;
  readonly #staking: string;
  readonly #statements: ReturnType<typeof prepareStatements>;

  /** `staking`: ParcelStaking, whose share balance belongs to the stakers (see #holdingDeltas). */
  constructor(dataDir: string, staking: string) {
    this.db = openDatabase(dataDir, 'market.sqlite');
    // a rebuild writes every row into five indexes of events: a page cache that holds them saves
    // re-reading their pages for each row (SQLite's default is 2 MB)
    this.db.exec(`PRAGMA cache_size = -${CACHE_KB}`);
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
  const volumeEth = Number(event.value) / Number(ONE_ETH);
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
