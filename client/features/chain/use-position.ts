import { useCallback, useEffect, useState } from 'react';
import { useApp } from '../../app.ts';
import { useAppStore } from '../../store.ts';
import type { VaultPosition } from './chain-actions.ts';
import { chainActions } from './session.ts';

/** How often a shown position is re-read, ms: share balances and pool reserves are not in the room state. */
const POSITION_POLL_MS = 4_000;

/**
 * The player's position in `vault` read from the chain, re-read when the room reports a parcel
 * change, after each action (`refresh`) and every few seconds while shown.
 */
export function useVaultPosition(vault: string | null) {
  const app = useApp();
  const [position, setPosition] = useState<VaultPosition | null>(null);
  const [error, setError] = useState<string | null>(null);
  const parcelsVersion = useAppStore(app.store, (state) => state.parcelsVersion);
  const refresh = useCallback(() => {
    const { config, address } = app.store.getState();
    if (!vault || !config || !address) return;
    chainActions(config)
      .then((chain) => chain.position(vault, address))
      .then(
        (next) => {
          setPosition(next);
          setError(null);
        },
        () => setError('The chain does not answer; showing the last figures.'),
      );
  }, [app, vault]);
  // biome-ignore lint/correctness/useExhaustiveDependencies: parcelsVersion is the room's change signal
  useEffect(refresh, [refresh, parcelsVersion]);
  useEffect(() => {
    const timer = setInterval(refresh, POSITION_POLL_MS);
    return () => clearInterval(timer);
  }, [refresh]);
  return { position, error, refresh };
}
