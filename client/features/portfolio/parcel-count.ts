import { vaultClosed } from '../../../shared/vault-state.ts';
import type { Holdings } from '../chain/chain-actions.ts';

/**
 * Parcels the player has a hand in: owned whole, or co-owned through shares (held or staked) of a
 * vault the parcel is still in. A bought-out or redeemed vault's leftovers are no parcel.
 */
export function parcelCount(holdings: Holdings): number {
  const coOwned = holdings.positions.filter(
    (p) => !vaultClosed(p.state) && p.shares + p.staked > 0n && !holdings.parcels.includes(p.parcelId),
  );
  return holdings.parcels.length + coOwned.length;
}
