import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useApp } from '../../app.ts';
import { createGatedRead, createRefresher } from '../net/chain-refresh.ts';
import type { ChainActions, Holdings, VaultPosition } from './chain-actions.ts';
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

/** How to read some figures for a holder, and how to tell cheaply whether blocks touched them. */
export interface ChainReader<T> {
  read(chain: ChainActions, holder: string): Promise<T>;
  /** Whether a log in blocks [fromBlock, toBlock] may change `last` (one log query, not a read). */
  changed(chain: ChainActions, holder: string, last: T, fromBlock: number, toBlock: number): Promise<boolean>;
}

/**
 * Figures read from the chain for the player: once when shown, then whenever the room's indexer
 * applies a block that touched them (gathered, one read in flight, a log query deciding), when the
 * wallet changes, and on `refresh()` (in full). Never on a timer: no block, no change.
 * `reader` must be stable (useMemo): a new one starts over.
 */
export function useChainRead<T>(reader: ChainReader<T> | null): ChainRead<T> {
  const app = useApp();
  const [state, setState] = useState<{ value: T | null; error: string | null }>({
    value: null,
    error: null,
  });
  /** Forces a full read now (or right after the one in flight). */
  const force = useRef<(() => void) | null>(null);

  useEffect(() => {
    setState({ value: null, error: null });
    if (!reader) return;
    let live = true;
    const session = () => {
      const { config, address } = app.store.getState();
      if (!config || !address) throw new Error('no wallet or no chain yet');
      return chainActions(config).then((chain) => ({ chain, holder: address }));
    };
    const gated = createGatedRead<T>({
      read: async () => {
        const { chain, holder } = await session();
        return reader.read(chain, holder);
      },
      changed: async (last, fromBlock, toBlock) => {
        const { chain, holder } = await session();
        return reader.changed(chain, holder, last, fromBlock, toBlock);
      },
      block: () => app.store.getState().indexedBlock,
    });
    const next = createRefresher(async () => {
      const { config, address } = app.store.getState();
      if (!config || !address) return;
      try {
        const value = await gated.next();
        // null: nothing changed, but the chain answered (a shown error is over)
        if (live)
          setState((last) => {
            if (value !== null) return { value, error: null };
            return last.error === null ? last : { ...last, error: null };
          });
      } catch {
        if (live)
          setState((last) => ({
            value: last.value,
            error: 'The chain does not answer; showing the last figures.',
          }));
      }
    }, GATHER_MS);
    const full = () => {
      gated.force();
      next.now();
    };
    force.current = full;
    next.now();
    const unsubscribe = app.store.subscribe((now, before) => {
      if (now.address !== before.address || now.config !== before.config) full();
      else if (now.indexedBlock !== before.indexedBlock) next.signal();
    });
    return () => {
      live = false;
      next.stop();
      unsubscribe();
      if (force.current === full) force.current = null;
    };
  }, [app, reader]);

  const refresh = useCallback(() => force.current?.(), []);
  return { value: state.value, error: state.error, refresh };
}

/** The player's position in `vault` (null: none), live as useChainRead says. */
export function useVaultPosition(vault: string | null) {
  const reader = useMemo<ChainReader<VaultPosition> | null>(
    () =>
      vault
        ? {
            read: (chain, holder) => chain.position(vault, holder),
            changed: (chain, _holder, last, fromBlock, toBlock) =>
              chain.positionChanged(last, fromBlock, toBlock),
          }
        : null,
    [vault],
  );
  const { value, error, refresh } = useChainRead(reader);
  // a position of another vault (the parcel changed) is not shown while the new one loads
  const position = value && vault && value.vault.toLowerCase() === vault.toLowerCase() ? value : null;
  return { position, error, refresh };
}

/** The player's holdings (parcels, share positions, ORE): the portfolio, the parcel count and the guide read them. */
export const holdingsReader: ChainReader<Holdings> = {
  read: (chain, holder) => chain.holdings(holder),
  changed: (chain, holder, last, fromBlock, toBlock) =>
    chain.holdingsChanged(holder, last, fromBlock, toBlock),
};
