import { ZeroAddress } from 'ethers';
import { ActionLabel } from '../../../shared/action-labels.ts';
import { uniswapV2FactoryAbi, uniswapV2PairAbi, uniswapV2Router02Abi } from '../../../shared/contracts.ts';
import { PAIR_ACCUMULATOR_GAS } from '../../../shared/gas.ts';
import { typedContract } from '../../../shared/typed-contract.ts';
import type { ChainCore, OnPhase } from './chain-core.ts';
import { floorBySlippage, poolPriceWei, quoteSwap, type RemovalQuote, type SwapQuote } from './swap-quote.ts';

/** 'buy': ETH in, tokens (shares, ORE) out; 'sell': tokens in, ETH out. */
export type SwapSide = 'buy' | 'sell';

/** The token/WETH pair of `token` (a vault's shares, or ORE), ZeroAddress when there is none. */
function pairOf({ addresses, provider }: ChainCore, token: string): Promise<string> {
  return typedContract(addresses.UniswapV2Factory, uniswapV2FactoryAbi, provider).getPair(
    token,
    addresses.WETH9,
  );
}

/**
 * The pool of `vault` (or of any token with 18 decimals, as ORE): reserves as (shares = token
 * units, wei), pool tokens in all and `holder`'s (0 without a holder); zeros when there is no pool.
 */
export async function poolOf(core: ChainCore, vault: string, holder?: string) {
  const pair = await pairOf(core, vault);
  if (pair === ZeroAddress) return { pair, shares: 0n, wei: 0n, lp: 0n, lpSupply: 0n };
  const contract = typedContract(pair, uniswapV2PairAbi, core.provider);
  const [[r0, r1], token0, lpSupply, lp] = await Promise.all([
    contract.getReserves(),
    contract.token0(),
    contract.totalSupply(),
    holder ? contract.balanceOf(holder) : 0n,
  ]);
  const sharesFirst = token0.toLowerCase() === vault.toLowerCase();
  return { pair, shares: sharesFirst ? r0 : r1, wei: sharesFirst ? r1 : r0, lp, lpSupply };
}

/**
 * Trading a vault's shares: the curator's primary offering, and the vault's Uniswap V2 pool
 * (liquidity in and out, swaps both ways); and ORE through the ORE/WETH pool. Every call through
 * the router carries PAIR_ACCUMULATOR_GAS on top of its estimate.
 */
export function tradeActions(core: ChainCore) {
  const { addresses, signer, send, run, allow, deadline, vaultAt } = core;
  const router = typedContract(addresses.UniswapV2Router02, uniswapV2Router02Abi, signer);
  const routerAddress = addresses.UniswapV2Router02;

  /** Swaps `token` (`unit` in the player's words) at most the quote's slippage away from it. */
  const swapToken = async (
    token: string,
    unit: string,
    side: SwapSide,
    quote: SwapQuote,
    onPhase?: OnPhase,
  ) => {
    const to = await signer.getAddress();
    if (side === 'buy') {
      const { txHash } = await send(
        'swap',
        router.swapExactETHForTokens,
        [quote.minOut, [addresses.WETH9, token], to, await deadline()],
        onPhase,
        { value: quote.amountIn },
        PAIR_ACCUMULATOR_GAS,
      );
      return { txHash, value: undefined };
    }
    // ORE and the shares are both OpenZeppelin ERC-20s: the vault's ABI approves either
    await allow(vaultAt(token), routerAddress, quote.amountIn, unit, onPhase);
    const { txHash } = await send(
      'swap',
      router.swapExactTokensForETH,
      [quote.amountIn, quote.minOut, [token, addresses.WETH9], to, await deadline()],
      onPhase,
      undefined,
      PAIR_ACCUMULATOR_GAS,
    );
    return { txHash, value: undefined };
  };

  return {
    /** Buys `amount` offered share units, paying `offerCost(amount)` (or `pay` wei when given). */
    buyShares: (vault: string, amount: bigint, onPhase?: OnPhase, pay?: bigint) =>
      run(ActionLabel.buyShares, async () => {
        const contract = vaultAt(vault);
        const cost = pay ?? (await contract.offerCost(amount));
        const { txHash } = await send('buy shares', contract.buyShares, [amount], onPhase, { value: cost });
        return { txHash, value: undefined };
      }),

    /**
     * Adds `shares` and `wei` to the vault's shares/WETH pool, creating it when there is none;
     * into an existing pool each side may fall short by `slippageBps`.
     */
    addLiquidity: (vault: string, shares: bigint, wei: bigint, slippageBps: number, onPhase?: OnPhase) =>
      run(ActionLabel.addLiquidity, async () => {
        const [minShares, minWei] = [floorBySlippage(shares, slippageBps), floorBySlippage(wei, slippageBps)];
        await allow(vaultAt(vault), routerAddress, shares, 'shares', onPhase);
        const to = await signer.getAddress();
        const { txHash } = await send(
          'add liquidity',
          router.addLiquidityETH,
          [vault, shares, minShares, minWei, to, await deadline()],
          onPhase,
          { value: wei },
          PAIR_ACCUMULATOR_GAS,
        );
        return { txHash, value: undefined };
      }),

    /**
     * A quote for swapping `amountIn` (wei when buying, token units when selling) at the reserves
     * of `token`'s pool (a vault's shares, or ORE).
     */
    async quote(token: string, side: SwapSide, amountIn: bigint, slippageBps: number): Promise<SwapQuote> {
      const pool = await poolOf(core, token);
      return side === 'buy'
        ? quoteSwap(amountIn, pool.wei, pool.shares, slippageBps)
        : quoteSwap(amountIn, pool.shares, pool.wei, slippageBps);
    },

    /** Swaps a vault's shares at most the quote's slippage away from it: the router reverts below `quote.minOut`. */
    swap: (vault: string, side: SwapSide, quote: SwapQuote, onPhase?: OnPhase) =>
      run(side === 'buy' ? ActionLabel.poolBuy : ActionLabel.poolSell, () =>
        swapToken(vault, 'shares', side, quote, onPhase),
      ),

    /** Swaps ORE through the ORE/WETH pool, as `swap` does shares. */
    swapOre: (side: SwapSide, quote: SwapQuote, onPhase?: OnPhase) =>
      run(side === 'buy' ? ActionLabel.oreBuy : ActionLabel.oreSell, () =>
        swapToken(addresses.OreToken, 'ORE', side, quote, onPhase),
      ),

    /** Wei per whole ORE at the ORE/WETH pool's reserves; null while there is no such pool. */
    async orePriceWei(): Promise<bigint | null> {
      const pool = await poolOf(core, addresses.OreToken);
      return pool.shares > 0n ? poolPriceWei(pool.shares, pool.wei) : null;
    },

    /**
     * Gives pool tokens back for shares and ETH (approving the router to take the pool tokens
     * first); the router reverts when either falls below the quote's minimum. value = what came out.
     */
    removeLiquidity: (vault: string, quote: RemovalQuote, onPhase?: OnPhase) =>
      run(ActionLabel.removeLiquidity, async () => {
        const pair = await pairOf(core, vault);
        if (pair === ZeroAddress) throw new Error('these shares have no pool');
        const lpToken = typedContract(pair, uniswapV2PairAbi, signer);
        const to = await signer.getAddress();
        // checks the pool tokens held first: the pair's ERC-20 would revert with a bare 'ds-math-sub-underflow'
        await allow(lpToken, routerAddress, quote.liquidity, 'pool tokens', onPhase);
        const { txHash, result } = await send(
          'remove liquidity',
          router.removeLiquidityETH,
          [vault, quote.liquidity, quote.minShares, quote.minWei, to, await deadline()],
          onPhase,
          undefined,
          PAIR_ACCUMULATOR_GAS,
        );
        const [shares, wei] = result;
        return { txHash, value: { shares, wei } };
      }),
  };
}
