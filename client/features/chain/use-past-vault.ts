import { useEffect, useState } from 'react';
import { useApp } from '../../app.ts';
import { chainActions } from './session.ts';
import { useVaultPosition } from './use-position.ts';

/**
 * The player's position in the vault parcel `parcelId` was last fractionalized into, for a parcel
 * the room names no vault for (it was bought out or redeemed): the chain still knows the vault.
 * No position while the chain is away or the parcel never had a vault.
 */
export function usePastVault(parcelId: number): ReturnType<typeof useVaultPosition> {
  const app = useApp();
  const [vault, setVault] = useState<string | null>(null);
  useEffect(() => {
    const config = app.store.getState().config;
    if (!config) return;
    let live = true;
    chainActions(config)
      .then((chain) => chain.vaultOf(parcelId))
      .then(
        (found) => live && setVault(found),
        () => undefined, // the chain is away: nothing to offer until the parcel is shown again
      );
    return () => {
      live = false;
    };
  }, [app, parcelId]);
  return useVaultPosition(vault);
}
