import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { uniswapV2PairAbi, uniswapV2Router02Abi } from '../../../shared/contracts.ts';
import { typedContract } from '../../../shared/typed-contract.ts';
import { ONE_ETH, ONE_SHARE } from '../../../shared/units.ts';
import { fractionalized, must, useChainWorld } from '../../../testing/chain-world.ts';
import { quoteRemoval, quoteSwap } from './swap-quote.ts';

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

  it('refuses empty pools, zero amounts and impossible slippage limits in words', () => {
    expect(() => quoteSwap(ONE_ETH, 0n, ONE_ETH, 50)).toThrow('the pool has no liquidity yet');
    expect(() => quoteSwap(0n, ONE_ETH, ONE_ETH, 50)).toThrow('the amount to swap must be more than zero');
    expect(() => quoteSwap(ONE_ETH, ONE_ETH, ONE_ETH, 10_000)).toThrow(
      'the slippage limit must be between 0 and 99.99 %',
    );
    expect(() => quoteSwap(ONE_ETH, ONE_ETH, ONE_ETH, 0.5)).toThrow(/slippage/);
  });

  it("never quotes a removal above the holder's part of either reserve, minimums under it", () => {
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
    expect(() => quoteRemoval(0n, ONE_ETH, ONE_ETH, ONE_ETH, 50)).toThrow('must be more than zero');
    expect(() => quoteRemoval(2n * ONE_ETH, ONE_ETH, ONE_ETH, ONE_ETH, 50)).toThrow(
      'more pool tokens than the pool has',
    );
    expect(() => quoteRemoval(1n, ONE_ETH, 10n, ONE_ETH, 50)).toThrow('would pay out nothing');
    expect(() => quoteRemoval(ONE_ETH, ONE_ETH, ONE_ETH, ONE_ETH, -1)).toThrow(/slippage/);
  });
});

/**
 * Pools of a vault's shares against ETH, as (share units, wei): cheap and dear shares, shallow and
 * deep pools. A's vault has 600 shares to seed them with.
 */
const POOLS: [string, bigint, bigint][] = [
  ['500 shares / 0.001 ETH', 500n * ONE_SHARE, ONE_ETH / 1000n],
  ['100 shares / 0.1 ETH', 100n * ONE_SHARE, ONE_ETH / 10n],
  ['0.001 share / 5 ETH', ONE_SHARE / 1000n, 5n * ONE_ETH],
  ['300 shares / 1,000 ETH', 300n * ONE_SHARE, 1000n * ONE_ETH],
];
/** Amounts in, from one unit to a hundred whole ones, each a multiple of 1,000 but the first (see priceImpactBps). */
const AMOUNTS = [1n, 1000n, 10n ** 9n, 10n ** 15n, 10n ** 17n, ONE_ETH, 100n * ONE_ETH];

const fail = (why: string): never => {
  throw new Error(`the router returned ${why}`);
};

describe('swap and removal quotes against the Uniswap V2 router on a real pool', () => {
  let vault = '';
  const world = useChainWorld(undefined, async (w) => {
    vault = await fractionalized(w, [70, -20]);
  });

  it.each(POOLS)('quotes what the router pays in a pool of %s, both ways', async (_, shares, wei) => {
    const { a, chain, provider } = world;
    must(await a.actions.addLiquidity(vault, shares, wei, 0));
    const { UniswapV2Router02, WETH9 } = chain.deployment.addresses;
    const router = typedContract(UniswapV2Router02, uniswapV2Router02Abi, provider);
    for (const side of ['buy', 'sell'] as const) {
      const path = side === 'buy' ? [WETH9, vault] : [vault, WETH9];
      const [reserveIn, reserveOut] = side === 'buy' ? [wei, shares] : [shares, wei];
      for (const amountIn of AMOUNTS) {
        const quote = await a.actions.quote(vault, side, amountIn, 0);
        const out = (await router.getAmountsOut(amountIn, path))[1] ?? fail('no output');
        expect(quote.amountOut, `${side} ${amountIn}`).toBe(out);
        // the pre-trade price of the input after the 0.3 % fee, in output units (the router's quote)
        if (amountIn % 1000n === 0n) {
          const ideal = await router.quote((amountIn * 997n) / 1000n, reserveIn, reserveOut);
          expect(quote.priceImpactBps).toBe(ideal === 0n ? 0 : Number(((ideal - out) * 10_000n) / ideal));
        }
        // the router's least input for that output buys at least as much by the quote
        if (out > 0n) {
          const leastIn = (await router.getAmountsIn(out, path))[0] ?? fail('no input');
          expect((await a.actions.quote(vault, side, leastIn, 0)).amountOut).toBeGreaterThanOrEqual(out);
        }
      }
    }
  });

  it.each(POOLS)(
    'quotes what the router pays out for pool tokens in a pool of %s',
    async (_, shares, wei) => {
      const { a, chain } = world;
      must(await a.actions.addLiquidity(vault, shares, wei, 0));
      const { UniswapV2Router02 } = chain.deployment.addresses;
      const pool = await a.actions.position(vault, a.address);
      const pair = typedContract(pool.pair, uniswapV2PairAbi, a.wallet);
      await (await pair.approve(UniswapV2Router02, pool.lp)).wait();
      const router = typedContract(UniswapV2Router02, uniswapV2Router02Abi, a.wallet);
      const deadline = 2n ** 40n;
      for (const permille of [1n, 250n, 999n, 1000n]) {
        const liquidity = (pool.lp * permille) / 1000n;
        const quote = quoteRemoval(liquidity, pool.lpSupply, pool.poolShares, pool.poolWei, 0);
        const [outShares, outWei] = await router.removeLiquidityETH.staticCall(
          vault,
          liquidity,
          0n,
          0n,
          a.address,
          deadline,
        );
        expect([quote.shares, quote.wei], `${permille} ‰`).toEqual([outShares, outWei]);
      }
    },
  );
});
