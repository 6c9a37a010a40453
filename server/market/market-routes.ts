import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { z } from 'zod';
import { CANDLE_INTERVALS } from '../../shared/candles.ts';
import {
  blockNumberSchema,
  type HolderHistory,
  historyQuerySchema,
  holderAddressSchema,
  type Leaderboard,
  leaderboardQuerySchema,
  MAX_PAGE_ROWS,
  MAX_QUERY_CHARS,
  type MapParcels,
  marketQuerySchema,
  noQuerySchema,
  parcelIdSchema,
} from '../../shared/market-api.ts';
import { formatCoords, parcelCoords } from '../../shared/world.ts';
import { HttpError, type IpLimit, IpLimiter } from '../http-kit.ts';
import type { ChainIndexer } from '../indexer.ts';
import type { MarketQueries } from './market-queries.ts';
import { type MarketSnapshots, marketPage, type SortedRows } from './market-view.ts';

/**
 * `/api/market`, `/api/parcels/:id/history`, `/api/holders/:address`, `/api/blocks/:block`,
 * `/api/leaderboard` and `/api/map`: GET only, every query
 * parameter checked by its schema in shared/market-api.ts (an unknown, repeated or malformed one
 * is a 400 that says which and why), per-IP rate limited, and answered with an ETag (the body's
 * hash; If-None-Match gets a 304) and a short public cache lifetime.
 */

export interface MarketApi {
  indexer: ChainIndexer;
  queries: MarketQueries;
  snapshots: MarketSnapshots;
}

/** Seconds a cache may reuse an answer: the chain moves every block. */
const MAX_AGE_SECONDS = 2;
const HISTORY_PATH = /^\/api\/parcels\/([^/]{1,12})\/history$/;
const HOLDER_PATH = /^\/api\/holders\/([^/]{1,64})$/;
const BLOCK_PATH = /^\/api\/blocks\/([^/]{1,20})$/;

/** The request handler of the `/api/` paths. */
export function createMarketRoutes(api: MarketApi, limit: IpLimit) {
  const limiter = new IpLimiter(limit, 'market requests');
  const pages = new PageCache();
  const map = { hash: '', answer: null as Encoded | null };

  const snapshot = () => {
    const { indexer, snapshots } = api;
    const { indexedBlock, indexedHash } = indexer.status();
    return snapshots.get(() => indexer.parcels(), { block: indexedBlock, hash: indexedHash }, Date.now());
  };

  return async (req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'use GET');
    if (url.search.length > MAX_QUERY_CHARS)
      throw new HttpError(414, `query longer than ${MAX_QUERY_CHARS} characters`);
    limiter.take(req);
    const path = url.pathname;
    if (path === '/api/market') {
      const query = parse(marketQuerySchema, url);
      const market = await snapshot();
      const held = query.holder ? await api.queries.vaultsHeldBy(query.holder) : null;
      const changed = query.since === undefined ? null : await api.queries.parcelsTouchedSince(query.since);
      const answer = () => encode(marketPage(market.table, query, { held, changed }, market));
      // a page of the snapshot alone is the same for everyone until the snapshot moves on
      const shared = !query.holder && query.since === undefined;
      return send(req, res, shared ? pages.get(market.table, url.search, answer) : answer());
    }
    if (path === '/api/map') {
      parse(noQuerySchema, url);
      // encoded once per indexed block (every client in zone rooms polls it), by its hash: a reorg
      // that replaces the block at the same height replaces the map too
      const { indexedBlock, indexedHash } = api.indexer.status();
      if (!map.answer || map.hash !== indexedHash) map.answer = encode(mapParcels(api.indexer, indexedBlock));
      map.hash = indexedHash;
      return send(req, res, map.answer);
    }
    if (path === '/api/leaderboard') {
      const { limit: top } = parse(leaderboardQuerySchema, url);
      const market = await snapshot();
      const best = (sort: 'apr' | 'value' | 'hashRate') =>
        marketPage(market.table, marketQuerySchema.parse({ sort, limit: String(top) }), {}, market).rows;
      const board: Leaderboard = {
        miners24h: await api.queries.topMiners(Math.floor(Date.now() / 1000) - 86_400, top),
        minersAllTime: await api.queries.topMiners(null, top),
        parcelsByApr: best('apr').filter((row) => row.staking.apr !== null),
        parcelsByValue: best('value'),
        parcelsByHashRate: best('hashRate').filter((row) => row.hashRate > 0),
      };
      return sendCached(req, res, board);
    }
    const holder = HOLDER_PATH.exec(path);
    if (holder) {
      const address = holderAddressSchema.safeParse(holder[1]);
      if (!address.success) throw new HttpError(400, `address: ${address.error.issues[0]?.message}`);
      parse(noQuerySchema, url);
      const answer: HolderHistory = {
        ...(await api.queries.holderHistory(address.data)),
        orePriceWei: (await snapshot()).orePriceWei?.toString() ?? null,
      };
      return sendCached(req, res, answer);
    }
    const history = HISTORY_PATH.exec(path);
    if (history) {
      const id = parcelIdSchema.safeParse(history[1]);
      if (!id.success) throw new HttpError(400, `parcel id: ${id.error.issues[0]?.message}`);
      const query = parse(historyQuerySchema, url);
      // every parcel on chain has its claim in the history
      if (!(await api.queries.knows(id.data)))
        throw new HttpError(
          404,
          `parcel ${formatCoords(parcelCoords(id.data))} has no history: never claimed`,
        );
      return sendCached(
        req,
        res,
        await api.queries.parcelHistory(id.data, CANDLE_INTERVALS[query.interval], query.limit),
      );
    }
    const block = BLOCK_PATH.exec(path);
    if (block) {
      const number = blockNumberSchema.safeParse(block[1]);
      if (!number.success) throw new HttpError(400, `block: ${number.error.issues[0]?.message}`);
      parse(noQuerySchema, url);
      const answer = await api.queries.blockHistory(number.data, MAX_PAGE_ROWS);
      if (!answer) throw new HttpError(404, `block ${number.data} has no market history`);
      return sendCached(req, res, answer);
    }
    throw new HttpError(404, 'no such API route');
  };
}

/** The claimed parcels of the map (at most PARCEL_COUNT: about 1.5 MB of JSON with every parcel claimed). */
function mapParcels(indexer: ChainIndexer, block: number): MapParcels {
  const owners = new Map<string, number>();
  const parcels: number[] = [];
  for (const parcel of indexer.parcels()) {
    let owner = owners.get(parcel.owner);
    if (owner === undefined) {
      owner = owners.size;
      owners.set(parcel.owner, owner);
    }
    parcels.push(parcel.id, parcel.status, owner);
  }
  return { block, owners: [...owners.keys()], parcels };
}

/** The query string checked by `schema`: each parameter at most once, none unknown. */
function parse<S extends z.ZodType>(schema: S, url: URL): z.infer<S> {
  const params: Record<string, string> = {};
  for (const [name, value] of url.searchParams) {
    if (name in params) throw new HttpError(400, `${name.slice(0, 40)}: given more than once`);
    params[name] = value;
  }
  const parsed = schema.safeParse(params);
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0];
  const where = issue?.path.length ? `${issue.path.join('.').slice(0, 40)}: ` : '';
  throw new HttpError(400, `${where}${issue?.message ?? 'bad query'}`);
}

/** An answer's JSON and its ETag (the body's hash). */
interface Encoded {
  json: string;
  etag: string;
}

function encode(body: unknown): Encoded {
  const json = JSON.stringify(body);
  return { json, etag: `"${createHash('sha256').update(json).digest('base64url').slice(0, 27)}"` };
}

/** Market pages of one snapshot already encoded, by query string (at most MAX_CHARS of JSON). */
class PageCache {
  static readonly MAX_CHARS = 16_000_000;
  #table: SortedRows | null = null;
  readonly #pages = new Map<string, Encoded>();
  #chars = 0;

  get(table: SortedRows, query: string, make: () => Encoded): Encoded {
    if (table !== this.#table) this.#clear(table);
    let page = this.#pages.get(query);
    if (!page) {
      page = make();
      if (this.#chars + page.json.length > PageCache.MAX_CHARS) this.#clear(table);
      this.#pages.set(query, page);
      this.#chars += page.json.length;
    }
    return page;
  }

  #clear(table: SortedRows): void {
    this.#table = table;
    this.#pages.clear();
    this.#chars = 0;
  }
}

/** `body` as JSON with its ETag; a 304 without the body when the client has it already. */
function sendCached(req: IncomingMessage, res: ServerResponse, body: unknown): void {
  send(req, res, encode(body));
}

function send(req: IncomingMessage, res: ServerResponse, { json, etag }: Encoded): void {
  const headers = { etag, 'cache-control': `public, max-age=${MAX_AGE_SECONDS}` };
  const known = String(req.headers['if-none-match'] ?? '')
    .split(',')
    .map((tag) => tag.trim().replace(/^W\//, ''));
  if (known.includes(etag)) {
    res.writeHead(304, headers);
    res.end();
    return;
  }
  res.writeHead(200, { 'content-type': 'application/json', ...headers });
  res.end(req.method === 'HEAD' ? undefined : json);
}
