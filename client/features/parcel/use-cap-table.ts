import { useEffect, useState } from 'react';
import type { HolderRow, ParcelHistory } from '../../../shared/market-api.ts';
import { useApp } from '../../app.ts';
import { followIndexedBlocks } from '../net/chain-refresh.ts';

/** Room blocks gathered into one cap-table read, ms (a burst of blocks costs one request). */
const GATHER_MS = 500;

/**
 * The cap table of a fractionalized parcel from the market history (`/api/parcels/:id/history`),
 * re-read when the room indexes a block; null until the first answer, or while `parcelId` is null.
 */
export function useCapTable(parcelId: number | null): HolderRow[] | null {
  const app = useApp();
  const [holders, setHolders] = useState<HolderRow[] | null>(null);
  useEffect(() => {
    setHolders(null);
    if (parcelId === null) return;
    let live = true;
    const stop = followIndexedBlocks(
      app.store,
      async () => {
        // no-cache: the API's max-age=2 must not answer a read after a new block with the one before it
        const response = await fetch(new URL(`/api/parcels/${parcelId}/history`, window.location.href), {
          cache: 'no-cache',
        });
        // not indexed yet (404) or the server away: the line waits for the next block
        if (!response.ok) return;
        const history = (await response.json()) as ParcelHistory;
        if (live) setHolders(history.holders);
      },
      GATHER_MS,
    );
    return () => {
      live = false;
      stop();
    };
  }, [app, parcelId]);
  return holders;
}
