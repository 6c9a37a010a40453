import { getAddress } from 'ethers';
import type { Candle } from '../../shared/candles.ts';
import {
  type BlockHistory,
  type HistoryEventRow,
  type HolderEventRow,
  type HolderHistory,
  type HolderRow,
  type LeaderboardMiner,
  MAX_HOLDER_EVENTS,
  type ParcelHistory,
} from '../../shared/market-api.ts';
import { ONE_ORE, ONE_SHARE } from '../../shared/units.ts';
import type { HistoryDb, Row, SqlValue } from './history-db.ts';
import { HASH_RATE_BUCKET } from './history-store.ts';

/**
 * Reads of the market history for the API: what the market table needs per vault (in a few
 * grouped queries over all vaults), one parcel's story, the miners' leaderboard.
 */

/** What the history says of one vault now. */
export interface VaultFacts {
  vault: string;
  parcelId: number;
  supply: bigint;
  /** Wei per whole share of the offering. */
  offerPrice: bigint;
  offeringLeft: bigint;
  /** The latest reserve vote's outcome, else the curator's anchor. */
  reservePrice: bigint;
  pool: { pair: string; reserveShares: bigint; reserveWei: bigint } | null;
  /** Highest bid of the latest auction (wei), null before any. */
  bid: bigint | null;
  trades24h: number;
  volume24hEth: number;
  /** ETH per share: of the last trade, and of the last one before the 24 h window. */
  lastPrice: number | null;
  priceBefore24h: number | null;
  /** ORE wei added to the staking pool in the last 24 h. */
  rewards24h: bigint;
  /** Expected hashes found in the last hour. */
  hashes1h: number;
  holders: number;
}

/** A vault's facts before anything but its fractionalization happened. */
export const NOTHING_YET: Omit<VaultFacts, 'vault' | 'parcelId' | 'supply' | 'offerPrice' | 'reservePrice'> =
  {
    offeringLeft: 0n,
    pool: null,
    bid: null,
    trades24h: 0,
    volume24hEth: 0,
    lastPrice: null,
    priceBefore24h: null,
    rewards24h: 0n,
    hashes1h: 0,
    holders: 0,
  };

const DAY = 86_400;
const HOUR = 3_600;
const WEEK_HOURS = 168;

/** A row of `events` as the API sends it. */
const historyEventRow = (row: Row): HistoryEventRow => ({
  kind: String(row.kind),
  block: Number(row.block),
  txHash: String(row.tx_hash),
  logIndex: Number(row.log_index),
  at: Number(row.at),
  actor: String(row.actor),
  amount: String(row.amount),
  value: String(row.value),
  args: JSON.parse(String(row.args)) as Record<string, string>,
});

/** Kinds a parcel's story leaves out: bookkeeping that other rows already tell. */
const STORY_SKIPS = ['sync', 'transfer', 'reward-added', 'solution'];

export class MarketQueries {
  constructor(
    readonly db: HistoryDb,
    /** ParcelStaking: never a holder in the cap table. */
    readonly staking: string,
  ) {}

  #all(sql: string, ...params: SqlValue[]): Promise<Row[]> {
    return this.db.all(sql, params);
  }

  /**
   * Facts of every vault the history knows, at unix time `now`. `pause` runs between the queries
   * (a build beside requests lets them in there).
   */
  async vaultFacts(
    now: number,
    pause: () => Promise<unknown> = async () => {},
  ): Promise<Map<string, VaultFacts>> {
    const facts = new Map<string, VaultFacts>();
    const all = async (sql: string, ...params: SqlValue[]) => {
      await pause();
      return this.#all(sql, ...params);
    };
    for (const row of await this.#all(
      `SELECT vault, parcel_id, amount, value, args FROM events WHERE kind = 'fractionalize'`,
    )) {
      const vault = String(row.vault);
      facts.set(vault, {
        ...NOTHING_YET,
        vault,
        parcelId: Number(row.parcel_id),
        supply: BigInt(String(row.amount)),
        offerPrice: BigInt(String(row.value)),
        reservePrice: BigInt((JSON.parse(String(row.args)) as { reservePrice: string }).reservePrice),
      });
    }
    const each = (rows: Row[], apply: (fact: VaultFacts, row: Row) => void) => {
      for (const row of rows) {
        const fact = facts.get(String(row.vault));
        if (fact) apply(fact, row);
      }
    };
    each(await all('SELECT vault, amount FROM holdings WHERE holder = vault'), (fact, row) => {
      fact.offeringLeft = BigInt(String(row.amount));
    });
    const pairs = await all(`SELECT vault, counterparty AS pair FROM events WHERE kind = 'pool-created'`);
    const pairOf = new Map(pairs.map((row) => [String(row.vault), String(row.pair)]));
    each(
      await all(
        'SELECT l.vault, l.grp, e.amount, e.value FROM latest l JOIN events e USING (block, log_index)',
      ),
      (fact, row) => {
        if (row.grp === 'sync')
          fact.pool = {
            pair: pairOf.get(fact.vault) ?? '',
            reserveShares: BigInt(String(row.amount)),
            reserveWei: BigInt(String(row.value)),
          };
        else if (row.grp === 'vote') fact.reservePrice = BigInt(String(row.value));
        else fact.bid = BigInt(String(row.value));
      },
    );
    each(
      await all(
        'SELECT vault, count(*) AS n, coalesce(sum(volume_eth), 0) AS eth FROM trades WHERE at >= ? GROUP BY vault',
        now - DAY,
      ),
      (fact, row) => {
        fact.trades24h = Number(row.n);
        fact.volume24hEth = Number(row.eth);
      },
    );
    const lastPrice = this.db.dialect.lastPrices;
    each(await all(lastPrice, Number.MAX_SAFE_INTEGER), (fact, row) => {
      fact.lastPrice = Number(row.price);
    });
    each(await all(lastPrice, now - DAY), (fact, row) => {
      fact.priceBefore24h = Number(row.price);
    });
    each(
      await all(
        `SELECT vault, ${this.db.dialect.joined('amount')} AS amounts FROM events WHERE kind = 'reward-added' AND at >= ? GROUP BY vault`,
        now - DAY,
      ),
      (fact, row) => {
        fact.rewards24h = String(row.amounts)
          .split(',')
          .reduce((sum, amount) => sum + BigInt(amount), 0n);
      },
    );
    const byParcel = new Map([...facts.values()].map((fact) => [fact.parcelId, fact]));
    for (const row of await all(
      'SELECT parcel_id, coalesce(sum(hashes), 0) AS h FROM hash_rate WHERE at >= ? GROUP BY parcel_id',
      now - HOUR,
    )) {
      const fact = byParcel.get(Number(row.parcel_id));
      if (fact) fact.hashes1h = Number(row.h);
    }
    // holders: every holder but the offering (the vault itself), staking and the vault's pool
    each(
      await all(
        'SELECT vault, count(*) AS n FROM holdings WHERE holder != vault AND holder != ? GROUP BY vault',
        this.staking,
      ),
      (fact, row) => {
        fact.holders = Number(row.n);
      },
    );
    each(
      await all(
        `SELECT h.vault FROM events p JOIN holdings h ON h.vault = p.vault AND h.holder = p.counterparty
         WHERE p.kind = 'pool-created'`,
      ),
      (fact) => {
        fact.holders -= 1;
      },
    );
    return facts;
  }

  /** Vaults `holder` has shares of (staked included). */
  async vaultsHeldBy(holder: string): Promise<Set<string>> {
    return new Set(
      (await this.#all('SELECT vault FROM holdings WHERE lower(holder) = lower(?)', holder)).map((row) =>
        String(row.vault),
      ),
    );
  }

  /** Parcels with any history after block `block` (the ORE/WETH pool's -1 left out). */
  async parcelsTouchedSince(block: number): Promise<Set<number>> {
    return new Set(
      (
        await this.#all('SELECT DISTINCT parcel_id FROM events WHERE block > ? AND parcel_id >= 0', block)
      ).map((row) => Number(row.parcel_id)),
    );
  }

  /** Wei per whole ORE from the latest reserves of the ORE/WETH pool; null while there is none. */
  async orePriceWei(oreToken: string): Promise<bigint | null> {
    const [row] = await this.#all(
      `SELECT e.amount, e.value FROM latest l JOIN events e USING (block, log_index) WHERE l.vault = ? AND l.grp = 'sync'`,
      oreToken,
    );
    const ore = BigInt(String(row?.amount ?? 0));
    return ore > 0n ? (BigInt(String(row?.value)) * ONE_SHARE) / ore : null;
  }

  /** Whether the history has anything of the parcel. */
  async knows(parcelId: number): Promise<boolean> {
    return (await this.#all('SELECT 1 FROM events WHERE parcel_id = ? LIMIT 1', parcelId)).length > 0;
  }

  /**
   * The parcel's story, the newest `limit` entries of each list (oldest first); the cap table is
   * of its latest vault (the current one while fractionalized).
   */
  async parcelHistory(parcelId: number, interval: number, limit: number): Promise<ParcelHistory> {
    const newest = <T>(rows: T[]) => rows.reverse();
    const [split] = await this.#all(
      `SELECT vault, amount FROM events WHERE parcel_id = ? AND kind = 'fractionalize' ORDER BY block DESC LIMIT 1`,
      parcelId,
    );
    const vault = String(split?.vault ?? '');
    const supply = BigInt(String(split?.amount ?? 0));
    const trades = newest(
      await this.#all(
        `SELECT t.block, e.tx_hash, t.at, t.side, t.trader, t.shares, t.wei, t.price FROM trades t
         JOIN events e USING (block, log_index) WHERE t.parcel_id = ? ORDER BY t.block DESC, t.log_index DESC LIMIT ?`,
        parcelId,
        limit,
      ),
    ).map((row) => ({
      block: Number(row.block),
      txHash: String(row.tx_hash),
      at: Number(row.at),
      side: String(row.side),
      trader: String(row.trader),
      shares: String(row.shares),
      wei: String(row.wei),
      price: Number(row.price),
    }));
    const candles = newest(
      await this.#all(
        'SELECT * FROM candles WHERE parcel_id = ? AND "interval" = ? ORDER BY at DESC LIMIT ?',
        parcelId,
        interval,
        limit,
      ),
    ).map(
      (row): Candle => ({
        at: Number(row.at),
        open: Number(row.open),
        high: Number(row.high),
        low: Number(row.low),
        close: Number(row.close),
        volumeEth: Number(row.volume_eth),
        trades: Number(row.trades),
      }),
    );
    const [pool] = await this.#all(
      `SELECT counterparty FROM events WHERE vault = ? AND kind = 'pool-created'`,
      vault,
    );
    const pair = pool?.counterparty;
    // the largest first, in SQL: a vault's whole holder list never comes out (amounts are
    // decimal text without leading zeros, so the longer is the larger)
    const holders = (
      await this.#all(
        `SELECT holder, amount FROM holdings WHERE vault = ? AND holder != ?
       ORDER BY length(amount) DESC, amount DESC, holder LIMIT ?`,
        vault,
        this.staking,
        limit,
      )
    ).map(
      (row): HolderRow => ({
        holder: String(row.holder),
        amount: String(row.amount),
        ofSupply: supply > 0n ? Number((BigInt(String(row.amount)) * 1_000_000n) / supply) / 1_000_000 : 0,
        kind: row.holder === vault ? 'offering' : row.holder === pair ? 'pool' : 'holder',
      }),
    );
    const skips = STORY_SKIPS.map((kind) => `'${kind}'`).join(', ');
    const events = newest(
      await this.#all(
        `SELECT * FROM events WHERE parcel_id = ? AND kind NOT IN (${skips}) ORDER BY block DESC, log_index DESC LIMIT ?`,
        parcelId,
        limit,
      ),
    ).map(historyEventRow);
    const hashRate = newest(
      await this.#all(
        'SELECT at, solutions, hashes FROM hash_rate WHERE parcel_id = ? ORDER BY at DESC LIMIT ?',
        parcelId,
        limit,
      ),
    ).map((row) => ({
      at: Number(row.at),
      solutions: Number(row.solutions),
      hashesPerSecond: Number(row.hashes) / HASH_RATE_BUCKET,
    }));
    return { parcelId, vault, trades, candles, holders, events, hashRate };
  }

  /** What the history recorded in block `block` (at most `limit` rows); null when nothing. */
  async blockHistory(block: number, limit: number): Promise<BlockHistory | null> {
    const rows = await this.#all(
      'SELECT * FROM events WHERE block = ? ORDER BY log_index LIMIT ?',
      block,
      limit + 1,
    );
    const [first] = rows;
    if (!first) return null;
    return {
      block,
      blockHash: String(first.block_hash),
      at: Number(first.at),
      events: rows
        .slice(0, limit)
        .map((row) => ({ ...historyEventRow(row), parcelId: Number(row.parcel_id) })),
      truncated: rows.length > limit,
    };
  }

  /**
   * A holder's share transfers (those to and from staking left out: staked shares stay theirs),
   * payments, proceeds and claimed rewards, oldest first; and the hourly closes of their vaults.
   */
  async holderHistory(address: string): Promise<Omit<HolderHistory, 'orePriceWei'>> {
    const holder = getAddress(address);
    const rows = await this.#all(
      `SELECT * FROM (
         SELECT * FROM events WHERE actor = ? AND kind IN ('offering-buy', 'swap', 'cash-out', 'reward-paid')
         UNION ALL SELECT * FROM events WHERE actor = ? AND kind = 'transfer' AND counterparty NOT IN (?, ?)
         UNION ALL SELECT * FROM events WHERE counterparty = ? AND kind = 'transfer' AND actor != ?) AS mine
       ORDER BY block, log_index LIMIT ?`,
      holder,
      holder,
      holder,
      this.staking,
      holder,
      this.staking,
      MAX_HOLDER_EVENTS + 1,
    );
    const events = rows.slice(0, MAX_HOLDER_EVENTS).map(
      (row): HolderEventRow => ({
        kind: String(row.kind) as HolderEventRow['kind'],
        vault: String(row.vault),
        parcelId: Number(row.parcel_id),
        block: Number(row.block),
        logIndex: Number(row.log_index),
        txHash: String(row.tx_hash),
        at: Number(row.at),
        actor: String(row.actor),
        counterparty: String(row.counterparty),
        amount: String(row.amount),
        value: String(row.value),
      }),
    );
    const vaults = new Map(events.map((event) => [event.vault, event.parcelId]));
    const prices: HolderHistory['prices'] = [];
    for (const [vault, parcelId] of vaults) {
      const closes = await this.#all(
        `SELECT at, close FROM candles WHERE parcel_id = ? AND "interval" = ? ORDER BY at DESC LIMIT ?`,
        parcelId,
        HOUR,
        WEEK_HOURS,
      );
      prices.push({
        vault,
        parcelId,
        points: closes.reverse().map((row) => ({ at: Number(row.at), price: Number(row.close) })),
      });
    }
    return { holder, events, truncated: rows.length > MAX_HOLDER_EVENTS, prices };
  }

  /** Top miners by ORE mined: since `since` (unix seconds), or all time when null. */
  async topMiners(since: number | null, limit: number): Promise<LeaderboardMiner[]> {
    const rows =
      since === null
        ? await this.#all(
            'SELECT miner, ore, solutions FROM miners ORDER BY CAST(ore AS DOUBLE PRECISION) DESC, miner LIMIT ?',
            limit,
          )
        : await this.#all(
            `SELECT actor AS miner, coalesce(sum(CAST(amount AS DOUBLE PRECISION)), 0) AS ore, count(*) AS solutions FROM events
             WHERE kind = 'solution' AND at >= ? GROUP BY actor ORDER BY ore DESC, actor LIMIT ?`,
            since,
            limit,
          );
    // whole ORE as a float: a leaderboard figure, not a balance
    return rows.map((row) => ({
      miner: String(row.miner),
      ore: Number(row.ore) / Number(ONE_ORE),
      solutions: Number(row.solutions),
    }));
  }
}
