import { amountInput } from '../wallet/format.ts';

/** The pool panel's slippage limit until the player types one, percent (as typed). */
export const DEFAULT_SLIPPAGE_PERCENT = '1';
/** Whole shares a new pool or an addition starts from. */
export const DEFAULT_POOL_SHARES = 100n;
/** Wei a new pool's ETH side starts from when the vault has no offering price to follow. */
export const FALLBACK_POOL_WEI = 10n ** 16n;

/** Percent text ("0.5") as basis points; throws a message in words. */
export function slippageBps(text: string): number {
  // Number('') is 0: an emptied field is no limit typed, not a limit of 0 %
  const percent = text.trim() === '' ? Number.NaN : Number(text);
  if (!Number.isFinite(percent) || percent < 0 || percent >= 100)
    throw new Error('Slippage: a percent from 0 to 99.99');
  return Math.round(percent * 100);
}

/** `part` of `whole` as a percent with two decimals (0 when `whole` is 0). */
export function percentOf(part: bigint, whole: bigint): number {
  return whole === 0n ? 0 : Number((part * 10_000n) / whole) / 100;
}

/**
 * What the liquidity form shows first: DEFAULT_POOL_SHARES shares and, for a new pool, their
 * worth at the offering price (`offerPrice`, wei per whole share), so the pool opens at the price
 * the curator offered shares at.
 */
export function poolDefaults(offerPrice: bigint): { shares: string; wei: string } {
  const wei = DEFAULT_POOL_SHARES * offerPrice;
  return { shares: String(DEFAULT_POOL_SHARES), wei: amountInput(wei || FALLBACK_POOL_WEI) };
}

/**
 * The wei that goes with `shares` (units) into an existing pool of (poolShares, poolWei): the
 * router takes the pool's ratio; rounded up so the share side is the one that binds.
 */
export function poolSideWei(shares: bigint, poolShares: bigint, poolWei: bigint): bigint {
  return (shares * poolWei + poolShares - 1n) / poolShares;
}

/**
 * The pool tokens in `percentText` ("50") percent of `lp`, to whole hundredths of a percent;
 * 100 % is every pool token, not a rounded share of them. Throws a message in words.
 */
export function liquidityOfPercent(percentText: string, lp: bigint): bigint {
  const part = Number(percentText);
  if (!Number.isFinite(part) || part <= 0 || part > 100)
    throw new Error('Remove: a percent above 0, up to 100');
  return part === 100 ? lp : (lp * BigInt(Math.round(part * 100))) / 10_000n;
}

/** Price impact from which a swap's quote turns amber, basis points (5 %). */
export const IMPACT_AMBER_BPS = 500;
/** Price impact from which it turns red and waits for the player to accept it, basis points (15 %). */
export const IMPACT_RED_BPS = 1_500;

/** How loudly a quote's price impact (basis points) warns: not, amber, or red (confirm first). */
export function impactTone(bps: number): 'amber' | 'red' | undefined {
  if (bps > IMPACT_RED_BPS) return 'red';
  return bps > IMPACT_AMBER_BPS ? 'amber' : undefined;
}

/** A swap's first amount, percent of the pool's reserve on the side paid in: its price impact is about as much (green). */
export const DEFAULT_SWAP_PERCENT = 1n;

/**
 * What the swap form shows first: DEFAULT_SWAP_PERCENT of the pool's ETH (buying shares) or of
 * its shares (selling), so a first swap moves the price by about 1 %, whatever the pool's size.
 */
export function swapDefault(side: 'buy' | 'sell', poolShares: bigint, poolWei: bigint): string {
  const reserve = side === 'buy' ? poolWei : poolShares;
  return amountInput((reserve * DEFAULT_SWAP_PERCENT) / 100n, 'down');
}
