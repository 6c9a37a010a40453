/**
 * Price candles of a parcel's shares, a pure fold over its trades: the server stores them per
 * interval, the client may fold live trades the same way.
 */

/** Candle lengths the history offers, in seconds. */
export const CANDLE_INTERVALS = { '5m': 300, '1h': 3_600, '1d': 86_400 } as const;
export type CandleInterval = keyof typeof CANDLE_INTERVALS;

/** One trade as a candle sees it. */
export interface TradePoint {
  /** Unix seconds (the block's time). */
  at: number;
  /** ETH per whole share. */
  price: number;
  /** ETH that changed hands. */
  volumeEth: number;
}

export interface Candle {
  /** Unix seconds of the bucket's start (a multiple of the interval). */
  at: number;
  open: number;
  high: number;
  low: number;
  close: number;
  /** ETH traded in the bucket. */
  volumeEth: number;
  trades: number;
}

/** Start of the bucket of `interval` seconds that `at` falls in. */
export const bucketOf = (at: number, interval: number): number => at - (at % interval);

/**
 * Candles of `interval` seconds over `trades`, which come in chain order (block, then log
 * index): open is the first trade of a bucket, close the last. Empty buckets are left out.
 */
export function foldCandles(trades: readonly TradePoint[], interval: number): Candle[] {
  const candles: Candle[] = [];
  for (const trade of trades) {
    const at = bucketOf(trade.at, interval);
    const last = candles.at(-1);
    if (last && last.at === at) {
      last.high = Math.max(last.high, trade.price);
      last.low = Math.min(last.low, trade.price);
      last.close = trade.price;
      last.volumeEth += trade.volumeEth;
      last.trades += 1;
      continue;
    }
    if (last && at < last.at) throw new Error('trades must come in chain order');
    candles.push({
      at,
      open: trade.price,
      high: trade.price,
      low: trade.price,
      close: trade.price,
      volumeEth: trade.volumeEth,
      trades: 1,
    });
  }
  return candles;
}
