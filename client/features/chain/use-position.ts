import { useCallback, useEffect, useRef, useState } from 'react';
import { useApp } from '../../app.ts';
import type { ChainActions, VaultPosition } from './chain-actions.ts';
import { createRefresher, type Refresher } from './chain-refresh.ts';
import { chainActions } from './session.ts';

/**
 * How long room signals are gathered into one chain read, ms: a burst of blocks (an approval and
 * its action, mining solutions) costs one read, and a figure is at most this much behind its block.
 */
const GATHER_MS = 250;

export interface ChainRead<T> {
  /** The last figures read; null before the first read answers. */
  value: T | null;
  /** Set while the chain does not answer (the last figures stay shown). */
  error: string | null;
  /** Reads now (after the player's own action), or right after the read in flight. */
  refresh(): void;
}

/**
 * Figures read from the chain for the player: once when shown, then again whenever the room's
 * indexer applies a new block (gathered, one read in flight), when the wallet changes, and on
 * `refresh()`. Never on a timer: the local chain mines only on transactions, so no block, no change.
 * `read` must be stable (useCallback): a new one starts over.
 */
export function useChainRead<T>(
  read: ((chain: ChainActions, holder: string) => Promise<T>) | null,
): ChainRead<T> {
  const app = useApp();
  const [state, setState] = useState<{ value: T | null; error: string | null }>({
    value: null,
    error: null,
  });
  const refresher = useRef<Refresher | null>(null);

  useEffect(() => {
    setState({ value: null, error: null });
    if (!read) return;
    let live = true;
    const next = createRefresher(async () => {
      const { config, address } = app.store.getState();
      if (!config || !address) return;
      try {
        const value = await read(await chainActions(config), address);
        if (live) setState({ value, error: null });
      } catch {
        if (live)
          setState((last) => ({
            value: last.value,
            error: 'The chain does not answer; showing the last figures.',
          }));
      }
    }, GATHER_MS);
    refresher.current = next;
    next.now();
    const unsubscribe = app.store.subscribe((now, before) => {
      if (now.address !== before.address || now.config !== before.config) next.now();
      else if (now.indexedBlock !== before.indexedBlock) next.signal();
    });
    return () => {
      live = false;
      next.stop();
      unsubscribe();
      if (refresher.current === next) refresher.current = null;
    };
  }, [app, read]);

  const refresh = useCallback(() => refresher.current?.now(), []);
  return { value: state.value, error: state.error, refresh };
}

/** The player's position in `vault` (null: none), live as useChainRead says. */
export function useVaultPosition(vault: string | null) {
  const read = useCallback(
    (chain: ChainActions, holder: string) => chain.position(vault as string, holder),
    [vault],
  );
  const { value, error, refresh } = useChainRead<VaultPosition>(vault ? read : null);
  // a position of another vault (the parcel changed) is not shown while the new one loads
  const position = value && vault && value.vault.toLowerCase() === vault.toLowerCase() ? value : null;
  return { position, error, refresh };
}
