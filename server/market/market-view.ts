import { getAddress } from 'ethers';
import { stakingApr, YEAR_SECONDS } from '../../shared/apr.ts';
import type { Deployment } from '../../shared/deployment.ts';
import type { MarketPage, MarketQuery, MarketRow, MarketSort } from '../../shared/market-api.ts';
import { ONE_SHARE } from '../../shared/units.ts';
import { ParcelStatus, parcelCoords } from '../../shared/world.ts';
import type { ParcelRecord } from '../chain-events.ts';
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
    const fact = facts.get(getAddress(parcel.vault));
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

/** The market rows, rebuilt at most once per indexed block and minute (the 24 h windows move). */
export class MarketSnapshots {
  #key = '';
  /** The rows of `#key`, built or being built: requests that come meanwhile share one build. */
  #snapshot: Promise<{ table: SortedRows; orePriceWei: bigint | null }> | null = null;

  constructor(
    readonly queries: MarketQueries,
    readonly deployment: Deployment,
  ) {}

  async get(parcels: () => ParcelRecord[], block: number, nowMs: number) {
    const now = Math.floor(nowMs / 1000);
    const key = `${block}:${Math.floor(now / 60)}`;
    if (key !== this.#key || !this.#snapshot) {
      this.#key = key;
      const built = this.#build(parcels, now);
      this.#snapshot = built;
      // a failed build is not kept: the next request tries again
      built.catch(() => {
        if (this.#snapshot === built) this.#snapshot = null;
      });
    }
    return { ...(await this.#snapshot), block };
  }

  async #build(parcels: () => ParcelRecord[], now: number) {
    const orePriceWei = await this.queries.orePriceWei(getAddress(this.deployment.addresses.OreToken));
    const facts = await this.queries.vaultFacts(now);
    return { table: new SortedRows(marketRows(parcels(), facts, orePriceWei)), orePriceWei };
  }
}
