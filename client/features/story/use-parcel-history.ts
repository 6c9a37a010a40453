import { useEffect, useState } from 'react';
import type { CandleInterval } from '../../../shared/candles.ts';
import { MAX_PAGE_ROWS, type ParcelHistory } from '../../../shared/market-api.ts';
import { useApp } from '../../app.ts';
import { followIndexedBlocks } from '../net/chain-refresh.ts';

/** How long room signals (new blocks) are gathered into one fetch, ms. */
const GATHER_MS = 250;

export interface HistoryRead {
  /** The last history the server sent; null before the first answer. */
  history: ParcelHistory | null;
  /** Set while the server does not answer (the last history stays shown), in words. */
  error: string | null;
}

/**
 * The parcel's history from `/api/parcels/:id/history`: fetched when shown, then again whenever
 * the room reports a newly indexed block (gathered, one fetch in flight). Each fetch sends the
 * last answer's ETag: an unchanged history costs a 304 and no re-render. A parcel the history does
 * not know yet (claimed in a block the server has not recorded) reads as an empty story.
 */
export function useParcelHistory(parcelId: number, interval: CandleInterval): HistoryRead {
  const app = useApp();
  // another range keeps showing the last answer while its candles load; another parcel does not
  const [state, setState] = useState<HistoryRead & { parcelId: number }>({
    parcelId,
    history: null,
    error: null,
  });

  useEffect(() => {
    const url = `/api/parcels/${parcelId}/history?interval=${interval}&limit=${MAX_PAGE_ROWS}`;
    let etag: string | null = null;
    let live = true;
    const read = async () => {
      try {
        const response = await fetch(url, { headers: etag ? { 'if-none-match': etag } : {} });
        if (response.status === 304) {
          if (live) setState((last) => (last.error === null ? last : { ...last, error: null }));
          return;
        }
        if (response.status === 404) {
          if (live) setState({ parcelId, history: emptyHistory(parcelId), error: null });
          return;
        }
        if (!response.ok) throw new Error(`HTTP ${response.status}`);
        const history = (await response.json()) as ParcelHistory;
        etag = response.headers.get('etag');
        if (live) setState({ parcelId, history, error: null });
      } catch {
        if (live)
          setState((last) => ({
            parcelId,
            history: last.parcelId === parcelId ? last.history : null,
            error: 'The game server does not answer; showing the last history read.',
          }));
      }
    };
    const stop = followIndexedBlocks(app.store, read, GATHER_MS);
    return () => {
      live = false;
      stop();
    };
  }, [app, parcelId, interval]);

  return state.parcelId === parcelId ? state : { history: null, error: null };
}

/** The story of a parcel the history has nothing of yet. */
const emptyHistory = (parcelId: number): ParcelHistory => ({
  parcelId,
  vault: '',
  trades: [],
  candles: [],
  holders: [],
  events: [],
  hashRate: [],
});
