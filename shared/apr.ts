import { ONE_ORE, ONE_SHARE } from './units.ts';

/**
 * Staking APR of a parcel's pool (DESIGN.md, market): the ORE streamed to the pool per staked
 * share per year, valued at the ORE price, over the share price.
 *
 *   APR = (oreWeiPerYear / stakedUnits × ONE_SHARE) × orePriceWei / ONE_ORE / sharePriceWei
 *
 * Null when it is undefined: nothing staked (the first staker takes the whole stream), no share
 * price (no offering, no pool) or no ORE price (no ORE/WETH pool yet).
 */
export interface AprInputs {
  /** ORE wei the pool receives per year (the rigs' reward stream, extrapolated). */
  oreWeiPerYear: bigint;
  /** Share units staked in the pool. */
  stakedUnits: bigint;
  /** Wei per whole ORE; null while ORE has no price. */
  orePriceWei: bigint | null;
  /** Wei per whole share; null while the shares have no price. */
  sharePriceWei: bigint | null;
}

/** Fixed-point scale of the division, so an APR of 0.01 % still has four digits. */
const SCALE = 10n ** 12n;

/** The APR as a fraction (0.25 = 25 % a year), or null (see AprInputs). */
export function stakingApr({
  oreWeiPerYear,
  stakedUnits,
  orePriceWei,
  sharePriceWei,
}: AprInputs): number | null {
  if (stakedUnits <= 0n || !orePriceWei || !sharePriceWei) return null;
  // wei of ORE value streamed per whole share per year, scaled: one division at the end
  const numerator = oreWeiPerYear * ONE_SHARE * orePriceWei * SCALE;
  const denominator = stakedUnits * ONE_ORE * sharePriceWei;
  return Number(numerator / denominator) / Number(SCALE);
}

/** Seconds in the year an APR extrapolates to. */
export const YEAR_SECONDS = 365 * 86_400;
