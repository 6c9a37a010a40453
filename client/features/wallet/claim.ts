import type { WalletAccount } from './account.ts';
import type { WalletCore } from './wallet-core.ts';
import { messageOf, WalletRefusal } from './wallet-errors.ts';

/**
 * Claims parcel `parcelId` from `account()` (the open wallet's, once any faucet drip is in),
 * showing each phase in the store's claim line; a refusal or a revert is shown in words.
 */
export async function claim(
  core: WalletCore,
  account: () => Promise<WalletAccount>,
  parcelId: number,
): Promise<void> {
  const { setClaim } = core.store.getState();
  setClaim({ parcelId, phase: 'pending', message: 'Claiming… waiting for the chain.' });
  try {
    const claimer = await account();
    await core.funding;
    const [{ lib }, { describeClaimError }] = await Promise.all([core.load(), import('./claim-errors.ts')]);
    try {
      await lib.claimParcel(claimer, core.config, parcelId);
    } catch (error) {
      setClaim({ parcelId, phase: 'failed', message: describeClaimError(error) });
      return;
    }
    setClaim({ parcelId, phase: 'claimed', message: 'Claimed: the parcel is yours.' });
    core.readBalances();
  } catch (error) {
    const message = error instanceof WalletRefusal ? error.message : `The claim failed: ${messageOf(error)}`;
    setClaim({ parcelId, phase: 'failed', message });
  }
}
