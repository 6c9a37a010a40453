import { MAX_PAGE_ROWS, type MarketPage, type MarketRow } from '../../../shared/market-api.ts';
import type { AppStore } from '../../store.ts';
import { followIndexedBlocks } from '../net/chain-refresh.ts';

/**
 * Reads every row of `/api/market` page by page (by parcel id, the largest pages the API gives),
 * each page with the ETag of its last answer: a page nothing changed answers 304 and its rows
 * are reused, so a refresh after a block that touched no parcel costs a few empty answers.
 */

export interface MarketRead {
  rows: MarketRow[];
  /** Last block the server had indexed. */
  block: number;
  /** The server's words for a market with no rows. */
  empty: string | null;
}

/** One query's pages: their ETags and rows, reused by the next read. */
export interface MarketSource {
  read(): Promise<MarketRead>;
}

/** `extra`: further query parameters (holder=0x… for the player's parcels). */
export function createMarketSource(origin: URL, extra: Record<string, string> = {}): MarketSource {
  const pages = new Map<number, { etag: string; body: MarketPage }>();
  const fetchPage = async (page: number): Promise<MarketPage> => {
    const url = new URL('/api/market', origin);
    const params = { sort: 'id', order: 'asc', limit: String(MAX_PAGE_ROWS), page: String(page), ...extra };
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    const cached = pages.get(page);
    let response: Response;
    try {
      response = await fetch(url, { headers: cached ? { 'if-none-match': cached.etag } : {} });
    } catch {
      throw new Error('the game server did not answer');
    }
    if (response.status === 304 && cached) return cached.body;
    if (!response.ok) {
      // the API's refusals are { error: "in words" }
      const reason = await response
        .json()
        .then((body: { error?: unknown }) =>
          typeof body.error === 'string' ? `: ${body.error.slice(0, 120)}` : '',
        )
        .catch(() => '');
      throw new Error(`the game server answered HTTP ${response.status}${reason}`);
    }
    const body = (await response.json()) as MarketPage;
    const etag = response.headers.get('etag');
    if (etag) pages.set(page, { etag, body });
    return body;
  };
  return {
    async read() {
      const first = await fetchPage(1);
      const last = Math.max(1, Math.ceil(first.total / MAX_PAGE_ROWS));
      for (const page of pages.keys()) if (page > last) pages.delete(page);
      const rows = [...first.rows];
      // a parcel fractionalized between two pages shifts the later ones: a row read twice counts once
      const seen = new Set(rows.map((row) => row.parcelId));
      for (let page = 2; page <= last; page++) {
        for (const row of (await fetchPage(page)).rows) {
          if (seen.has(row.parcelId)) continue;
          seen.add(row.parcelId);
          rows.push(row);
        }
      }
      return { rows, block: first.block, empty: rows.length === 0 ? (first.empty ?? 'No parcels.') : null };
    },
  };
}

/** Signals of new blocks gathered this long into one read of the market, ms. */
const GATHER_MS = 1_000;

/**
 * Runs `read` now and again after the room indexes new blocks, handing what it brings to `apply`
 * (or the failure's words to `fail`) until the returned stop; a read that ends after the stop is
 * dropped.
 */
export function followMarket<T>(
  store: AppStore,
  read: () => Promise<T>,
  apply: (value: T) => void,
  fail: (message: string) => void,
): () => void {
  let live = true;
  const stop = followIndexedBlocks(
    store,
    async () => {
      try {
        const value = await read();
        if (live) apply(value);
      } catch (failure) {
        if (live) fail((failure as Error).message);
      }
    },
    GATHER_MS,
  );
  return () => {
    live = false;
    stop();
  };
}
