import { ONE_SHARE } from '../../../shared/units.ts';

/** Uniswap V2 charges 0.3 % of the input: 997 of every 1000 units trade. */
const FEE_NUMERATOR = 997n;
const FEE_DENOMINATOR = 1000n;
/** Basis points in one. */
export const BPS = 10_000n;

export interface SwapQuote {
  amountIn: bigint;
  /** Output at the current reserves (UniswapV2Library.getAmountOut). */
  amountOut: bigint;
  /** The least output the swap accepts: amountOut less the slippage limit. */
  minOut: bigint;
  /**
   * How far this trade moves the price against the trader, in basis points: the shortfall of
   * the output against the pool's price before the trade, the 0.3 % fee excluded.
   */
  priceImpactBps: number;
}

/** `amount` less a slippage limit of `slippageBps` basis points (0 to 9,999), rounded down. */
export function floorBySlippage(amount: bigint, slippageBps: number): bigint {
  if (!Number.isInteger(slippageBps) || slippageBps < 0 || slippageBps >= 10_000) {
    throw new Error('the slippage limit must be between 0 and 99.99 %');
  }
  return (amount * (BPS - BigInt(slippageBps))) / BPS;
}

/** The exact output of UniswapV2Library.getAmountOut. */
function amountOutOf(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
  if (amountIn <= 0n) throw new Error('the amount to swap must be more than zero');
  if (reserveIn <= 0n || reserveOut <= 0n) throw new Error('the pool has no liquidity yet');
  const withFee = amountIn * FEE_NUMERATOR;
  return (withFee * reserveOut) / (reserveIn * FEE_DENOMINATOR + withFee);
}

/** A quote for selling `amountIn` into a pool of (reserveIn, reserveOut) with `slippageBps` of tolerance. */
export function quoteSwap(
  amountIn: bigint,
  reserveIn: bigint,
  reserveOut: bigint,
  slippageBps: number,
): SwapQuote {
  const amountOut = amountOutOf(amountIn, reserveIn, reserveOut);
  // output at the pre-trade price after the fee; amountOut is below it by reserveIn / (reserveIn + in·0.997)
  const ideal = (amountIn * FEE_NUMERATOR * reserveOut) / (FEE_DENOMINATOR * reserveIn);
  const priceImpactBps = ideal === 0n ? 0 : Number(((ideal - amountOut) * BPS) / ideal);
  return { amountIn, amountOut, minOut: floorBySlippage(amountOut, slippageBps), priceImpactBps };
}

/** Wei per whole share at the pool's reserves (shares and ETH both have 18 decimals). */
export function poolPriceWei(shareReserve: bigint, wethReserve: bigint): bigint {
  return shareReserve === 0n ? 0n : (wethReserve * ONE_SHARE) / shareReserve;
}

export interface RemovalQuote {
  /** Pool tokens (the pair's LP token units) given back. */
  liquidity: bigint;
  /** Share units and wei paid out at the current reserves, as UniswapV2Pair.burn pays them. */
  shares: bigint;
  wei: bigint;
  /** The least of each the removal accepts: the router reverts below either. */
  minShares: bigint;
  minWei: bigint;
}

/**
 * A quote for giving `liquidity` pool tokens of `lpSupply` back to a pool of (`shareReserve`,
 * `weiReserve`): the pro-rata part of each reserve, and minimums `slippageBps` below it.
 */
export function quoteRemoval(
  liquidity: bigint,
  lpSupply: bigint,
  shareReserve: bigint,
  weiReserve: bigint,
  slippageBps: number,
): RemovalQuote {
  if (liquidity <= 0n) throw new Error('the pool tokens to remove must be more than zero');
  if (liquidity > lpSupply) throw new Error('that is more pool tokens than the pool has');
  const shares = (liquidity * shareReserve) / lpSupply;
  const wei = (liquidity * weiReserve) / lpSupply;
  if (shares === 0n || wei === 0n) throw new Error('too few pool tokens: the pool would pay out nothing');
  return {
    liquidity,
    shares,
    wei,
    minShares: floorBySlippage(shares, slippageBps),
    minWei: floorBySlippage(wei, slippageBps),
  };
}
