/**
 * Token units every part agrees on. Shares, ORE and ETH all have 18 decimals, so one whole unit
 * of each is 10^18 of its smallest unit; the names say which amount a figure is in.
 */
export const DECIMALS = 18;
/** Share units in one whole share of a parcel's vault (ERC-20, 18 decimals). */
export const ONE_SHARE = 10n ** 18n;
/** ORE wei in one ORE. */
export const ONE_ORE = 10n ** 18n;
/** Wei in one ether. */
export const ONE_ETH = 10n ** 18n;
