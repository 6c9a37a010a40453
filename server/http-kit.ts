import type { IncomingMessage, ServerResponse } from 'node:http';
import { type Bucket, fullBucket, takeToken } from '../shared/rate-limit.ts';

/** Small pieces every HTTP route of the game server uses: errors, bodies, per-IP limits. */

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    /** Extra response headers, e.g. Retry-After on a 429. */
    readonly headers: Record<string, string> = {},
  ) {
    super(message);
  }
}

export function sendJson(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', ...headers });
  res.end(JSON.stringify(body));
}

/**
 * The body of `req`, at most `limit` bytes: a larger declared Content-Length is refused before
 * a byte is read, and a chunked body is dropped as soon as it passes the limit (never buffered).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > limit) return Promise.reject(new HttpError(413, `body larger than ${limit} bytes`));
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) {
        chunks.push(chunk);
        return;
      }
      // stop reading, but leave the socket open for the 413 (answerErrors closes it after)
      req.off('data', onData);
      req.pause();
      reject(new HttpError(413, `body larger than ${limit} bytes`));
    };
    req.on('data', onData);
    req.once('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.once('close', () => reject(new HttpError(400, 'the request ended before its body')));
  });
}

export async function readJson(req: IncomingMessage, limit: number): Promise<unknown> {
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

/**
 * The socket's peer address. Forwarding headers (X-Forwarded-For…) are not read: anyone can
 * write them, and a limit keyed by them limits nobody.
 */
export function clientIp(req: IncomingMessage): string {
  return req.socket.remoteAddress ?? 'unknown';
}

/** 127.0.0.0/8 and ::1, also in their IPv4-mapped IPv6 form. */
export function isLoopback(ip: string): boolean {
  return ip === '::1' || /^(::ffff:)?127\./.test(ip);
}

/** A token bucket's refill per second and size. */
export interface Rate {
  perSecond: number;
  burst: number;
}

/** Per-key token buckets, forgetting every key under a spray of keys (bounded memory). */
export class KeyedLimiter {
  readonly #buckets = new Map<string, Bucket>();
  constructor(readonly rate: Rate) {}

  take(key: string, now: number): boolean {
    if (this.#buckets.size > 10_000) this.#buckets.clear();
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      bucket = fullBucket(this.rate.burst, now);
      this.#buckets.set(key, bucket);
    }
    return takeToken(bucket, now, this.rate.perSecond, this.rate.burst);
  }

  /** Whole seconds until the next token: the Retry-After of a refusal. */
  retryAfter(): string {
    return String(Math.max(1, Math.ceil(1 / this.rate.perSecond)));
  }
}

/** A per-IP limit: `remote` for the world, `loopback` for clients on the server's own machine. */
export interface IpLimit {
  remote: Rate;
  /**
   * Players, tabs, test browsers and benchmark clients on the game's own machine all share
   * 127.0.0.1: they get a looser bucket. Set equal to `remote` where loopback is not trusted.
   */
  loopback: Rate;
}

/** An IpLimit in force: take() or throw 429 with Retry-After. */
export class IpLimiter {
  readonly #remote: KeyedLimiter;
  readonly #loopback: KeyedLimiter;
  constructor(
    limit: IpLimit,
    readonly what: string,
  ) {
    this.#remote = new KeyedLimiter(limit.remote);
    this.#loopback = new KeyedLimiter(limit.loopback);
  }

  take(req: IncomingMessage, cost = 1): void {
    const ip = clientIp(req);
    const limiter = isLoopback(ip) ? this.#loopback : this.#remote;
    const now = Date.now();
    for (let i = 0; i < cost; i++) {
      if (!limiter.take(ip, now)) {
        const seconds = limiter.retryAfter();
        throw new HttpError(429, `too many ${this.what}; retry in ${seconds} s`, { 'retry-after': seconds });
      }
    }
  }
}

/** Requests in flight per IP, at most `max` (loopback: `loopbackMax`). */
export class ConcurrencyLimiter {
  readonly #inFlight = new Map<string, number>();
  constructor(
    readonly max: number,
    readonly loopbackMax: number,
  ) {}

  /** Runs `work` holding one of the IP's slots; 429 when all are taken. */
  async run<T>(req: IncomingMessage, work: () => Promise<T>): Promise<T> {
    const ip = clientIp(req);
    const held = this.#inFlight.get(ip) ?? 0;
    if (held >= (isLoopback(ip) ? this.loopbackMax : this.max)) {
      throw new HttpError(429, 'too many requests in flight from this address', { 'retry-after': '1' });
    }
    this.#inFlight.set(ip, held + 1);
    try {
      return await work();
    } finally {
      const left = (this.#inFlight.get(ip) ?? 1) - 1;
      if (left === 0) this.#inFlight.delete(ip);
      else this.#inFlight.set(ip, left);
    }
  }
}

/**
 * Wraps a route: an HttpError becomes its status and a JSON error; anything else is a 500 that
 * is logged. A refused body (413) closes the connection so the rest of it is never read.
 */
export function answerErrors(
  route: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  onInternal: (error: unknown, req: IncomingMessage) => void,
): (req: IncomingMessage, res: ServerResponse) => void {
  return (req, res) => {
    route(req, res).catch((error: unknown) => {
      const status = error instanceof HttpError ? error.status : 500;
      if (status === 500) onInternal(error, req);
      if (res.headersSent) {
        res.destroy();
        return;
      }
      const headers = error instanceof HttpError ? { ...error.headers } : {};
      if (status === 413) {
        headers.connection = 'close';
        res.once('finish', () => req.socket.destroy());
      }
      sendJson(res, status, { error: status === 500 ? 'internal error' : (error as Error).message }, headers);
    });
  };
}
