import { stakingApr, YEAR_SECONDS } from '../../shared/apr.ts';
import type { Deployment } from '../../shared/deployment.ts';
import {
  MARKET_SORTS,
  type MarketPage,
  type MarketQuery,
  type MarketRow,
  type MarketSort,
} from '../../shared/market-api.ts';
import { ONE_SHARE } from '../../shared/units.ts';
import { ParcelStatus, parcelCoords } from '../../shared/world.ts';
import type { ParcelRecord } from '../chain-events.ts';
import { checksum } from '../contract-interfaces.ts';
import type { MarketQueries, VaultFacts } from './market-queries.ts';

/**
 * The market table: one row per fractionalized parcel, from the indexer's parcels (status, rig,
 * stake, auction end) and the history's facts (offering, pool, reserve, trades, rewards, hash
 * rate, holders); then filtered, sorted and paged per request.
 */

/** The parcels' rows at unix time `now`, and ORE's price (wei per ORE; null: no ORE/WETH pool yet). */
export function marketRows(
  parcels: readonly ParcelRecord[],
  facts: Map<string, VaultFacts>,
  orePriceWei: bigint | null,
): MarketRow[] {
  const rows: MarketRow[] = [];
  for (const parcel of parcels) {
    if (parcel.status !== ParcelStatus.Fractional && parcel.status !== ParcelStatus.Buyout) continue;
    const fact = facts.get(checksum(parcel.vault));
    if (fact) rows.push(rowOf(parcel, fact, orePriceWei));
  }
  return rows;
}

function rowOf(parcel: ParcelRecord, fact: VaultFacts, orePriceWei: bigint | null): MarketRow {
  const { x, y } = parcelCoords(parcel.id);
  const poolPrice =
    fact.pool && fact.pool.reserveShares > 0n
      ? (fact.pool.reserveWei * ONE_SHARE) / fact.pool.reserveShares
      : null;
  const price = poolPrice ?? fact.offerPrice;
  // ORE added over the last day, as a yearly stream (each reward streams over the pool's period)
  const oreWeiPerYear = (fact.rewards24h * BigInt(YEAR_SECONDS)) / 86_400n;
  const inBuyout = parcel.status === ParcelStatus.Buyout;
  return {
    parcelId: parcel.id,
    x,
    y,
    vault: fact.vault,
    supply: fact.supply.toString(),
    offering: { sharesLeft: fact.offeringLeft.toString(), priceWei: fact.offerPrice.toString() },
    pool:
      fact.pool && poolPrice !== null
        ? {
            pair: fact.pool.pair,
            reserveShares: fact.pool.reserveShares.toString(),
            reserveWei: fact.pool.reserveWei.toString(),
            priceWei: poolPrice.toString(),
          }
        : null,
    priceWei: price.toString(),
    impliedValueWei: ((price * fact.supply) / ONE_SHARE).toString(),
    reserveWei: fact.reservePrice.toString(),
    buyout: inBuyout ? { bidWei: String(fact.bid ?? 0n), endsAt: parcel.auctionEnd } : null,
    change24h:
      fact.priceBefore24h && fact.lastPrice !== null ? fact.lastPrice / fact.priceBefore24h - 1 : null,
    volume24hEth: fact.volume24hEth,
    trades24h: fact.trades24h,
    staking: {
      stakedUnits: parcel.staked.toString(),
      oreWeiPerYear: oreWeiPerYear.toString(),
      apr: stakingApr({ oreWeiPerYear, stakedUnits: parcel.staked, orePriceWei, sharePriceWei: price }),
    },
    hashRate: fact.hashes1h / 3_600,
    rigLevel: parcel.rigLevel,
    holders: fact.holders,
  };
}

/** The figure a sort column compares (numbers; wei figures as floats, close enough to order by). */
const SORT_KEYS: Record<MarketSort, (row: MarketRow) => number> = {
  id: (row) => row.parcelId,
  value: (row) => Number(row.impliedValueWei),
  price: (row) => Number(row.priceWei),
  change: (row) => row.change24h ?? Number.NEGATIVE_INFINITY,
  volume: (row) => row.volume24hEth,
  apr: (row) => row.staking.apr ?? Number.NEGATIVE_INFINITY,
  hashRate: (row) => row.hashRate,
  holders: (row) => row.holders,
  reserve: (row) => Number(row.reserveWei),
  rig: (row) => row.rigLevel,
  endsAt: (row) => row.buyout?.endsAt ?? Number.POSITIVE_INFINITY,
  offering: (row) => Number(row.offering.sharesLeft),
  distance: (row) => row.distance ?? 0,
};

/**
 * Which rows a query may keep beyond its filters: `held`, the vaults of `query.holder`;
 * `changed`, the parcels something happened to since `query.since`.
 */
export interface MarketScope {
  held?: Set<string> | null;
  changed?: Set<number> | null;
}

/** `rows` ordered by `key` (`order`), ties by parcel id: each row's key computed once. */
function sortRows(
  rows: readonly MarketRow[],
  key: (row: MarketRow) => number,
  order: MarketQuery['order'],
): MarketRow[] {
  const keys = rows.map(key);
  const sign = order === 'asc' ? 1 : -1;
  // ties by parcel id, so a page boundary never moves between requests
  const by = rows.map((_, i) => i);
  by.sort(
    (a, b) =>
      sign * ((keys[a] as number) - (keys[b] as number) || 0) ||
      (rows[a] as MarketRow).parcelId - (rows[b] as MarketRow).parcelId,
  );
  return by.map((i) => rows[i] as MarketRow);
}

/**
 * A snapshot's rows and their orders by each sort column, each sorted on first use and kept: a
 * request then only filters and pages (10,000 rows sort in milliseconds, too slow per request).
 */
export class SortedRows {
  readonly #orders = new Map<string, readonly MarketRow[]>();

  constructor(readonly rows: readonly MarketRow[]) {}

  by(sort: MarketSort, order: MarketQuery['order']): readonly MarketRow[] {
    const name = `${sort}:${order}`;
    let sorted = this.#orders.get(name);
    if (!sorted) {
      sorted = sortRows(this.rows, SORT_KEYS[sort], order);
      this.#orders.set(name, sorted);
    }
    return sorted;
  }
}

/** One page of `table`'s rows as `query` asks, within `scope`. */
export function marketPage(
  table: SortedRows,
  query: MarketQuery,
  { held, changed }: MarketScope,
  context: { block: number; orePriceWei: bigint | null },
): MarketPage {
  const near = query.near;
  const distance = (row: MarketRow) =>
    near ? Math.max(Math.abs(row.x - near.x), Math.abs(row.y - near.y)) : 0;
  // by distance from a place: this request's own order; any other column's is the snapshot's
  const ordered =
    near && query.sort === 'distance'
      ? sortRows(table.rows, distance, query.order)
      : table.by(query.sort, query.order);
  const matches = ordered.filter(
    (row) =>
      (!query.offering || (BigInt(row.offering.sharesLeft) > 0n && !row.buyout)) &&
      (!query.pool || row.pool !== null) &&
      (!query.buyout || row.buyout !== null) &&
      (query.aprMin === undefined || (row.staking.apr ?? -1) >= query.aprMin) &&
      (!held || held.has(row.vault)) &&
      (!changed || changed.has(row.parcelId)) &&
      (!query.q || (row.x === query.q.x && row.y === query.q.y)) &&
      (query.radius === undefined || distance(row) <= query.radius),
  );
  const start = (query.page - 1) * query.limit;
  const listed = changed ? new Set(matches.map((row) => row.parcelId)) : null;
  const page = matches.slice(start, start + query.limit);
  return {
    block: context.block,
    orePriceWei: context.orePriceWei?.toString() ?? null,
    total: matches.length,
    page: query.page,
    limit: query.limit,
    rows: near ? page.map((row) => ({ ...row, distance: distance(row) })) : page,
    ...(changed && listed
      ? { gone: [...changed].filter((id) => !listed.has(id)).sort((a, b) => a - b) }
      : {}),
    ...(matches.length === 0
      ? {
          empty:
            table.rows.length === 0 ? 'No parcel is on the market yet.' : 'No parcel matches these filters.',
        }
      : start >= matches.length
        ? { empty: `Page ${query.page} is past the last page (${Math.ceil(matches.length / query.limit)}).` }
        : {}),
  };
}

/** Lets timers and sockets run between the parts of a snapshot's build. */
const yieldToLoop = () => new Promise((resolve) => setImmediate(resolve));

interface Snapshot {
  table: SortedRows;
  orePriceWei: bigint | null;
  /** The indexed block its rows are of. */
  block: number;
  /** That block's hash: a reorg that replaces it at the same height needs rows of its own. */
  hash: string;
}

/** An indexed block: its number and hash. */
export interface IndexedBlock {
  block: number;
  hash: string;
}

/**
 * The market rows, rebuilt once per indexed block and once a minute (the 24 h windows move). A
 * new block's snapshot is waited for (a live refresh must not read rows older than the block it is
 * told); when only the minute moved, requests keep getting the last snapshot while the next is
 * built beside them, and the build yields to the event loop between its queries, so no request
 * waits for the whole rebuild (about a second at 10,000 parcels).
 */
export class MarketSnapshots {
  #key = '';
  /** The snapshot of `#key`, built or being built: requests that come meanwhile share one build. */
  #next: Promise<Snapshot> | null = null;
  /** The last snapshot built. */
  #last: Snapshot | null = null;

  constructor(
    readonly queries: MarketQueries,
    readonly deployment: Deployment,
  ) {}

  async get(parcels: () => ParcelRecord[], at: IndexedBlock, nowMs: number): Promise<Snapshot> {
    const now = Math.floor(nowMs / 1000);
    const key = `${at.block}:${at.hash}:${Math.floor(now / 60)}`;
    if (key !== this.#key || !this.#next) {
      this.#key = key;
      const built = this.#build(parcels, at, now);
      this.#next = built;
      built.then(
        (snapshot) => {
          if (this.#next === built) this.#last = snapshot;
        },
        // a failed build is not kept: the next request tries again
        () => {
          if (this.#next === built) this.#next = null;
        },
      );
    }
    const last = this.#last;
    return last && last.block === at.block && last.hash === at.hash ? last : this.#next;
  }

  async #build(parcels: () => ParcelRecord[], at: IndexedBlock, now: number): Promise<Snapshot> {
    const orePriceWei = await this.queries.orePriceWei(checksum(this.deployment.addresses.OreToken));
    const facts = await this.queries.vaultFacts(now, yieldToLoop);
    await yieldToLoop();
    const table = new SortedRows(marketRows(parcels(), facts, orePriceWei));
    // every column's order sorted here, a slice at a time, not by the first request that asks
    for (const sort of MARKET_SORTS.filter((column) => column !== 'distance')) {
      for (const order of ['desc', 'asc'] as const) {
        await yieldToLoop();
        table.by(sort, order);
      }
    }
    return { table, orePriceWei, ...at };
  }
}
