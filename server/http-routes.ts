import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { getAddress, isAddress } from 'ethers';
import type { Logger } from 'pino';
import type { PublicConfig } from '../shared/deployment.ts';
import { type SignIn, SignInError } from './auth.ts';
import type { Lease } from './cluster-lease.ts';
import type { Faucet } from './faucet.ts';
import {
  answerErrors,
  ConcurrencyLimiter,
  HttpError,
  type IpLimit,
  IpLimiter,
  readJson,
  sendJson,
} from './http-kit.ts';
import type { ChainIndexer } from './indexer.ts';
import { createMarketRoutes, type MarketApi } from './market/market-routes.ts';
import type { Metrics } from './metrics.ts';
import { SESSION_COOKIE, SESSION_SECONDS, sessionIdOf } from './sessions.ts';

/** Everything the HTTP side of the game server answers besides Colyseus' matchmaking. */
export interface HttpDeps {
  rpcUrl: string;
  config: PublicConfig;
  indexer: ChainIndexer;
  /** The indexer's lease: whether this process publishes the feed (server/feed-relay.ts). */
  lease: Lease;
  signIn: SignIn;
  metrics: Metrics;
  log: Logger;
  faucet: Faucet | null;
  /** Built client (`vite build` output); null or missing: the routes above still work. */
  clientDir: string | null;
  limits: HttpLimits;
  /** Whether the public origin is https: the session cookie is then Secure. */
  secure: boolean;
  /**
   * CSP sources of the cluster's room sockets beyond this host (`ws://host:*`): a room another
   * process hosts is joined at that process's public address. Empty for one process.
   */
  roomSources: readonly string[];
  /** The market history's API (`/api/…`). */
  market: MarketApi;
}

/** Per client IP limits of the HTTP routes (token buckets: refill per second and burst). */
export interface HttpLimits {
  /** JSON-RPC calls (each call of a batch counts). */
  rpc: IpLimit;
  /** JSON-RPC requests in flight at once. */
  rpcConcurrent: { remote: number; loopback: number };
  /** Nonce requests and session sign-ins / sign-outs. */
  auth: IpLimit;
  faucet: IpLimit;
  /** Matchmaking seat reservations (server/matchmake-route.ts). */
  seats: IpLimit;
  /** Market, parcel history and leaderboard reads (`/api/…`). */
  api: IpLimit;
}

export const DEFAULT_HTTP_LIMITS: HttpLimits = {
  // a page polls a few reads a second; a wallet's estimate/send/receipt cycle adds a burst
  rpc: { remote: { perSecond: 20, burst: 200 }, loopback: { perSecond: 500, burst: 5_000 } },
  rpcConcurrent: { remote: 8, loopback: 64 },
  auth: { remote: { perSecond: 2, burst: 10 }, loopback: { perSecond: 50, burst: 500 } },
  // the per-address limit of the faucet still holds for loopback players
  faucet: { remote: { perSecond: 1 / 60, burst: 3 }, loopback: { perSecond: 1, burst: 30 } },
  // a seat is held 15 s unclaimed: an IP holds at most ~burst + 15 × perSecond seats at once;
  // loopback: the server benchmark joins 1,000 clients from one machine
  seats: { remote: { perSecond: 0.5, burst: 10 }, loopback: { perSecond: 200, burst: 1_000 } },
  // a market view polls a page or two a second and opens a parcel's story now and then;
  // loopback: the API benchmark asks 200 a second from one machine
  api: { remote: { perSecond: 5, burst: 60 }, loopback: { perSecond: 500, burst: 2_000 } },
};

/** Largest JSON-RPC request body forwarded to the chain, in bytes. */
const RPC_BODY_LIMIT = 128 * 1024;
/** Most calls in one JSON-RPC batch (ethers batches at most 100; it is told 50 in the client). */
const RPC_BATCH_LIMIT = 100;
/** Largest faucet and session request body, in bytes (a sign-in message and signature is < 1 KiB). */
const SMALL_BODY_LIMIT = 4 * 1024;
/**
 * The JSON-RPC methods browsers may call: the reads ethers' JsonRpcProvider and browser wallets
 * make, and sending a transaction the sender signed. Everything else is refused — the node's own
 * accounts (eth_sendTransaction, eth_sign, eth_accounts…), unsigned sends
 * (eth_sendUnsignedTransaction moves anyone's ETH and parcels on anvil) and node admin methods.
 */
const RPC_METHODS = new Set([
  'eth_blockNumber',
  'eth_call',
  'eth_chainId',
  'eth_estimateGas',
  'eth_feeHistory',
  'eth_gasPrice',
  'eth_getBalance',
  'eth_getBlockByHash',
  'eth_getBlockByNumber',
  'eth_getCode',
  'eth_getLogs',
  'eth_getStorageAt',
  'eth_getTransactionByHash',
  'eth_getTransactionCount',
  'eth_getTransactionReceipt',
  'eth_maxPriorityFeePerGas',
  'eth_sendRawTransaction',
  'eth_syncing',
  'net_version',
  'web3_clientVersion',
]);
/** JSON-RPC error code of a refused method (EIP-1474: method not supported). */
const RPC_NOT_ALLOWED = -32004;

/**
 * Headers of every answer. The page loads only its own scripts, styles and workers; the workers
 * compile WebAssembly (hashing); wallets announce their icons as data: images; the room is a
 * WebSocket to this host ('self' covers ws/wss of the same host), in a cluster also to the
 * `roomSources` of the other processes. No framing, no referrers.
 */
const securityHeaders = (roomSources: readonly string[]): Record<string, string> => ({
  'content-security-policy': [
    "default-src 'self'",
    "script-src 'self' 'wasm-unsafe-eval'",
    "worker-src 'self'",
    ["connect-src 'self'", ...roomSources].join(' '),
    "img-src 'self' data: blob:",
    "style-src 'self'",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '),
  'x-content-type-options': 'nosniff',
  'x-frame-options': 'DENY',
  'referrer-policy': 'no-referrer',
  'cross-origin-opener-policy': 'same-origin',
});

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
  '.map': 'application/json',
};

/** Encodings the build writes beside each compressible file (vite.config.ts), best first. */
const PRECOMPRESSED = [
  { encoding: 'br', suffix: '.br' },
  { encoding: 'gzip', suffix: '.gz' },
] as const;

/** The encodings `accept` (an Accept-Encoding header) allows, q=0 ones left out. */
function acceptedEncodings(accept: string | undefined): Set<string> {
  const accepted = new Set<string>();
  for (const part of (accept ?? '').split(',')) {
    const [name, ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (name && !(q && Number(q.slice(2)) === 0)) accepted.add(name);
  }
  return accepted;
}

/** The session id in the request's cookie, or null. */
function cookieSession(req: IncomingMessage): string | null {
  return sessionIdOf(req.headers.cookie);
}

/** The request handler for every non-matchmaking HTTP route. */
export function createHttpHandler(deps: HttpDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const authLimiter = new IpLimiter(deps.limits.auth, 'sign-in requests');
  const rpcLimiter = new IpLimiter(deps.limits.rpc, 'JSON-RPC calls');
  const rpcInFlight = new ConcurrencyLimiter(
    deps.limits.rpcConcurrent.remote,
    deps.limits.rpcConcurrent.loopback,
  );
  const faucetLimiter = new IpLimiter(deps.limits.faucet, 'faucet requests');
  const market = createMarketRoutes(deps.market, deps.limits.api);
  const headers = securityHeaders(deps.roomSources);
  const cookieFlags = `Path=/; HttpOnly; SameSite=Strict${deps.secure ? '; Secure' : ''}`;
  const clearCookie = `${SESSION_COOKIE}=; ${cookieFlags}; Max-Age=0`;

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path === '/healthz') {
      const status = deps.indexer.status();
      const ok = status.chainReachable;
      return sendJson(res, ok ? 200 : 503, {
        ok,
        chain: { reachable: status.chainReachable, head: status.head },
        indexer: { block: status.indexedBlock, lagBlocks: status.lagBlocks, publishing: deps.lease.held },
      });
    }
    if (path === '/config') return sendJson(res, 200, deps.config);
    if (path === '/metrics') {
      res.writeHead(200, { 'content-type': deps.metrics.registry.contentType });
      res.end(await deps.metrics.registry.metrics());
      return;
    }
    if (path === '/auth/nonce') {
      if (req.method !== 'GET') throw new HttpError(405, 'use GET');
      authLimiter.take(req);
      return sendJson(res, 200, { nonce: await deps.signIn.issueNonce() });
    }
    if (path === '/auth/session') return session(req, res);
    if (path === '/rpc') return proxyRpc(req, res);
    if (path === '/faucet') return drip(req, res);
    if (path.startsWith('/api/')) return market(req, res, url);
    return serveClient(req, res, path);
  }

  /**
   * GET: who the session cookie signs in ({ address: null } without one). POST a signed
   * EIP-4361 message: a session for its address, as an HttpOnly cookie. DELETE: sign out.
   */
  async function session(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const sessions = deps.signIn.sessions;
    authLimiter.take(req);
    if (req.method === 'GET') {
      const id = cookieSession(req);
      const found = id ? await sessions.find(id, Date.now()) : null;
      // an expired or unknown cookie goes at once: else a page that stays a guest (its wallet
      // declined to sign) would keep sending it and have its joins refused
      if (id && !found) res.setHeader('set-cookie', clearCookie);
      return sendJson(res, 200, { address: found?.address ?? null, expiresAt: found?.expiresAt ?? null });
    }
    if (req.method === 'DELETE') {
      const id = cookieSession(req);
      if (id) await sessions.drop(id);
      res.setHeader('set-cookie', clearCookie);
      return sendJson(res, 200, { address: null });
    }
    if (req.method !== 'POST') throw new HttpError(405, 'use GET, POST {"message", "signature"} or DELETE');
    const body = (await readJson(req, SMALL_BODY_LIMIT)) as { message?: unknown; signature?: unknown } | null;
    if (typeof body?.message !== 'string' || typeof body.signature !== 'string') {
      throw new HttpError(400, 'send {"message": EIP-4361 text, "signature": 0x…}');
    }
    let address: string;
    try {
      address = await deps.signIn.verify(body.message, body.signature, Date.now());
    } catch (error) {
      if (error instanceof SignInError) throw new HttpError(401, `sign-in refused: ${error.message}`);
      throw error;
    }
    const old = cookieSession(req);
    if (old) await sessions.drop(old);
    const created = await sessions.create(address, Date.now());
    res.setHeader(
      'set-cookie',
      `${SESSION_COOKIE}=${created.id}; ${cookieFlags}; Max-Age=${SESSION_SECONDS}`,
    );
    return sendJson(res, 200, { address, expiresAt: created.expiresAt });
  }

  /** One refusal of a JSON-RPC call, in JSON-RPC's own error shape. */
  const refusal = (call: unknown, method: string) => ({
    jsonrpc: '2.0',
    id: (call as { id?: unknown } | null)?.id ?? null,
    error: { code: RPC_NOT_ALLOWED, message: `method ${method.slice(0, 60)} is not allowed here` },
  });

  async function proxyRpc(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') throw new HttpError(405, 'JSON-RPC takes POST');
    await rpcInFlight.run(req, async () => {
      const body = await readJson(req, RPC_BODY_LIMIT);
      const batch = Array.isArray(body);
      const calls: unknown[] = batch ? body : [body];
      if (calls.length === 0) throw new HttpError(400, 'send at least one JSON-RPC call');
      if (calls.length > RPC_BATCH_LIMIT)
        throw new HttpError(413, `at most ${RPC_BATCH_LIMIT} calls per batch`);
      rpcLimiter.take(req, calls.length);
      const refused = new Map<number, object>();
      calls.forEach((call, i) => {
        const method = (call as { method?: unknown } | null)?.method;
        if (typeof method !== 'string') throw new HttpError(400, 'a JSON-RPC call needs a method');
        if (!RPC_METHODS.has(method)) refused.set(i, refusal(call, method));
      });
      if (!batch && refused.size === 1) return sendJson(res, 403, refused.get(0));
      const forwarded = calls.filter((_, i) => !refused.has(i));
      const answers = forwarded.length > 0 ? await forward(batch ? forwarded : forwarded[0]) : [];
      if (!batch) return sendJson(res, 200, answers);
      // each refused call answered in its place, the chain's answers in the order they came
      const fromChain = Array.isArray(answers) ? answers : [answers];
      let next = 0;
      const merged = calls.map((_, i) => refused.get(i) ?? fromChain[next++]);
      return sendJson(res, forwarded.length === 0 ? 403 : 200, merged);
    });
  }

  async function forward(body: unknown): Promise<unknown> {
    let upstream: Response;
    try {
      upstream = await fetch(deps.rpcUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
        signal: AbortSignal.timeout(15_000),
      });
    } catch {
      throw new HttpError(502, 'the chain does not answer');
    }
    if (!upstream.ok) throw new HttpError(502, `the chain answered HTTP ${upstream.status}`);
    return upstream.json();
  }

  async function drip(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!deps.faucet) throw new HttpError(404, 'no faucet on this network');
    if (req.method !== 'POST') throw new HttpError(405, 'use POST {"address": "0x…"}');
    const body = (await readJson(req, SMALL_BODY_LIMIT)) as { address?: unknown } | null;
    const address = body?.address;
    if (typeof address !== 'string' || !isAddress(address))
      throw new HttpError(400, 'address: not an address');
    faucetLimiter.take(req);
    const result = await deps.faucet.drip(getAddress(address), Date.now()).catch((error: unknown) => {
      deps.log.warn({ err: (error as Error).message }, 'faucet transfer failed');
      throw new HttpError(502, 'the chain refused the faucet transfer; try again');
    });
    if (!result.ok) throw new HttpError(429, result.reason);
    return sendJson(res, 200, { txHash: result.txHash, amountWei: result.amountWei.toString() });
  }

  async function serveClient(req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
    if (req.method !== 'GET' && req.method !== 'HEAD') throw new HttpError(405, 'use GET');
    if (!deps.clientDir) throw new HttpError(404, 'no client is served here');
    let decoded: string;
    try {
      decoded = decodeURIComponent(path);
    } catch {
      throw new HttpError(400, 'malformed percent-encoding in the path');
    }
    // browsers ask for /favicon.ico whatever the page links: the game's one icon is an SVG
    if (decoded === '/favicon.ico') decoded = '/favicon.svg';
    const root = resolve(deps.clientDir);
    const wanted = resolve(join(root, normalize(decoded)));
    if (wanted !== root && !wanted.startsWith(root + sep)) throw new HttpError(404, 'not found');
    let file = wanted;
    let info = await stat(file).catch(() => null);
    if (info?.isDirectory()) {
      file = join(file, 'index.html');
      info = await stat(file).catch(() => null);
    }
    if (!info?.isFile()) {
      // Paths without an extension are the single-page app's own routes.
      if (extname(decoded) !== '') throw new HttpError(404, 'not found');
      file = join(root, 'index.html');
      info = await stat(file).catch(() => null);
      if (!info?.isFile()) throw new HttpError(404, 'the client is not built: run `npm run build`');
    }
    const headers: Record<string, string | number> = {
      'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
      // Vite puts content hashes in asset names, so those may be cached for good
      'cache-control': file.includes(`${sep}assets${sep}`)
        ? 'public, max-age=31536000, immutable'
        : 'no-cache',
    };
    let body = file;
    let size = info.size;
    const accepted = acceptedEncodings(req.headers['accept-encoding']);
    for (const { encoding, suffix } of PRECOMPRESSED) {
      const compressed = await stat(file + suffix).catch(() => null);
      if (!compressed?.isFile()) continue;
      headers.vary = 'Accept-Encoding'; // the answer depends on the header, for caches in between
      if (!accepted.has(encoding) || 'content-encoding' in headers) continue;
      headers['content-encoding'] = encoding;
      body = file + suffix;
      size = compressed.size;
    }
    headers['content-length'] = size;
    res.writeHead(200, headers);
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(body).pipe(res);
  }

  return answerErrors(route, (error, req) =>
    deps.log.error({ err: error, url: req.url }, 'http route failed'),
  );
}
