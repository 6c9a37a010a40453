import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { getAddress, isAddress } from 'ethers';
import type { Logger } from 'pino';
import type { PublicConfig } from '../shared/deployment.ts';
import type { SignIn } from './auth.ts';
import type { Faucet } from './faucet.ts';
import type { ChainIndexer } from './indexer.ts';
import type { Metrics } from './metrics.ts';
import { type Bucket, fullBucket, takeToken } from './rules.ts';

/** Everything the HTTP side of the game server answers besides Colyseus' matchmaking. */
export interface HttpDeps {
  rpcUrl: string;
  config: PublicConfig;
  indexer: ChainIndexer;
  signIn: SignIn;
  metrics: Metrics;
  log: Logger;
  faucet: Faucet | null;
  /** Built client (`vite build` output); null or missing: the routes above still work. */
  clientDir: string | null;
}

/** Largest JSON-RPC request body forwarded to the chain, in bytes. */
const RPC_BODY_LIMIT = 128 * 1024;
/** Largest faucet request body, in bytes. */
const SMALL_BODY_LIMIT = 1024;
/** JSON-RPC namespaces browsers may use; node admin methods (anvil_*, evm_*, debug_*…) are refused. */
const RPC_ALLOWED = /^(eth|net|web3)_/;
/** Per client IP: nonce requests and faucet drips, per second and burst. */
const NONCE_LIMIT = { perSecond: 2, burst: 10 };
const FAUCET_IP_LIMIT = { perSecond: 1 / 60, burst: 3 };
/**
 * Browsers on the game's own machine (several players, tabs or test browsers share 127.0.0.1)
 * get a looser per-IP limit; the per-address limit still holds for them.
 */
const FAUCET_LOOPBACK_LIMIT = { perSecond: 1, burst: 30 };

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

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  res.end(text);
}

async function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) throw new HttpError(413, `body larger than ${limit} bytes`);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, `body larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
  if (!String(req.headers['content-type'] ?? '').includes('application/json')) {
    throw new HttpError(415, 'send Content-Type: application/json');
  }
  const text = await readBody(req, limit);
  try {
    return JSON.parse(text);
  } catch {
    throw new HttpError(400, 'body is not valid JSON');
  }
}

function clientIp(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

/** 127.0.0.0/8 and ::1, also in their IPv4-mapped IPv6 form. */
function isLoopback(ip: string): boolean {
  return ip === '::1' || /^(::ffff:)?127\./.test(ip);
}

/** Per-key token buckets, forgetting keys that have been full for a while. */
class KeyedLimiter {
  readonly #buckets = new Map<string, Bucket>();
  constructor(
    readonly perSecond: number,
    readonly burst: number,
  ) {}

  take(key: string, now: number): boolean {
    if (this.#buckets.size > 10_000) this.#buckets.clear(); // bounded memory under a spray of keys
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = fullBucket(this.burst, now);
      this.#buckets.set(key, bucket);
    }
    return takeToken(bucket, now, this.perSecond, this.burst);
  }
}

/** The request handler for every non-matchmaking HTTP route. */
export function createHttpHandler(deps: HttpDeps): (req: IncomingMessage, res: ServerResponse) => void {
  const nonceLimiter = new KeyedLimiter(NONCE_LIMIT.perSecond, NONCE_LIMIT.burst);
  const faucetLimiter = new KeyedLimiter(FAUCET_IP_LIMIT.perSecond, FAUCET_IP_LIMIT.burst);
  const loopbackFaucetLimiter = new KeyedLimiter(
    FAUCET_LOOPBACK_LIMIT.perSecond,
    FAUCET_LOOPBACK_LIMIT.burst,
  );

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const path = url.pathname;
    if (path === '/healthz') {
      const status = deps.indexer.status();
      const ok = status.chainReachable;
      return sendJson(res, ok ? 200 : 503, {
        ok,
        chain: { reachable: status.chainReachable, head: status.head },
        indexer: { block: status.indexedBlock, lagBlocks: status.lagBlocks },
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
      if (!nonceLimiter.take(clientIp(req), Date.now())) throw new HttpError(429, 'too many nonce requests');
      return sendJson(res, 200, { nonce: await deps.signIn.issueNonce() });
    }
    if (path === '/rpc') return proxyRpc(req, res);
    if (path === '/faucet') return drip(req, res);
    return serveClient(req, res, path);
  }

  async function proxyRpc(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (req.method !== 'POST') throw new HttpError(405, 'JSON-RPC takes POST');
    const body = await readJson(req, RPC_BODY_LIMIT);
    const calls = Array.isArray(body) ? body : [body];
    if (calls.length === 0 || calls.length > 100) throw new HttpError(400, 'send 1 to 100 JSON-RPC calls');
    for (const call of calls) {
      const method = (call as { method?: unknown } | null)?.method;
      if (typeof method !== 'string') throw new HttpError(400, 'a JSON-RPC call needs a method');
      if (!RPC_ALLOWED.test(method))
        throw new HttpError(403, `method ${method.slice(0, 60)} is not available here`);
    }
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
    res.writeHead(upstream.status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
    res.end(Buffer.from(await upstream.arrayBuffer()));
  }

  async function drip(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (!deps.faucet) throw new HttpError(404, 'no faucet on this network');
    if (req.method !== 'POST') throw new HttpError(405, 'use POST {"address": "0x…"}');
    const body = (await readJson(req, SMALL_BODY_LIMIT)) as { address?: unknown } | null;
    const address = body?.address;
    if (typeof address !== 'string' || !isAddress(address))
      throw new HttpError(400, 'address: not an address');
    const ip = clientIp(req);
    if (!(isLoopback(ip) ? loopbackFaucetLimiter : faucetLimiter).take(ip, Date.now()))
      throw new HttpError(429, 'faucet used too often; wait a minute');
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
    const root = resolve(deps.clientDir);
    const wanted = resolve(join(root, normalize(decodeURIComponent(path))));
    if (wanted !== root && !wanted.startsWith(root + sep)) throw new HttpError(404, 'not found');
    let file = wanted;
    let info = await stat(file).catch(() => null);
    if (info?.isDirectory()) {
      file = join(file, 'index.html');
      info = await stat(file).catch(() => null);
    }
    if (!info?.isFile()) {
      // Paths without an extension are the single-page app's own routes.
      if (extname(path) !== '') throw new HttpError(404, 'not found');
      file = join(root, 'index.html');
      info = await stat(file).catch(() => null);
      if (!info?.isFile()) throw new HttpError(404, 'the client is not built: run `npm run build`');
    }
    const type = CONTENT_TYPES[extname(file)] ?? 'application/octet-stream';
    // Vite puts content hashes in asset names, so those may be cached for good.
    const cache = file.includes(`${sep}assets${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache';
    res.writeHead(200, { 'content-type': type, 'content-length': info.size, 'cache-control': cache });
    if (req.method === 'HEAD') {
      res.end();
      return;
    }
    createReadStream(file).pipe(res);
  }

  return (req, res) => {
    route(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) deps.log.error({ err: error, url: req.url }, 'http route failed');
      if (res.headersSent) {
        res.destroy();
        return;
      }
      sendJson(res, status, { error: status === 500 ? 'internal error' : (error as Error).message });
    });
  };
}
