import { useEffect, useState } from 'react';
import { useApp } from '../../app.ts';
import { chainActions } from './session.ts';

/**
 * The vault parcel `parcelId` was last fractionalized into, for a parcel the room names no vault
 * for (it was bought out or redeemed): the chain still knows it. Null while the chain is away, when
 * the parcel never had a vault, and for a null `parcelId` (nothing to look up).
 */
export function usePastVault(parcelId: number | null): string | null {
  const app = useApp();
  const [vault, setVault] = useState<string | null>(null);
  useEffect(() => {
    setVault(null);
    const config = app.store.getState().config;
    if (!config || parcelId === null) return;
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
  return vault;
}
