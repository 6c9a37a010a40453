import { describe, expect, it } from 'vitest';
import { ONE_ETH, ONE_SHARE } from '../../../shared/units.ts';
import { parseAmount } from '../chain/amount.ts';
import { floorBySlippage, poolPriceWei, quoteSwap } from '../chain/swap-quote.ts';
import {
  DEFAULT_POOL_SHARES,
  DEFAULT_SLIPPAGE_PERCENT,
  FALLBACK_POOL_WEI,
  impactTone,
  liquidityOfPercent,
  poolDefaults,
  poolSideWei,
  slippageBps,
  swapDefault,
} from './pool-terms.ts';

describe('pool terms', () => {
  it('opens a new pool at the offering price: DEFAULT_POOL_SHARES shares and their worth in ETH', () => {
    for (const offerPrice of [ONE_ETH / 50_000n, 123_456_789n, 3n * ONE_ETH]) {
      const defaults = poolDefaults(offerPrice);
      const shares = parseAmount(defaults.shares, 'Pool shares');
      expect(shares).toBe(DEFAULT_POOL_SHARES * ONE_SHARE);
      // the price the panel then shows for the pool (wei per whole share at its reserves): the
      // box holds 6 significant digits, so within a part in 10^5 of the offering price
      const price = poolPriceWei(shares, parseAmount(defaults.wei, 'Pool ETH'));
      const off = price > offerPrice ? price - offerPrice : offerPrice - price;
      expect(off * 100_000n).toBeLessThanOrEqual(offerPrice);
    }
  });

  it('falls back to FALLBACK_POOL_WEI when the vault has no offering price', () => {
    expect(parseAmount(poolDefaults(0n).wei, 'Pool ETH')).toBe(FALLBACK_POOL_WEI);
  });

  it('reads the default slippage limit as 1 % and refuses a limit outside 0 to 99.99 %', () => {
    expect(floorBySlippage(10_000n, slippageBps(DEFAULT_SLIPPAGE_PERCENT))).toBe(9_900n);
    expect(slippageBps('0.5')).toBe(50);
    for (const bad of ['100', '-1', 'one', ' ']) {
      expect(() => slippageBps(bad)).toThrow('Slippage: a percent from 0 to 99.99');
    }
  });

  it("pays the ETH side at the pool's ratio, rounded up so the router keeps every share offered", () => {
    const [poolShares, poolWei] = [7_777n * ONE_SHARE, 3n * ONE_ETH + 1n];
    for (const shares of [1n, ONE_SHARE, 333n * ONE_SHARE + 7n]) {
      const wei = poolSideWei(shares, poolShares, poolWei);
      // UniswapV2Router02._addLiquidity: the ETH that matches `shares` is UniswapV2Library.quote
      // (rounded down); offered at least that, the router takes all the shares and that much ETH
      const matching = (shares * poolWei) / poolShares;
      expect(wei >= matching && wei - matching <= 1n).toBe(true);
      // and the shares that match `wei` (quote the other way) are not fewer than offered
      expect((wei * poolShares) / poolWei).toBeGreaterThanOrEqual(shares);
    }
  });

  it('gives back every pool token at 100 %, whole hundredths of a percent below, and refuses the rest', () => {
    const lp = 1_000_001n;
    expect(liquidityOfPercent('100', lp)).toBe(lp);
    expect(liquidityOfPercent('50', lp)).toBe(500_000n);
    expect(liquidityOfPercent('0.01', lp)).toBe(100n);
    for (const bad of ['0', '100.5', 'all']) {
      expect(() => liquidityOfPercent(bad, lp)).toThrow('Remove: a percent above 0, up to 100');
    }
  });
});

describe('impactTone', () => {
  it('warns amber over 5 % and red over 15 %', () => {
    expect([0, 500, 501, 1_500, 1_501, 9_000].map(impactTone)).toEqual([
      undefined,
      undefined,
      'amber',
      'amber',
      'red',
      'red',
    ]);
  });
});

describe('swapDefault', () => {
  it('starts a swap small for the pool, either way: about 1 % price impact, never amber', () => {
    const pools = [
      [100n * ONE_SHARE, ONE_ETH / 500n], // the default new pool of a cheap parcel
      [100n * ONE_SHARE, ONE_ETH / 100n],
      [5_000n * ONE_SHARE, 20n * ONE_ETH],
      [123_456_789n, 987_654_321n], // dust
    ] as const;
    for (const [poolShares, poolWei] of pools) {
      for (const side of ['buy', 'sell'] as const) {
        const amountIn = parseAmount(swapDefault(side, poolShares, poolWei), 'amount');
        const [reserveIn, reserveOut] = side === 'buy' ? [poolWei, poolShares] : [poolShares, poolWei];
        expect(amountIn).toBeGreaterThan(0n);
        expect(amountIn).toBeLessThanOrEqual(reserveIn / 100n);
        const { priceImpactBps } = quoteSwap(amountIn, reserveIn, reserveOut, 100);
        expect(priceImpactBps).toBeGreaterThan(80);
        expect(priceImpactBps).toBeLessThanOrEqual(100);
        expect(impactTone(priceImpactBps)).toBeUndefined();
      }
    }
  });
});
