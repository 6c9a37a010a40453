import { z } from 'zod';
import { CANDLE_INTERVALS, type Candle } from './candles.ts';
import { isParcelId, parseCoords } from './world.ts';

/**
 * The market's HTTP JSON API (`/api/market`, `/api/parcels/:id/history`, `/api/leaderboard`): the
 * query schemas both sides use and the answers' shapes. Amounts in wei or token units are decimal
 * strings (they pass 2^53); prices for charts are numbers in ETH per whole share.
 */

/** Columns the market sorts by. */
export const MARKET_SORTS = [
  'id',
  'value',
  'price',
  'change',
  'volume',
  'apr',
  'hashRate',
  'holders',
  'reserve',
  'rig',
  'endsAt',
  'offering',
  'distance',
] as const;
export type MarketSort = (typeof MARKET_SORTS)[number];

/** Most rows in one page of the market (and of a history list). */
export const MAX_PAGE_ROWS = 200;
/** Longest query string any API route reads, in characters. */
export const MAX_QUERY_CHARS = 1_024;

const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');
const coords = z
  .string()
  .max(16)
  .refine((text) => parseCoords(text) !== null, { message: 'not x,y on the map' })
  .transform((text) => parseCoords(text) as { x: number; y: number });
const address = z
  .string()
  .regex(/^0x[0-9a-fA-F]{40}$/, 'an address is 0x followed by 40 hex digits')
  .transform((value) => value.toLowerCase());
const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

export const marketQuerySchema = z
  .object({
    sort: z.enum(MARKET_SORTS).default('value'),
    order: z.enum(['asc', 'desc']).default('desc'),
    page: int(1, 100_000).default(1),
    limit: int(1, MAX_PAGE_ROWS).default(50),
    /** Only parcels whose offering still has shares. */
    offering: flag.optional(),
    /** Only parcels with a shares/WETH pool. */
    pool: flag.optional(),
    /** Only parcels in a buyout auction. */
    buyout: flag.optional(),
    /** Only parcels whose APR is at least this (a fraction: 0.1 = 10 %). */
    aprMin: z.coerce.number().min(0).max(1e6).optional(),
    /** Only parcels this address holds shares of (staked ones count). */
    holder: address.optional(),
    /** The parcel at "x,y". */
    q: coords.optional(),
    /** The player's place: distances are measured from it (sort=distance needs it). */
    near: coords.optional(),
    /** With `near`: only parcels within this many parcels (Chebyshev distance). */
    radius: int(0, 400).optional(),
    /**
     * Only parcels something happened to after this block (the live refresh of a client that read
     * everything up to it); the answer's `gone` lists those of them the query no longer lists.
     */
    since: int(0, Number.MAX_SAFE_INTEGER).optional(),
  })
  .strict()
  .refine((query) => query.sort !== 'distance' || query.near, { message: 'sort=distance needs near=x,y' })
  .refine((query) => query.radius === undefined || query.near, { message: 'radius needs near=x,y' });
export type MarketQuery = z.infer<typeof marketQuerySchema>;

export const historyQuerySchema = z
  .object({
    interval: z.enum(Object.keys(CANDLE_INTERVALS) as [keyof typeof CANDLE_INTERVALS]).default('1h'),
    /** Newest trades, candles, events and hash-rate samples, at most this many of each. */
    limit: int(1, MAX_PAGE_ROWS).default(100),
  })
  .strict();
export type HistoryQuery = z.infer<typeof historyQuerySchema>;

/** The query of a route that takes no parameters (`/api/holders/:address`, `/api/blocks/:block`, `/api/map`). */
export const noQuerySchema = z.object({}).strict();
/** A holder's address in a path. */
export const holderAddressSchema = address;
/** Most rows of a holder's movements one answer carries (oldest first). */
export const MAX_HOLDER_EVENTS = 5_000;

export const leaderboardQuerySchema = z.object({ limit: int(1, 100).default(10) }).strict();

/** A block number in a path (`/api/blocks/:block`). */
export const blockNumberSchema = z.coerce.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER);

/**
 * `/api/map`: every claimed parcel of the map as the indexer has it, for a client in zone rooms
 * (which hold the parcels of the zones in view only) to draw the whole map. Compact: `parcels`
 * holds three numbers per parcel, its id, its status (ParcelStatus) and its owner's index in
 * `owners`. Takes no query parameters.
 */
export interface MapParcels {
  /** The last block the indexer applied. */
  block: number;
  owners: string[];
  parcels: number[];
}

/** A parcel id in a path: an integer naming a parcel of the map. */
export const parcelIdSchema = z.coerce
  .number()
  .int()
  .refine(isParcelId, { message: 'not a parcel id of the map' });

export interface MarketRow {
  parcelId: number;
  x: number;
  y: number;
  vault: string;
  /** Share units in all. */
  supply: string;
  /** Share units the offering still has, and its price in wei per whole share. */
  offering: { sharesLeft: string; priceWei: string };
  /** The shares/WETH pool's reserves and price (wei per whole share); null without a pool. */
  pool: { pair: string; reserveShares: string; reserveWei: string; priceWei: string } | null;
  /** Pool price, else the offering price: wei per whole share. */
  priceWei: string;
  /** priceWei × supply, in wei. */
  impliedValueWei: string;
  /** The vote-weighted reserve price of the whole parcel, wei. */
  reserveWei: string;
  /** Running auction: highest bid (wei) and its end (unix seconds); null when none. */
  buyout: { bidWei: string; endsAt: number } | null;
  /** Price change over 24 h (a fraction), null without a trade before the window. */
  change24h: number | null;
  volume24hEth: number;
  trades24h: number;
  /** The staking pool: staked share units, ORE wei it receives per year (last 24 h × 365), APR. */
  staking: { stakedUnits: string; oreWeiPerYear: string; apr: number | null };
  /** Expected hashes per second over the last hour. */
  hashRate: number;
  rigLevel: number;
  /** Addresses holding shares (staked included), without the vault, its pool and staking. */
  holders: number;
  /** Chebyshev distance from `near`, when asked. */
  distance?: number;
}

export interface MarketPage {
  /** Last block indexed. */
  block: number;
  /** Wei per whole ORE, from the ORE/WETH pool; null while there is none. */
  orePriceWei: string | null;
  total: number;
  page: number;
  limit: number;
  rows: MarketRow[];
  /** Set when no row matched, in words. */
  empty?: string;
  /** With `since`: parcels something happened to since then that this query no longer lists. */
  gone?: number[];
}

export interface HolderRow {
  holder: string;
  /** Share units (staked included). */
  amount: string;
  /** Of the supply, a fraction. */
  ofSupply: number;
  kind: 'holder' | 'offering' | 'pool';
}

export interface HistoryEventRow {
  kind: string;
  block: number;
  txHash: string;
  logIndex: number;
  at: number;
  actor: string;
  amount: string;
  value: string;
  args: Record<string, string>;
}

/** One of a holder's share movements, payments, proceeds or claimed rewards (shared/portfolio-pnl.ts reads them). */
export interface HolderEventRow {
  kind: 'transfer' | 'offering-buy' | 'swap' | 'cash-out' | 'reward-paid';
  vault: string;
  parcelId: number;
  block: number;
  logIndex: number;
  txHash: string;
  at: number;
  /** The sender of a transfer; the buyer, trader, casher or staker of the other kinds. */
  actor: string;
  /** The recipient of a transfer. */
  counterparty: string;
  /** Share units (a swap's are < 0 for a sale), ORE wei for a reward. */
  amount: string;
  /** Wei paid or received. */
  value: string;
}

/** `/api/holders/:address`: what the portfolio's cost basis, rewards and value chart are made of. */
export interface HolderHistory {
  holder: string;
  /** The holder's rows, oldest first; at most MAX_HOLDER_EVENTS. */
  events: HolderEventRow[];
  /** Whether there were more (the newest are missing). */
  truncated: boolean;
  /** Wei per whole ORE, from the ORE/WETH pool; null while there is none. */
  orePriceWei: string | null;
  /** Hourly closes of each vault the holder ever had shares of, the newest week, oldest first. */
  prices: { vault: string; parcelId: number; points: { at: number; price: number }[] }[];
}

export interface ParcelHistory {
  parcelId: number;
  vault: string;
  trades: {
    block: number;
    txHash?: string;
    at: number;
    side: string;
    trader: string;
    shares: string;
    wei: string;
    price: number;
  }[];
  candles: Candle[];
  holders: HolderRow[];
  events: HistoryEventRow[];
  /** Hashes per second per 5-minute sample. */
  hashRate: { at: number; solutions: number; hashesPerSecond: number }[];
}

/** `/api/blocks/:block`: what the market history recorded in one block (a story line's link). */
export interface BlockHistory {
  block: number;
  blockHash: string;
  /** Unix seconds of the block. */
  at: number;
  /** Every kept log of the block in chain order (transfers and pool reserves too), at most MAX_PAGE_ROWS. */
  events: (HistoryEventRow & { parcelId: number })[];
  /** Whether the block had more. */
  truncated: boolean;
}

export interface LeaderboardMiner {
  miner: string;
  /** ORE mined (the miner's half of the rewards), in whole ORE. */
  ore: number;
  solutions: number;
}

export interface Leaderboard {
  miners24h: LeaderboardMiner[];
  minersAllTime: LeaderboardMiner[];
  parcelsByApr: MarketRow[];
  parcelsByValue: MarketRow[];
  parcelsByHashRate: MarketRow[];
}
