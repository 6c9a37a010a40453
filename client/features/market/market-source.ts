import { MAX_PAGE_ROWS, type MarketPage, type MarketRow } from '../../../shared/market-api.ts';
import type { AppStore } from '../../store.ts';
import { followIndexedBlocks } from '../net/chain-refresh.ts';

/**
 * Reads every row of `/api/market` page by page (by parcel id, the largest pages the API gives),
 * each page with the ETag of its last answer: a page nothing changed answers 304 and its rows
 * are reused. Between such full reads (one every `fullEveryMs`: the 24 h and 1 h figures move
 * with the clock) a read asks only for the parcels something happened to since the last block
 * read (`since`), usually one request whatever the market's size, and drops those it names gone.
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

/** Milliseconds between full reads of the market, unless the caller says otherwise. */
export const FULL_READ_EVERY_MS = 60_000;

/** `extra`: further query parameters (holder=0x… for the player's parcels). */
export function createMarketSource(
  origin: URL,
  extra: Record<string, string> = {},
  fullEveryMs = FULL_READ_EVERY_MS,
): MarketSource {
  const pages = new Map<number, { etag: string; body: MarketPage }>();
  /** The rows by parcel id as last read, the block they are of, and when the last full read was. */
  let last: { rows: Map<number, MarketRow>; block: number; fullAt: number; empty: string | null } | null =
    null;
  const fetchPage = async (page: number, since?: number): Promise<MarketPage> => {
    const url = new URL('/api/market', origin);
    const params = { sort: 'id', order: 'asc', limit: String(MAX_PAGE_ROWS), page: String(page), ...extra };
    for (const [name, value] of Object.entries(params)) url.searchParams.set(name, value);
    if (since !== undefined) url.searchParams.set('since', String(since));
    const cached = since === undefined ? pages.get(page) : undefined;
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
    if (etag && since === undefined) pages.set(page, { etag, body });
    return body;
  };
  /** Every page of the query (`since`: of the changes since that block), each row once. */
  const readPages = async (since?: number) => {
    const first = await fetchPage(1, since);
    const count = Math.max(1, Math.ceil(first.total / MAX_PAGE_ROWS));
    if (since === undefined) for (const page of pages.keys()) if (page > count) pages.delete(page);
    // a parcel fractionalized between two pages shifts the later ones: a row read twice counts once
    const rows = new Map(first.rows.map((row) => [row.parcelId, row]));
    for (let page = 2; page <= count; page++)
      for (const row of (await fetchPage(page, since)).rows)
        if (!rows.has(row.parcelId)) rows.set(row.parcelId, row);
    return { first, rows };
  };
  const result = (): MarketRead => {
    const rows = [...(last?.rows.values() ?? [])].sort((a, b) => a.parcelId - b.parcelId);
    return {
      rows,
      block: last?.block ?? 0,
      empty: rows.length === 0 ? (last?.empty ?? 'No parcels.') : null,
    };
  };
  return {
    async read() {
      const now = Date.now();
      if (!last || now - last.fullAt >= fullEveryMs) {
        const { first, rows } = await readPages();
        last = { rows, block: first.block, fullAt: now, empty: first.empty ?? null };
        return result();
      }
      const { first, rows } = await readPages(last.block);
      for (const id of first.gone ?? []) last.rows.delete(id);
      for (const [id, row] of rows) last.rows.set(id, row);
      last.block = Math.max(last.block, first.block);
      return result();
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
