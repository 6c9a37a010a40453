import { parseEther } from 'ethers';
import { describe, expect, it } from 'vitest';
import { LOCAL_DEPLOY_PARAMS } from '../../../scripts/deploy.ts';
import { oreTokenAbi, shareVaultAbi, uniswapV2Router02Abi } from '../../../shared/contracts.ts';
import { typedContract } from '../../../shared/typed-contract.ts';
import { ONE_ORE, ONE_SHARE } from '../../../shared/units.ts';
import { fractionalized, must, refusal, useChainWorld } from '../../../testing/chain-world.ts';
import type { TxPhase } from './chain-actions.ts';
import { quoteRemoval } from './swap-quote.ts';

describe('trade actions on a real chain', () => {
  // A's vault of parcel 70,-20 with the default terms: A holds 600 shares, 400 are offered
  let vault = '';
  const world = useChainWorld(undefined, async (w) => {
    vault = await fractionalized(w, [70, -20]);
  });
  const eth = (address: string) => world.provider.getBalance(address);
  const sharesOf = (address: string) =>
    typedContract(vault, shareVaultAbi, world.provider).balanceOf(address);

  it('buys offered shares; underpaying or asking too many sends nothing and costs nothing', async () => {
    const { b, provider } = world;
    const [before, sent] = [await eth(b.address), await provider.getTransactionCount(b.address)];
    expect(refusal(await b.actions.buyShares(vault, 100n * ONE_SHARE, undefined, 1n))).toMatch(
      /^Underpaid: it costs 0\.001 ETH but/,
    );
    expect(refusal(await b.actions.buyShares(vault, 500n * ONE_SHARE))).toMatch(/Only 400 shares are left/);
    expect([await eth(b.address), await provider.getTransactionCount(b.address)]).toEqual([before, sent]);

    must(await b.actions.buyShares(vault, 100n * ONE_SHARE));
    expect(await sharesOf(b.address)).toBe(100n * ONE_SHARE);
    expect((await b.actions.position(vault, b.address)).offered).toBe(300n * ONE_SHARE);
  });

  it('seeds a pool and swaps both ways at the quoted output; a stale quote with no slippage room is refused', async () => {
    const { a, b, chain, provider } = world;
    must(await a.actions.addLiquidity(vault, 100n * ONE_SHARE, parseEther('0.1'), 50));
    // B holds no shares yet: selling some is refused before an approval is paid for
    const sent = await provider.getTransactionCount(b.address);
    const oversold = await b.actions.swap(
      vault,
      'sell',
      await b.actions.quote(vault, 'sell', 5n * ONE_SHARE, 100),
    );
    expect(refusal(oversold)).toBe('Selling shares in the pool failed: you have only 0 shares (5 asked)');
    expect(await provider.getTransactionCount(b.address)).toBe(sent);
    const { UniswapV2Router02, WETH9 } = chain.deployment.addresses;
    const router = typedContract(UniswapV2Router02, uniswapV2Router02Abi, provider);

    const buy = await b.actions.quote(vault, 'buy', parseEther('0.01'), 100);
    const [, routerOut] = await router.getAmountsOut(parseEther('0.01'), [WETH9, vault]);
    expect(buy.amountOut).toBe(routerOut);
    expect(buy.minOut).toBe((buy.amountOut * 9900n) / 10_000n);
    // 0.01 ETH into a 0.1 ETH pool: the output falls short of the pre-trade price by about 9 %
    expect(buy.priceImpactBps).toBeGreaterThan(850);
    expect(buy.priceImpactBps).toBeLessThan(950);
    must(await b.actions.swap(vault, 'buy', buy));
    expect(await sharesOf(b.address)).toBe(buy.amountOut);

    const sell = await b.actions.quote(vault, 'sell', 5n * ONE_SHARE, 0);
    // A trades first, so B's zero-slippage quote is stale
    must(await a.actions.swap(vault, 'sell', await a.actions.quote(vault, 'sell', 5n * ONE_SHARE, 100)));
    const ethBefore = await eth(b.address);
    expect(refusal(await b.actions.swap(vault, 'sell', sell))).toMatch(
      /the pool refused: INSUFFICIENT_OUTPUT_AMOUNT/,
    );
    const fresh = await b.actions.quote(vault, 'sell', 5n * ONE_SHARE, 100);
    must(await b.actions.swap(vault, 'sell', fresh));
    expect(await eth(b.address)).toBeGreaterThan(ethBefore);
    const position = await b.actions.position(vault, b.address);
    expect(position.poolPrice).toBe((position.poolWei * ONE_SHARE) / position.poolShares);
    expect(position.lp).toBe(0n);
  });

  it('removes liquidity: pool tokens back for shares and ETH at the quote; too many or a stale quote is refused in words', async () => {
    const { a, b } = world;
    expect(refusal(await a.actions.removeLiquidity(vault, quoteRemoval(1n, 1n, 1n, 1n, 0)))).toBe(
      'Removing from the pool failed: these shares have no pool',
    );
    must(await a.actions.addLiquidity(vault, 100n * ONE_SHARE, parseEther('0.1'), 50));
    const before = await a.actions.position(vault, a.address);
    // Uniswap V2 locks the first 1,000 pool tokens forever: A's are not all of them
    expect(before.lp).toBe(before.lpSupply - 1000n);
    const half = before.lp / 2n;
    const quoteOf = (p: typeof before, slippageBps: number) =>
      quoteRemoval(half, p.lpSupply, p.poolShares, p.poolWei, slippageBps);

    const tooMany = await a.actions.removeLiquidity(vault, {
      ...quoteOf(before, 100),
      liquidity: before.lp + 1n,
    });
    expect(refusal(tooMany)).toMatch(
      /^Removing from the pool failed: you have only [\d.]+ pool tokens \([\d.]+ asked\)$/,
    );

    // B buys shares after A's zero-slippage quote: fewer shares come out than it promised
    const exact = quoteOf(before, 0);
    must(await b.actions.swap(vault, 'buy', await b.actions.quote(vault, 'buy', parseEther('0.001'), 100)));
    expect(refusal(await a.actions.removeLiquidity(vault, exact))).toMatch(
      /the pool refused: INSUFFICIENT_A_AMOUNT \(the pool price is further from your quote/,
    );

    const fresh = await a.actions.position(vault, a.address);
    const quote = quoteOf(fresh, 100);
    const [sharesBefore, ethBefore] = [await sharesOf(a.address), await eth(a.address)];
    const phases: TxPhase[] = [];
    const removed = must(await a.actions.removeLiquidity(vault, quote, (phase) => phases.push(phase)));
    // the stale attempt approved the router first (every flow approves before it simulates)
    expect(phases.map((p) => `${p.phase}:${p.step}`)).toEqual([
      'sending:remove liquidity',
      'pending:remove liquidity',
    ]);
    // no trade between quote and removal: exactly the quoted amounts
    expect(removed).toEqual({ shares: quote.shares, wei: quote.wei });
    expect(await sharesOf(a.address)).toBe(sharesBefore + quote.shares);
    const ethAfter = await eth(a.address);
    expect(ethAfter).toBeGreaterThan(ethBefore);
    expect(ethAfter).toBeLessThan(ethBefore + quote.wei); // less the gas of the transaction
    const after = await a.actions.position(vault, a.address);
    expect(after.lp).toBe(fresh.lp - half);
    expect(after.poolShares).toBe(fresh.poolShares - quote.shares);
    expect(after.poolWei).toBe(fresh.poolWei - quote.wei);
  });

  it("swaps ORE both ways through the deploy's ORE/WETH pool at the quoted output, and prices ORE by its reserves", async () => {
    const { b, chain, provider } = world;
    const { OreToken, UniswapV2Router02, WETH9 } = chain.deployment.addresses;
    const ore = typedContract(OreToken, oreTokenAbi, provider);
    // B has no ORE: selling some is refused in words before anything is sent
    const sent = await provider.getTransactionCount(b.address);
    const oversold = await b.actions.swapOre('sell', await b.actions.quote(OreToken, 'sell', ONE_ORE, 100));
    expect(refusal(oversold)).toBe('Selling ORE failed: you have only 0 ORE (1 asked)');
    expect(await provider.getTransactionCount(b.address)).toBe(sent);

    const price = await b.actions.orePriceWei();
    const { oreLiquiditySeed, oreLiquidityWei } = LOCAL_DEPLOY_PARAMS;
    expect(price).toBe((oreLiquidityWei * ONE_ORE) / oreLiquiditySeed);
    const buy = await b.actions.quote(OreToken, 'buy', parseEther('0.001'), 100);
    const router = typedContract(UniswapV2Router02, uniswapV2Router02Abi, provider);
    const [, routerOut] = await router.getAmountsOut(parseEther('0.001'), [WETH9, OreToken]);
    expect(buy.amountOut).toBe(routerOut);
    must(await b.actions.swapOre('buy', buy));
    expect(await ore.balanceOf(b.address)).toBe(buy.amountOut);
    // buying moved the price up
    expect(await b.actions.orePriceWei()).toBeGreaterThan(price ?? 0n);

    const ethBefore = await eth(b.address);
    const sell = await b.actions.quote(OreToken, 'sell', buy.amountOut / 2n, 100);
    must(await b.actions.swapOre('sell', sell));
    expect(await ore.balanceOf(b.address)).toBe(buy.amountOut - buy.amountOut / 2n);
    expect(await eth(b.address)).toBeGreaterThan(ethBefore);
  });
});
