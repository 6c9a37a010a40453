import { ZeroAddress } from 'ethers';
import { bucketOf, CANDLE_INTERVALS, foldCandles } from '../../shared/candles.ts';
import { ONE_ETH } from '../../shared/units.ts';
import type { HistoryDb, Row, SqlValue } from './history-db.ts';
import type { HistoryEvent, HistoryKind } from './history-decode.ts';
import { HISTORY_TABLES, LATEST_GROUPS, STATEMENTS as S } from './history-schema.ts';

/**
 * The market history (in `<dataDir>/market.sqlite`, or in Postgres: history-db.ts): one row per kept log (`events`, keyed by block
 * and log index, with its block hash and tx hash) and what follows from them — `trades`, `candles`
 * (5 min / 1 h / 1 d), `holdings` per holder, `hash_rate` per 5 minutes, `miners`, `latest`.
 *
 * Writes go by block range: `replaceBlocks(from, to, events)` makes the rows of blocks from..to
 * exactly `events`, in one transaction, undoing the derived rows of whatever was there. So a page
 * applied twice (a restart replays from the deployment block) changes nothing, a page of a new
 * branch (a reorg replays) replaces the old branch's rows, and the tables always equal what a
 * fresh replay of the same chain writes. The rows are a cache of the chain: deleting them loses
 * nothing. With Postgres, only the process holding the indexer's lease writes (history-sink.ts).
 */

/** The group of kinds whose latest row per vault the market reads (pool reserves, reserve price, bid). */
const groupOf = (kind: HistoryKind) =>
  Object.keys(LATEST_GROUPS).find((group) => LATEST_GROUPS[group]?.includes(kind));

/** Seconds per hash-rate sample. */
export const HASH_RATE_BUCKET = 300;

export class HistoryStore {
  readonly #staking: string;

  /** `staking`: ParcelStaking, whose share balance belongs to the stakers (see #holdingDeltas). */
  constructor(
    readonly db: HistoryDb,
    staking: string,
  ) {
    this.#staking = staking;
  }

  /**
   * Makes the rows of blocks from..to exactly `events` (every kept log of those blocks, in chain
   * order). Resolves to false when they already were (same logs of the same block hashes): nothing written.
   */
  async replaceBlocks(from: number, to: number, events: readonly HistoryEvent[]): Promise<boolean> {
    const stored = await this.db.all(S.keysIn, [from, to]);
    const same =
      stored.length === events.length &&
      stored.every(
        (row, i) =>
          Number(row.block) === events[i]?.block &&
          Number(row.log_index) === events[i]?.logIndex &&
          row.block_hash === events[i]?.blockHash,
      );
    if (same) return false;
    await this.db.transaction(async (tx) => {
      const touched = new Touched();
      for (const old of await tx.all(S.eventsIn, [from, to])) this.#derive(rowToEvent(old), -1n, touched);
      await tx.run(S.deleteEvents, [from, to]);
      await tx.run(S.deleteTrades, [from, to]);
      await tx.insert('events', events.map(eventToRow));
      for (const event of events) this.#derive(event, 1n, touched);
      await this.#write(tx, touched);
      await this.#refresh(tx, touched);
    });
    return true;
  }

  /** Removes every row after block `block` (the chain is shorter now). */
  async truncateAfter(block: number): Promise<void> {
    await this.replaceBlocks(block + 1, Number.MAX_SAFE_INTEGER, []);
  }

  /** Every row of every table, in key order: a replay's fingerprint. */
  async dump(): Promise<Record<string, Row[]>> {
    const tables: [string, Row[]][] = [];
    for (const table of HISTORY_TABLES)
      tables.push([table, await this.db.all(`SELECT * FROM ${table} ORDER BY 1, 2, 3`)]);
    return Object.fromEntries(tables);
  }

  close(): Promise<void> {
    return this.db.close();
  }

  /**
   * Adds (`sign` 1) or takes back (-1) what `event` implies for the derived tables, to the page's
   * sums (`#write` writes them: one read and one write per holding and miner a page moved).
   */
  #derive(event: HistoryEvent, sign: bigint, touched: Touched): void {
    for (const [holder, delta] of this.#holdingDeltas(event))
      touched.addHolding(event.vault, holder, delta * sign);
    if (event.kind === 'solution') {
      touched.addMiner(event.actor, event.amount * sign, Number(sign));
      touched.hashRate.add(`${event.parcelId}:${bucketOf(event.at, HASH_RATE_BUCKET)}`);
    }
    const group = groupOf(event.kind);
    if (group) touched.latest.add(JSON.stringify([event.vault, group]));
    const trade = tradeOf(event);
    if (!trade) return;
    if (sign > 0n) touched.trades.push(trade);
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

  /** Writes the page's sums of holdings and miners, and its trades. */
  async #write(tx: HistoryDb, touched: Touched): Promise<void> {
    const moved = [...touched.holdings.values()].filter(({ delta }) => delta !== 0n);
    const held = await stored(
      tx,
      S.holdings,
      moved.map(({ vault, holder }) => [vault, holder]),
    );
    const holdings: SqlValue[][] = [];
    for (const { vault, holder, delta } of moved) {
      const amount = BigInt(held.get(JSON.stringify([vault, holder]))?.amount ?? 0) + delta;
      if (amount === 0n) await tx.run(S.dropHolding, [vault, holder]);
      else holdings.push([vault, holder, amount.toString()]);
    }
    await tx.insert('holdings', holdings, S.holdingConflict);
    const mined = [...touched.miners].filter(([, { ore, solutions }]) => solutions !== 0 || ore !== 0n);
    const rows = await stored(
      tx,
      S.miners,
      mined.map(([miner]) => [miner]),
    );
    const miners: SqlValue[][] = [];
    for (const [miner, { ore, solutions }] of mined) {
      const row = rows.get(JSON.stringify([miner]));
      const count = Number(row?.solutions ?? 0) + solutions;
      if (count === 0) await tx.run(S.dropMiner, [miner]);
      else miners.push([miner, (BigInt(row?.ore ?? 0) + ore).toString(), count]);
    }
    await tx.insert('miners', miners, S.minerConflict);
    await tx.insert('trades', touched.trades);
  }

  /** Recomputes the candles, hash-rate samples and latest rows the page touched, from what is stored now. */
  async #refresh(tx: HistoryDb, touched: Touched): Promise<void> {
    const candles: SqlValue[][] = [];
    for (const key of touched.candles) {
      const [parcelId, interval, at] = key.split(':').map(Number) as [number, number, number];
      await tx.run(S.deleteCandle, [parcelId, interval, at]);
      const trades = (await tx.all(S.tradesIn, [parcelId, at, at + interval])).map((row) => ({
        at: Number(row.at),
        price: Number(row.price),
        volumeEth: Number(row.volume_eth),
      }));
      for (const c of foldCandles(trades, interval))
        candles.push([parcelId, interval, c.at, c.open, c.high, c.low, c.close, c.volumeEth, c.trades]);
    }
    await tx.insert('candles', candles);
    const samples: SqlValue[][] = [];
    for (const key of touched.hashRate) {
      const [parcelId, at] = key.split(':').map(Number) as [number, number];
      await tx.run(S.deleteHashRate, [parcelId, at]);
      const [sample] = await tx.all(S.solutionsIn, [parcelId, at, at + HASH_RATE_BUCKET]);
      const solutions = Number(sample?.solutions ?? 0);
      if (solutions > 0) samples.push([parcelId, at, solutions, Number(sample?.hashes)]);
    }
    await tx.insert('hash_rate', samples);
    const latest: SqlValue[][] = [];
    for (const key of touched.latest) {
      const [vault, group] = JSON.parse(key) as [string, string];
      const [row] = await tx.all(S.latestOf[group] ?? '', [vault]);
      if (row) latest.push([vault, group, Number(row.block), Number(row.log_index)]);
      else await tx.run(S.dropLatest, [vault, group]);
    }
    await tx.insert('latest', latest, S.latestConflict);
  }
}

/** Keys looked up per statement by `stored`. */
const KEYS_PER_READ = 500;

/**
 * The stored rows of `keys` (each the values of the key columns), by the keys as JSON: `select`
 * takes the keys as `(…) IN (VALUES …)` after its text, and returns the key columns first.
 */
async function stored(tx: HistoryDb, select: string, keys: SqlValue[][]): Promise<Map<string, Row>> {
  const rows = new Map<string, Row>();
  const width = keys[0]?.length ?? 0;
  for (let at = 0; at < keys.length; at += KEYS_PER_READ) {
    const chunk = keys.slice(at, at + KEYS_PER_READ);
    const values = chunk.map(() => `(${Array.from({ length: width }, () => '?').join(', ')})`).join(', ');
    for (const row of await tx.all(`${select} (VALUES ${values})`, chunk.flat())) {
      rows.set(JSON.stringify(Object.values(row).slice(0, width)), row);
    }
  }
  return rows;
}

/**
 * What one page touched: candle buckets, hash-rate buckets and latest rows to recompute, and the
 * sums it moved.
 */
class Touched {
  readonly candles = new Set<string>();
  readonly hashRate = new Set<string>();
  readonly latest = new Set<string>();
  /** Share units moved per vault and holder. */
  readonly holdings = new Map<string, { vault: string; holder: string; delta: bigint }>();
  /** ORE wei and solutions per miner. */
  readonly miners = new Map<string, { ore: bigint; solutions: number }>();
  /** Trade rows to insert, in chain order. */
  readonly trades: SqlValue[][] = [];

  addHolding(vault: string, holder: string, delta: bigint): void {
    const key = `${vault}:${holder}`;
    const sum = this.holdings.get(key) ?? { vault, holder, delta: 0n };
    sum.delta += delta;
    this.holdings.set(key, sum);
  }

  addMiner(miner: string, ore: bigint, solutions: number): void {
    const sum = this.miners.get(miner) ?? { ore: 0n, solutions: 0 };
    sum.ore += ore;
    sum.solutions += solutions;
    this.miners.set(miner, sum);
  }
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
