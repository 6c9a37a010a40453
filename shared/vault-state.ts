/**
 * `ShareVault.State`, in the contract's order (contracts/src/ShareVault.sol): the number a
 * vault's `state()` returns. `Locked` is only the implementation's, never a parcel's vault.
 */
export const VaultState = {
  /** Shares trade; holders vote a reserve; no auction yet. */
  Inactive: 0,
  /** An auction runs. */
  Live: 1,
  /** The auction ended: the parcel went to the winner and holders cash out. */
  Ended: 2,
  /** One holder redeemed every share for the parcel. */
  Redeemed: 3,
  Locked: 4,
} as const;

export type VaultState = (typeof VaultState)[keyof typeof VaultState];

/** A vault whose parcel has left it (bought out or redeemed): only cash-outs and refunds remain. */
export const vaultClosed = (state: number): boolean =>
  state === VaultState.Ended || state === VaultState.Redeemed;

/** The state a vault's `state()` returned; throws on a number the contract does not have. */
export function vaultStateOf(value: bigint | number): VaultState {
  const state = Number(value);
  if (!Object.values<number>(VaultState).includes(state)) throw new Error(`unknown vault state ${value}`);
  return state as VaultState;
}
