import type { MarketRow } from '../../../shared/market-api.ts';

/**
 * The market's rows in the browser: loaded once into number columns (wei strings parsed once per
 * load, not per compare), then filtered and sorted into an index list. A sort reads only typed
 * arrays, so a compare allocates nothing; a missing figure (no pool, no APR…) sorts last in
 * either order; ties keep the load order (parcel id).
 */

export const MARKET_COLUMNS = [
  'parcel',
  'sharesLeft',
  'offerPrice',
  'poolPrice',
  'value',
  'reserve',
  'buyout',
  'change',
  'volume',
  'apr',
  'hashRate',
  'rig',
  'holders',
  'distance',
] as const;
export type MarketColumn = (typeof MARKET_COLUMNS)[number];

export interface MarketFilter {
  /** Only parcels whose offering has shares left. */
  offering: boolean;
  /** Only parcels with a shares/WETH pool. */
  pool: boolean;
  /** Only parcels in a buyout auction. */
  buyout: boolean;
  /** Only parcels with an APR at least this (a fraction: 0.1 = 10 %); null: any. */
  aprMin: number | null;
  /** Only parcels within this many parcels (Chebyshev) of the player; null: any distance. */
  radius: number | null;
  /** Only these parcel ids (the player's holdings); null: all. */
  only: ReadonlySet<number> | null;
  /** Only the parcel at these coordinates; null: all. */
  at: { x: number; y: number } | null;
}

export const NO_FILTER: MarketFilter = {
  offering: false,
  pool: false,
  buyout: false,
  aprMin: null,
  radius: null,
  only: null,
  at: null,
};

export interface MarketSorting {
  column: MarketColumn;
  descending: boolean;
}

/** 10^18: wei per ETH, share units per share (both 18 decimals). */
const UNIT = 1e18;

/** The loaded rows and their sort keys by column (NaN: no figure). */
export interface MarketTable {
  rows: readonly MarketRow[];
  keys: Record<MarketColumn, Float64Array>;
}

/** Parses the rows' figures into number columns once; distances are measured from `from` later. */
export function loadMarket(rows: readonly MarketRow[]): MarketTable {
  const n = rows.length;
  const keys = Object.fromEntries(MARKET_COLUMNS.map((column) => [column, new Float64Array(n)])) as Record<
    MarketColumn,
    Float64Array
  >;
  for (let i = 0; i < n; i++) {
    const row = rows[i] as MarketRow;
    const sharesLeft = Number(row.offering.sharesLeft) / UNIT;
    keys.parcel[i] = row.parcelId;
    keys.sharesLeft[i] = sharesLeft;
    keys.offerPrice[i] = sharesLeft > 0 ? Number(row.offering.priceWei) / UNIT : Number.NaN;
    keys.poolPrice[i] = row.pool ? Number(row.pool.priceWei) / UNIT : Number.NaN;
    keys.value[i] = Number(row.impliedValueWei) / UNIT;
    keys.reserve[i] = Number(row.reserveWei) / UNIT;
    keys.buyout[i] = row.buyout ? row.buyout.endsAt : Number.NaN;
    keys.change[i] = row.change24h ?? Number.NaN;
    keys.volume[i] = row.volume24hEth;
    keys.apr[i] = row.staking.apr ?? Number.NaN;
    keys.hashRate[i] = row.hashRate;
    keys.rig[i] = row.rigLevel;
    keys.holders[i] = row.holders;
    keys.distance[i] = Number.NaN;
  }
  return { rows, keys };
}

/** Writes each row's Chebyshev distance (parcels) from the player's parcel into the distance column. */
export function measureFrom(table: MarketTable, from: { x: number; y: number } | null): void {
  const { rows, keys } = table;
  for (let i = 0; i < rows.length; i++) {
    const row = rows[i] as MarketRow;
    keys.distance[i] = from ? Math.max(Math.abs(row.x - from.x), Math.abs(row.y - from.y)) : Number.NaN;
  }
}

/**
 * Indexes into `table.rows` of the rows `filter` keeps, in `sorting`'s order. The distance
 * column (and the radius filter) use the last `measureFrom`; a radius without a measured
 * distance keeps nothing.
 */
export function listMarket(table: MarketTable, filter: MarketFilter, sorting: MarketSorting): Uint32Array {
  const { rows, keys } = table;
  const n = rows.length;
  const kept = new Uint32Array(n);
  let count = 0;
  const { sharesLeft, poolPrice, buyout, apr, distance } = keys;
  for (let i = 0; i < n; i++) {
    if (filter.offering && !((sharesLeft[i] as number) > 0)) continue;
    if (filter.pool && Number.isNaN(poolPrice[i])) continue;
    if (filter.buyout && Number.isNaN(buyout[i])) continue;
    // NaN (no APR) fails every comparison, so it never passes a minimum
    if (filter.aprMin !== null && !((apr[i] as number) >= filter.aprMin)) continue;
    if (filter.radius !== null && !((distance[i] as number) <= filter.radius)) continue;
    const row = rows[i] as MarketRow;
    if (filter.only && !filter.only.has(row.parcelId)) continue;
    if (filter.at && (row.x !== filter.at.x || row.y !== filter.at.y)) continue;
    kept[count++] = i;
  }
  const order = kept.subarray(0, count);
  // one key per row for this sort: signed by direction, a missing figure past every real one
  const column = keys[sorting.column];
  const sign = sorting.descending ? -1 : 1;
  const sortKey = new Float64Array(n);
  for (let j = 0; j < count; j++) {
    const i = order[j] as number;
    const key = column[i] as number;
    sortKey[i] = Number.isNaN(key) ? Number.POSITIVE_INFINITY : sign * key;
  }
  // Infinity - Infinity is NaN, which `||` turns into the load-order tie-break
  order.sort((a, b) => (sortKey[a] as number) - (sortKey[b] as number) || a - b);
  return order;
}
