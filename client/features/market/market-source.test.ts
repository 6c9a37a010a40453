import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_PAGE_ROWS, type MarketPage, type MarketRow } from '../../../shared/market-api.ts';
import { createMarketSource } from './market-source.ts';

/**
 * The source against a real HTTP server that pages `ids` by id as /api/market does, with an ETag
 * per page (the page's ids and the block), answering If-None-Match with 304.
 */
const market = {
  ids: [] as number[],
  block: 7,
  failWith: null as null | { status: number; error: string },
  /** What a `since` read answers: the changed parcels still listed, and those gone. */
  changes: { ids: [] as number[], gone: [] as number[] },
  /** Runs after a page is answered (a parcel fractionalized between two pages of one read). */
  after: null as null | ((page: number) => void),
};
const seen: { page: string; ifNoneMatch: string | undefined; status: number; since: string | null }[] = [];
let server: Server;
let origin: URL;

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const page = Number(url.searchParams.get('page'));
    const limit = Number(url.searchParams.get('limit'));
    const answer = (status: number, body?: unknown, etag?: string) => {
      const since = url.searchParams.get('since');
      seen.push({ page: String(page), ifNoneMatch: req.headers['if-none-match'], status, since });
      res.writeHead(status, etag ? { etag } : {});
      res.end(body === undefined ? undefined : JSON.stringify(body));
      market.after?.(page);
    };
    if (market.failWith) return answer(market.failWith.status, { error: market.failWith.error });
    if (url.searchParams.has('since')) {
      const { ids, gone } = market.changes;
      const rows = ids.slice((page - 1) * limit, page * limit).map((parcelId) => ({ parcelId }) as MarketRow);
      return answer(200, {
        block: market.block,
        orePriceWei: null,
        total: ids.length,
        page,
        limit,
        rows,
        gone,
      });
    }
    const ids = market.ids.slice((page - 1) * limit, page * limit);
    const etag = `"${market.block}-${ids.join('.')}"`;
    if (req.headers['if-none-match'] === etag) return answer(304);
    const body: MarketPage = {
      block: market.block,
      orePriceWei: null,
      total: market.ids.length,
      page,
      limit,
      rows: ids.map((parcelId) => ({ parcelId }) as MarketRow),
      ...(market.ids.length === 0 ? { empty: 'No parcel is on the market yet.' } : {}),
    };
    answer(200, body, etag);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = new URL(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

const idsRead = async (read: Promise<{ rows: MarketRow[] }>) => (await read).rows.map((row) => row.parcelId);

describe('market source', () => {
  it('reads every page, then re-reads unchanged pages as 304s and keeps their rows', async () => {
    market.ids = Array.from({ length: 2 * MAX_PAGE_ROWS + 5 }, (_, i) => i * 3);
    // every read a full one
    const source = createMarketSource(origin, {}, 0);
    seen.length = 0;
    expect(await idsRead(source.read())).toEqual(market.ids);
    expect(seen.map((request) => [request.page, request.status])).toEqual([
      ['1', 200],
      ['2', 200],
      ['3', 200],
    ]);
    // a new parcel on the last page: the first two answer 304, the rows stay whole
    market.ids.push(10_000);
    seen.length = 0;
    expect(await idsRead(source.read())).toEqual(market.ids);
    expect(seen.map((request) => request.status)).toEqual([304, 304, 200]);
    expect(seen.every((request) => request.ifNoneMatch?.startsWith('"7-'))).toBe(true);
  });

  it('between full reads asks only for what changed since the last block: one request for a big market', async () => {
    market.ids = Array.from({ length: 3 * MAX_PAGE_ROWS }, (_, i) => i);
    market.block = 20;
    const source = createMarketSource(origin, {}, 60_000);
    await source.read();
    market.block = 21;
    market.changes = { ids: [5, 100_000], gone: [7] };
    seen.length = 0;
    const read = await source.read();
    expect(seen).toEqual([expect.objectContaining({ page: '1', since: '20', status: 200 })]);
    expect(read.block).toBe(21);
    const ids = read.rows.map((row) => row.parcelId);
    expect(ids).toHaveLength(3 * MAX_PAGE_ROWS);
    expect(ids).not.toContain(7);
    expect(ids.at(-1)).toBe(100_000);
    // with no time between full reads, every read is a full one
    seen.length = 0;
    await createMarketSource(origin, {}, 0).read();
    expect(seen.every((request) => request.since === null)).toBe(true);
  });

  it('counts a row the pages shifted under it once', async () => {
    const before = Array.from({ length: MAX_PAGE_ROWS + 1 }, (_, i) => i * 3);
    market.ids = [...before];
    // a parcel with a lower id arrives right after page 1: page 2 starts with page 1's last row
    market.after = (page) => {
      if (page === 1) market.ids.unshift(-1);
      market.after = null;
    };
    const source = createMarketSource(origin, {}, 0);
    expect(await idsRead(source.read())).toEqual(before);
    // the next read has it
    expect(await idsRead(source.read())).toEqual([-1, ...before]);
  });

  it('says an empty market in the server’s words', async () => {
    market.ids = [];
    expect(await createMarketSource(origin).read()).toMatchObject({
      rows: [],
      empty: 'No parcel is on the market yet.',
    });
  });

  it('fails with the server’s reason, and with words when nothing answers', async () => {
    market.failWith = { status: 429, error: 'too many market requests; retry in 1 s' };
    await expect(createMarketSource(origin).read()).rejects.toThrow(
      'the game server answered HTTP 429: too many market requests; retry in 1 s',
    );
    market.failWith = null;
    await expect(createMarketSource(new URL('http://127.0.0.1:1/')).read()).rejects.toThrow(
      'the game server did not answer',
    );
  });
});
