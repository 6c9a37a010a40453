import { describe, expect, it } from 'vitest';
import { bucketOf, CANDLE_INTERVALS, foldCandles } from './candles.ts';

describe('foldCandles', () => {
  const hour = CANDLE_INTERVALS['1h'];
  const t0 = 1_800_000_000 - (1_800_000_000 % hour); // an hour boundary

  it('opens with the first trade of a bucket, closes with the last, and keeps the extremes and volume', () => {
    const candles = foldCandles(
      [
        { at: t0 + 10, price: 2, volumeEth: 1 },
        { at: t0 + 20, price: 5, volumeEth: 0.5 },
        { at: t0 + 30, price: 1, volumeEth: 0.25 },
        { at: t0 + 40, price: 3, volumeEth: 0.25 },
        // next hour, one hour empty in between
        { at: t0 + 2 * hour + 1, price: 4, volumeEth: 2 },
      ],
      hour,
    );
    expect(candles).toEqual([
      { at: t0, open: 2, high: 5, low: 1, close: 3, volumeEth: 2, trades: 4 },
      { at: t0 + 2 * hour, open: 4, high: 4, low: 4, close: 4, volumeEth: 2, trades: 1 },
    ]);
  });

  it('buckets by interval: a trade on a boundary starts the new bucket', () => {
    expect(bucketOf(t0 + hour - 1, hour)).toBe(t0);
    expect(bucketOf(t0 + hour, hour)).toBe(t0 + hour);
    const trades = [
      { at: t0, price: 1, volumeEth: 1 },
      { at: t0 + 299, price: 2, volumeEth: 1 },
      { at: t0 + 300, price: 3, volumeEth: 1 },
    ];
    expect(foldCandles(trades, CANDLE_INTERVALS['5m']).map((c) => c.trades)).toEqual([2, 1]);
    expect(foldCandles(trades, CANDLE_INTERVALS['1d']).map((c) => c.trades)).toEqual([3]);
  });

  it('refuses trades out of chain order and folds nothing into nothing', () => {
    expect(foldCandles([], hour)).toEqual([]);
    expect(() =>
      foldCandles(
        [
          { at: t0 + hour, price: 1, volumeEth: 1 },
          { at: t0, price: 1, volumeEth: 1 },
        ],
        hour,
      ),
    ).toThrow(/chain order/);
  });
});
