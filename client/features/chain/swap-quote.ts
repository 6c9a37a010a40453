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

/** The exact output of UniswapV2Library.getAmountOut. */
export function amountOutOf(amountIn: bigint, reserveIn: bigint, reserveOut: bigint): bigint {
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
  if (!Number.isInteger(slippageBps) || slippageBps < 0 || slippageBps >= 10_000) {
    throw new Error('the slippage limit must be between 0 and 99.99 %');
  }
  const amountOut = amountOutOf(amountIn, reserveIn, reserveOut);
  // output at the pre-trade price after the fee; amountOut is below it by reserveIn / (reserveIn + in·0.997)
  const ideal = (amountIn * FEE_NUMERATOR * reserveOut) / (FEE_DENOMINATOR * reserveIn);
  const priceImpactBps = ideal === 0n ? 0 : Number(((ideal - amountOut) * BPS) / ideal);
  const minOut = (amountOut * (BPS - BigInt(slippageBps))) / BPS;
  return { amountIn, amountOut, minOut, priceImpactBps };
}

/** Wei per whole share at the pool's reserves (shares and ETH both have 18 decimals). */
export function poolPriceWei(shareReserve: bigint, wethReserve: bigint): bigint {
  return shareReserve === 0n ? 0n : (wethReserve * 10n ** 18n) / shareReserve;
}
