import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { amountOutOf, poolPriceWei, quoteRemoval, quoteSwap } from './swap-quote.ts';

const E18 = 10n ** 18n;

describe('swap quotes', () => {
  it('keeps the output under the pre-trade price and the minimum under the output', () => {
    const reserve = fc.bigInt({ min: 1000n, max: 10n ** 30n });
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1n, max: 10n ** 27n }),
        reserve,
        reserve,
        fc.integer({ min: 0, max: 9999 }),
        (amountIn, rIn, rOut, slippage) => {
          const quote = quoteSwap(amountIn, rIn, rOut, slippage);
          expect(quote.amountOut).toBeLessThan(rOut);
          expect(quote.amountOut * rIn).toBeLessThanOrEqual(amountIn * rOut);
          expect(quote.minOut).toBeLessThanOrEqual(quote.amountOut);
          expect(quote.priceImpactBps).toBeGreaterThanOrEqual(0);
          expect(quote.priceImpactBps).toBeLessThanOrEqual(10_000);
        },
      ),
      { seed: 8, numRuns: 300 },
    );
  });

  it('matches the Uniswap V2 formula on a worked example', () => {
    // 1 ETH into 10 ETH / 1000 shares: 997 * 1000 / (10 * 1000 + 997) shares
    expect(amountOutOf(E18, 10n * E18, 1000n * E18)).toBe(
      (997n * E18 * 1000n * E18) / (10_000n * E18 + 997n * E18),
    );
    const quote = quoteSwap(E18, 10n * E18, 1000n * E18, 50);
    // the trade is 1/10 of the pool: the output falls short of the pre-trade price by 997/10997 ≈ 9.07 %
    expect(quote.priceImpactBps).toBe(906);
    expect(quote.minOut).toBe((quote.amountOut * 9950n) / 10_000n);
    expect(poolPriceWei(1000n * E18, 10n * E18)).toBe(E18 / 100n);
  });

  it('refuses empty pools, zero amounts and impossible slippage limits in words', () => {
    expect(() => quoteSwap(E18, 0n, E18, 50)).toThrow('the pool has no liquidity yet');
    expect(() => quoteSwap(0n, E18, E18, 50)).toThrow('the amount to swap must be more than zero');
    expect(() => quoteSwap(E18, E18, E18, 10_000)).toThrow(
      'the slippage limit must be between 0 and 99.99 %',
    );
    expect(() => quoteSwap(E18, E18, E18, 0.5)).toThrow(/slippage/);
  });

  it('quotes a removal as the pro-rata part of each reserve, minimums under it', () => {
    // a quarter of the pool tokens of a 1000-share / 10-ETH pool
    const quote = quoteRemoval(25n * E18, 100n * E18, 1000n * E18, 10n * E18, 100);
    expect(quote).toEqual({
      liquidity: 25n * E18,
      shares: 250n * E18,
      wei: (10n * E18) / 4n,
      minShares: (250n * E18 * 9900n) / 10_000n,
      minWei: (((10n * E18) / 4n) * 9900n) / 10_000n,
    });
    fc.assert(
      fc.property(
        fc.bigInt({ min: 1000n, max: 10n ** 30n }),
        // reserves of at least a million units: every removal below pays out something
        fc.bigInt({ min: 10n ** 6n, max: 10n ** 30n }),
        fc.bigInt({ min: 10n ** 6n, max: 10n ** 30n }),
        fc.integer({ min: 1, max: 1000 }),
        fc.integer({ min: 0, max: 9999 }),
        (supply, rShares, rWei, permille, slippage) => {
          const liquidity = (supply * BigInt(permille)) / 1000n;
          const q = quoteRemoval(liquidity, supply, rShares, rWei, slippage);
          // never more than the holder's part of either reserve
          expect(q.shares * supply).toBeLessThanOrEqual(liquidity * rShares);
          expect(q.wei * supply).toBeLessThanOrEqual(liquidity * rWei);
          expect(q.minShares).toBeLessThanOrEqual(q.shares);
          expect(q.minWei).toBeLessThanOrEqual(q.wei);
        },
      ),
      { seed: 8, numRuns: 300 },
    );
  });

  it('refuses removals of nothing or of more than the pool has, in words', () => {
    expect(() => quoteRemoval(0n, E18, E18, E18, 50)).toThrow('must be more than zero');
    expect(() => quoteRemoval(2n * E18, E18, E18, E18, 50)).toThrow('more pool tokens than the pool has');
    expect(() => quoteRemoval(1n, E18, 10n, E18, 50)).toThrow('would pay out nothing');
    expect(() => quoteRemoval(E18, E18, E18, E18, -1)).toThrow(/slippage/);
  });
});
