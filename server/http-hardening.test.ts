import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { type IncomingMessage, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { Client } from 'colyseus.js';
import { Interface, JsonRpcProvider, parseEther, toQuantity, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../scripts/chain.ts';
import { landRegistryAbi } from '../shared/contracts.ts';
import { LOCAL_DEPLOYER_KEY, WORLD_ROOM } from '../shared/defaults.ts';
import { parcelId } from '../shared/world.ts';
import { PLAYER_KEYS } from '../testing/keys.ts';
import { claimParcel, startTestWorld, stopTestWorld, type TestChain } from '../testing/test-chain.ts';
import { signInOptions, wrapRoom } from '../testing/test-client.ts';
import { spawnServer } from '../testing/test-process.ts';
import { DEFAULT_HTTP_LIMITS, type HttpLimits } from './http-routes.ts';
import type { RunningServer } from './main.ts';
import { Sessions } from './sessions.ts';
import { SqliteStore } from './sqlite-store.ts';

/**
 * Attacks on the HTTP side of the real game server (real chain, real Colyseus), each refused. The
 * server treats this machine like any other client (its loopback limits are the remote ones, made
 * small enough to reach), serves a built client and has a public origin of its own.
 */

let chain: TestChain;
let server: RunningServer;
const clientDir = mkdtempSync(join(tmpdir(), 'fracterra-client-'));

const PUBLIC_ORIGIN = 'https://play.example';
const reachable = (burst: number) => ({ perSecond: 0.01, burst });
const LIMITS: HttpLimits = {
  ...DEFAULT_HTTP_LIMITS,
  rpc: { remote: reachable(60), loopback: reachable(60) },
  rpcConcurrent: { remote: 1, loopback: 1 },
  seats: { remote: reachable(20), loopback: reachable(20) },
  auth: { remote: reachable(40), loopback: reachable(40) },
};

// A built client as `vite build` writes it: a hashed asset with its .br and .gz beside it.
const SCRIPT = `console.log(${JSON.stringify('fracterra '.repeat(500))});`;
beforeAll(async () => {
  await mkdir(join(clientDir, 'assets'));
  writeFileSync(join(clientDir, 'index.html'), '<!doctype html><title>Fracterra</title>');
  writeFileSync(join(clientDir, 'favicon.svg'), '<svg xmlns="http://www.w3.org/2000/svg"/>');
  writeFileSync(join(clientDir, 'assets', 'main-abc123.js'), SCRIPT);
  writeFileSync(join(clientDir, 'assets', 'main-abc123.js.br'), brotliCompressSync(SCRIPT));
  writeFileSync(join(clientDir, 'assets', 'main-abc123.js.gz'), gzipSync(SCRIPT));
  ({ chain, server } = await startTestWorld({
    server: {
      faucetKey: LOCAL_DEPLOYER_KEY,
      pollMs: 50,
      clientDir,
      publicOrigins: [PUBLIC_ORIGIN],
      limits: LIMITS,
    },
  }));
}, 120_000);

afterAll(async () => {
  await stopTestWorld({ chain, server });
  rmSync(clientDir, { recursive: true, force: true });
});

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function collect(response: IncomingMessage): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () =>
      resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
    );
    response.on('error', reject);
  });
}

/** One raw HTTP request (any headers, Host included); the body is sent whole. */
function raw(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string } = {},
): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: options.method ?? 'GET', headers: options.headers }, (response) =>
      collect(response).then(resolve, reject),
    );
    req.on('error', reject);
    req.end(options.body);
  });
}

const json = (answer: Answer) => JSON.parse(answer.body.toString()) as Record<string, unknown>;

async function rpc(url: string, body: unknown): Promise<Answer> {
  return raw(`${url}/rpc`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const call = (method: string, params: unknown[] = [], id = 1) => ({ jsonrpc: '2.0', id, method, params });

/**
 * Starts a POST whose body never ends: resolves with the server's answer, which must come before
 * the body does (the server refuses or holds it without reading it all).
 */
function endlessPost(
  url: string,
  headers: Record<string, string>,
): { answer: Promise<Answer>; sent: () => number } {
  let sent = 0;
  let req: ReturnType<typeof request>;
  const answer = new Promise<Answer>((resolve, reject) => {
    req = request(url, { method: 'POST', headers }, (response) => collect(response).then(resolve, reject));
    req.on('error', () => undefined); // the server closes the socket under a body it refused
    const chunk = Buffer.alloc(16 * 1024, 0x20);
    const pump = () => {
      // at most 64 MiB, a chunk per tick, until the server has answered
      while (sent < 64 * 1024 * 1024 && !req.destroyed && req.write(chunk)) sent += chunk.length;
    };
    req.on('drain', pump);
    pump();
  });
  return { answer: answer.finally(() => req.destroy()), sent: () => sent };
}

describe('/rpc', () => {
  it('refuses eth_sendUnsignedTransaction: another player’s ETH and parcel stay theirs', async () => {
    const victim = new Wallet(PLAYER_KEYS[1]);
    const thief = Wallet.createRandom().address;
    await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[1], 7, 7);
    const registry = new Interface(landRegistryAbi);
    const provider = new JsonRpcProvider(chain.rpcUrl, chain.deployment.chainId, { staticNetwork: true });
    const before = await provider.getBalance(victim.address);
    const steals = [
      { from: victim.address, to: thief, value: toQuantity(parseEther('1')) },
      {
        from: victim.address,
        to: chain.deployment.addresses.LandRegistry,
        data: registry.encodeFunctionData('transferFrom', [victim.address, thief, parcelId(7, 7)]),
      },
    ];
    for (const tx of steals) {
      const answer = await rpc(server.url, call('eth_sendUnsignedTransaction', [tx]));
      expect(answer.status).toBe(403);
      expect(json(answer)).toMatchObject({
        jsonrpc: '2.0',
        id: 1,
        error: { message: 'method eth_sendUnsignedTransaction is not allowed here' },
      });
    }
    expect(await provider.getBalance(thief)).toBe(0n);
    expect(await provider.getBalance(victim.address)).toBe(before);
    const owner = await provider.call({
      to: chain.deployment.addresses.LandRegistry,
      data: registry.encodeFunctionData('ownerOf', [parcelId(7, 7)]),
    });
    expect(registry.decodeFunctionResult('ownerOf', owner)[0]).toBe(victim.address);
    provider.destroy();
  });

  it('refuses the node’s unlocked accounts: eth_accounts, eth_sendTransaction from the faucet, eth_sign', async () => {
    const faucet = new Wallet(LOCAL_DEPLOYER_KEY).address;
    const nonce = json(await rpc(server.url, call('eth_getTransactionCount', [faucet, 'latest']))).result;
    for (const attack of [
      call('eth_accounts'),
      call('eth_sendTransaction', [{ from: faucet, to: Wallet.createRandom().address, value: '0x1' }]),
      call('eth_sign', [faucet, '0x00']),
      call('anvil_setBalance', [faucet, '0x0']),
    ]) {
      expect((await rpc(server.url, attack)).status).toBe(403);
    }
    // the faucet's nonce is untouched: its next drip still goes through
    expect(json(await rpc(server.url, call('eth_getTransactionCount', [faucet, 'latest']))).result).toBe(
      nonce,
    );
  });

  it('answers a batch per call: allowed ones from the chain, refused ones in their place', async () => {
    const answer = await rpc(server.url, [call('eth_chainId', [], 1), call('eth_accounts', [], 2)]);
    expect(answer.status).toBe(200);
    const [first, second] = JSON.parse(answer.body.toString()) as Record<string, unknown>[];
    expect(first).toEqual({ jsonrpc: '2.0', id: 1, result: toQuantity(chain.deployment.chainId) });
    expect(second).toMatchObject({ id: 2, error: { message: 'method eth_accounts is not allowed here' } });
    const allRefused = await rpc(server.url, [call('eth_accounts', [], 1)]);
    expect(allRefused.status).toBe(403);
  });

  it('caps the batch length and the body size (413)', async () => {
    const batch = Array.from({ length: 101 }, (_, i) => call('eth_chainId', [], i));
    expect((await rpc(server.url, batch)).status).toBe(413);
    const big = await raw(`${server.url}/rpc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(200_000),
    });
    expect(big.status).toBe(413);
  });

  it('carries a wallet’s signed transaction (eth_sendRawTransaction and ethers’ reads)', async () => {
    const provider = new JsonRpcProvider(`${server.url}/rpc`, chain.deployment.chainId, {
      staticNetwork: true,
      cacheTimeout: -1,
    });
    const player = new Wallet(PLAYER_KEYS[2], provider);
    const to = Wallet.createRandom().address;
    const receipt = await (await player.sendTransaction({ to, value: 1234n })).wait();
    expect(receipt?.status).toBe(1);
    expect(await provider.getBalance(to)).toBe(1234n);
    provider.destroy();
  });

  it('limits calls per IP (429 with Retry-After, each call of a batch counts)', async () => {
    const batch = Array.from({ length: 100 }, (_, i) => call('eth_chainId', [], i));
    const limited = await rpc(server.url, batch);
    expect(limited.status).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThanOrEqual(1);
  });

  it('limits requests in flight per IP', async () => {
    // one request holds the only slot while its body has not come; the next one is refused
    const held = request(`${server.url}/rpc`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': '100' },
    });
    held.on('error', () => undefined);
    held.flushHeaders();
    try {
      // polled until the held request's headers have reached the server (they travel on their own)
      let refused = await rpc(server.url, call('eth_chainId'));
      for (let tries = 0; tries < 100 && !/in flight/.test(String(json(refused).error)); tries++) {
        await new Promise((resolve) => setTimeout(resolve, 20));
        refused = await rpc(server.url, call('eth_chainId'));
      }
      expect(refused.status).toBe(429);
      expect(json(refused).error).toMatch(/in flight/);
    } finally {
      held.destroy();
    }
  });
});

describe('sign-in', () => {
  const player = new Wallet(PLAYER_KEYS[0]);

  /** A sign-in message for the server's public origin (or what `overrides` say). */
  const messageFor = (overrides = {}) =>
    signInOptions(server.url, player, chain.deployment.chainId, {
      domain: new URL(PUBLIC_ORIGIN).host,
      uri: PUBLIC_ORIGIN,
      ...overrides,
    }).then((options) => options.siwe as { message: string; signature: string });

  const postSession = (siwe: object, headers: Record<string, string> = {}) =>
    raw(`${server.url}/auth/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(siwe),
    });

  const sessionCookie = (answer: Answer) => String(answer.headers['set-cookie']).split(';')[0] as string;

  /** Joins the world room of `url` as a browser page of `origin` with `cookie`. */
  async function joinWithCookie(cookie: string, origin = PUBLIC_ORIGIN, url = server.url) {
    const client = new Client(url.replace(/^http/, 'ws'), { headers: { cookie, origin } });
    return wrapRoom(await client.joinOrCreate(WORLD_ROOM, {}));
  }

  it('refuses a message signed for another site, replayed with forged Origin and Host headers', async () => {
    const phished = await messageFor({ domain: 'evil.example', uri: 'https://evil.example' });
    const answer = await postSession(phished, { origin: 'https://evil.example', host: 'evil.example' });
    expect(answer.status).toBe(401);
    expect(json(answer).error).toMatch(/message is for evil\.example, not play\.example/);
    expect(answer.headers['set-cookie']).toBeUndefined();
    // nor the right domain with another site's URI, nor another statement
    for (const overrides of [{ uri: 'https://evil.example/login' }, { statement: 'Approve everything.' }]) {
      expect((await postSession(await messageFor(overrides))).status).toBe(401);
    }
  });

  it('refuses well-formed EIP-4361 messages the game does not accept: no expiry, another scheme, not valid yet', async () => {
    const later = new Date(Date.now() + 3_600_000).toISOString();
    for (const [overrides, reason] of [
      [{ expirationTime: undefined }, 'sign-in message has no expiration time'],
      [{ scheme: 'http' }, 'message is for http://play.example, not https://play.example'],
      [{ notBefore: later }, 'sign-in message not valid yet'],
    ] as const) {
      const answer = await postSession(await messageFor(overrides));
      expect(answer.status).toBe(401);
      expect(json(answer).error).toContain(reason);
      expect(answer.headers['set-cookie']).toBeUndefined();
    }
    // the explicit scheme of the game's own origin is fine
    expect((await postSession(await messageFor({ scheme: 'https' }))).status).toBe(200);
  });

  it('opens a session for a message of the public origin: an HttpOnly, SameSite=Strict cookie of a day', async () => {
    const answer = await postSession(await messageFor());
    expect(answer.status).toBe(200);
    expect(json(answer).address).toBe(player.address);
    const cookie = String(answer.headers['set-cookie']);
    expect(cookie).toMatch(/^fracterra_session=[A-Za-z0-9_-]{43}; Path=\/; HttpOnly; SameSite=Strict/);
    expect(cookie).toContain('Max-Age=86400');
    const who = await raw(`${server.url}/auth/session`, { headers: { cookie: sessionCookie(answer) } });
    expect(json(who).address).toBe(player.address);
  });

  it('joins the room as the session’s address, also on a new server process with the same data', async () => {
    const cookie = sessionCookie(await postSession(await messageFor()));
    const first = await joinWithCookie(cookie);
    await first.until((state) => state.players.get(first.room.sessionId)?.address === player.address, 'me');
    await first.room.leave();
    // what a restart runs: another process on the same DATA_DIR and PUBLIC_ORIGIN
    const restarted = await spawnServer({
      RPC_URL: chain.rpcUrl,
      PORT: String(await freePort()),
      DATA_DIR: chain.dataDir,
      PUBLIC_ORIGIN,
    });
    try {
      const again = await joinWithCookie(cookie, PUBLIC_ORIGIN, restarted.url);
      await again.until((state) => state.players.get(again.room.sessionId)?.address === player.address, 'me');
      await again.room.leave();
    } finally {
      await restarted.stop();
    }
  });

  it('refuses a forged, an expired, a signed-out cookie and one sent by another site’s page', async () => {
    const forged = `fracterra_session=${'A'.repeat(43)}`;
    await expect(joinWithCookie(forged)).rejects.toThrow(/expired or is unknown/);
    // the page's session check drops such a cookie, so a page that stays a guest can join
    const check = await raw(`${server.url}/auth/session`, { headers: { cookie: forged } });
    expect(json(check).address).toBeNull();
    expect(String(check.headers['set-cookie'])).toContain('fracterra_session=;');
    // a session that ended a second ago, written where the server keeps its sessions
    const store = new SqliteStore(chain.dataDir);
    const expired = await new Sessions(store, chain.deployment.chainId).create(
      player.address,
      Date.now() - 86_401_000,
    );
    await store.close();
    await expect(joinWithCookie(`fracterra_session=${expired.id}`)).rejects.toThrow(/expired or is unknown/);
    const cookie = sessionCookie(await postSession(await messageFor()));
    await expect(joinWithCookie(cookie, 'https://evil.example')).rejects.toThrow(
      /evil\.example is not accepted/,
    );
    const out = await raw(`${server.url}/auth/session`, { method: 'DELETE', headers: { cookie } });
    expect(String(out.headers['set-cookie'])).toContain('Max-Age=0');
    await expect(joinWithCookie(cookie)).rejects.toThrow(/expired or is unknown/);
  });
});

describe('sign-in limits', () => {
  it('limits nonce and session requests per IP (429 with Retry-After)', async () => {
    let refused: Answer | undefined;
    for (let i = 0; i <= LIMITS.auth.remote.burst && !refused; i++) {
      const answer = await raw(`${server.url}/auth/session`);
      if (answer.status === 429) refused = answer;
      else expect(answer.status).toBe(200);
    }
    expect(refused?.headers['retry-after']).toBe('100');
    expect((await raw(`${server.url}/auth/nonce`)).status).toBe(429);
  });
});

describe('matchmaking', () => {
  const matchmake = (url: string, path: string, body = '{}') =>
    raw(`${url}/matchmake/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });

  it('serves join-or-create of the world only: creating or joining other rooms is refused', async () => {
    expect((await matchmake(server.url, `create/${WORLD_ROOM}`)).status).toBe(403);
    expect((await matchmake(server.url, `join/${WORLD_ROOM}`)).status).toBe(403);
    expect((await matchmake(server.url, 'joinOrCreate/lobby')).status).toBe(404);
    expect((await raw(`${server.url}/matchmake/joinOrCreate/${WORLD_ROOM}`)).status).toBe(405);
    const seat = await matchmake(server.url, `joinOrCreate/${WORLD_ROOM}`);
    expect(json(seat)).toHaveProperty('sessionId');
  });

  it('refuses a 64 MiB body before reading it, declared or chunked (413, connection closed)', async () => {
    const url = `${server.url}/matchmake/joinOrCreate/${WORLD_ROOM}`;
    const declared: Record<string, string>[] = [{ 'content-length': String(64 * 1024 * 1024) }, {}];
    for (const length of declared) {
      const post = endlessPost(url, { 'content-type': 'application/json', ...length });
      const answer = await post.answer;
      expect(answer.status).toBe(413);
      expect(answer.headers.connection).toBe('close');
      expect(post.sent()).toBeLessThan(64 * 1024 * 1024);
    }
  });

  it('limits seat reservations per IP (429 with Retry-After)', async () => {
    let refused: Answer | undefined;
    for (let i = 0; i <= LIMITS.seats.remote.burst && !refused; i++) {
      const answer = await matchmake(server.url, `joinOrCreate/${WORLD_ROOM}`);
      if (answer.status === 429) refused = answer;
      else expect(answer.status).toBe(200);
    }
    expect(refused?.headers['retry-after']).toBe('100');
  });
});

describe('the built client', () => {
  const get = (path: string, headers: Record<string, string> = {}) =>
    raw(`${server.url}${path}`, { headers });

  it('sends the precompressed asset the browser accepts, and says it varies', async () => {
    const br = await get('/assets/main-abc123.js', { 'accept-encoding': 'gzip, deflate, br' });
    expect(br.headers).toMatchObject({
      'content-encoding': 'br',
      'content-type': 'text/javascript; charset=utf-8',
      vary: 'Accept-Encoding',
      'cache-control': 'public, max-age=31536000, immutable',
    });
    expect(brotliDecompressSync(br.body).toString()).toBe(SCRIPT);
    const gz = await get('/assets/main-abc123.js', { 'accept-encoding': 'gzip, br;q=0' });
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.body).toString()).toBe(SCRIPT);
    const plain = await get('/assets/main-abc123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body.toString()).toBe(SCRIPT);
    expect((await get('/')).headers['cache-control']).toBe('no-cache');
  });

  it('sends security headers with every answer', async () => {
    for (const path of ['/', '/config']) {
      const { headers } = await get(path);
      expect(headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(headers['content-security-policy']).toContain("script-src 'self' 'wasm-unsafe-eval'");
      expect(headers).toMatchObject({
        'x-content-type-options': 'nosniff',
        'x-frame-options': 'DENY',
        'referrer-policy': 'no-referrer',
      });
    }
  });

  it('answers malformed percent-encoding with 400 and /favicon.ico with the icon', async () => {
    expect((await get('/%E0%A4%A')).status).toBe(400);
    const icon = await get('/favicon.ico');
    expect(icon.status).toBe(200);
    expect(icon.headers['content-type']).toBe('image/svg+xml');
  });
});
