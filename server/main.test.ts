import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LOCAL_DEPLOYER_KEY } from '../shared/defaults.ts';
import { publicConfigSchema } from '../shared/deployment.ts';
import { ParcelStatus, parcelId } from '../shared/world.ts';
import { PLAYER_KEYS } from '../testing/keys.ts';
import { claimParcel, startTestWorld, stopTestWorld, type TestChain } from '../testing/test-chain.ts';
import { joinWorld } from '../testing/test-client.ts';
import { spawnClusterProcess } from '../testing/test-process.ts';
import { hasRedis, NO_REDIS, startTestRedis } from '../testing/test-redis.ts';
import { parsePublicAddresses, type RunningServer } from './main.ts';

if (!hasRedis) console.warn(`main.test.ts: the cluster's CSP is ${NO_REDIS}`);

let chain: TestChain;
let server: RunningServer;

beforeAll(async () => {
  ({ chain, server } = await startTestWorld({ server: { faucetKey: LOCAL_DEPLOYER_KEY, pollMs: 50 } }));
});

afterAll(() => stopTestWorld({ chain, server }));

async function post(path: string, body: unknown, contentType = 'application/json') {
  const response = await fetch(server.url + path, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

describe('HTTP routes', () => {
  it('answers /config with the public config of the deployment', async () => {
    const response = await fetch(`${server.url}/config`);
    expect(response.headers.get('content-type')).toBe('application/json');
    const config = publicConfigSchema.parse(await response.json());
    expect(config).toMatchObject({
      chainId: 31337,
      rpcUrl: '/rpc',
      faucet: true,
      deployment: chain.deployment,
    });
  });

  it('answers /healthz with chain reachability and indexer lag', async () => {
    const response = await fetch(`${server.url}/healthz`);
    const health = (await response.json()) as { ok: boolean; indexer: { block: number; lagBlocks: number } };
    expect(response.status).toBe(200);
    expect(health.ok).toBe(true);
    expect(health.indexer.block).toBeGreaterThanOrEqual(chain.deployment.deployBlock);
  });

  it('proxies JSON-RPC to the chain and refuses admin methods, GET and oversized bodies', async () => {
    const ok = await post('/rpc', { jsonrpc: '2.0', id: 7, method: 'eth_chainId', params: [] });
    expect(ok).toEqual({ status: 200, body: { jsonrpc: '2.0', id: 7, result: '0x7a69' } });
    const admin = await post('/rpc', { jsonrpc: '2.0', id: 1, method: 'anvil_setBalance', params: [] });
    expect(admin.status).toBe(403);
    expect((await fetch(`${server.url}/rpc`)).status).toBe(405);
    expect((await post('/rpc', 'x'.repeat(200_000))).status).toBe(413);
    expect((await post('/rpc', '{not json')).status).toBe(400);
    expect((await post('/rpc', {}, 'text/plain')).status).toBe(415);
  });

  it('drips from the faucet once per address and refuses non-addresses', async () => {
    const address = Wallet.createRandom().address;
    const first = await post('/faucet', { address });
    expect(first.status).toBe(200);
    const balance = await post('/rpc', {
      jsonrpc: '2.0',
      id: 1,
      method: 'eth_getBalance',
      params: [address, 'latest'],
    });
    expect(BigInt(balance.body.result as string)).toBe(BigInt(first.body.amountWei as string));
    expect((await post('/faucet', { address })).status).toBe(429);
    expect((await post('/faucet', { address: 'nope' })).status).toBe(400);
  });

  it('funds several players who share this machine (loopback) one after another', async () => {
    for (let i = 0; i < 5; i++) {
      expect((await post('/faucet', { address: Wallet.createRandom().address })).status).toBe(200);
    }
  });

  it('issues sign-in nonces', async () => {
    const { nonce } = (await (await fetch(`${server.url}/auth/nonce`)).json()) as { nonce: string };
    expect(nonce).toMatch(/^[0-9a-f]{32}$/);
  });

  it('says the client is not built when there is no client directory', async () => {
    const response = await fetch(`${server.url}/some/page`);
    expect(response.status).toBe(404);
  });

  it('exposes Prometheus metrics', async () => {
    const text = await (await fetch(`${server.url}/metrics`)).text();
    expect(text).toContain('fracterra_indexer_block');
    expect(text).toContain('fracterra_clients');
  });
});

describe('world room', () => {
  it('turns a claim on chain into a parcel patch for every client', async () => {
    const alice = await joinWorld(server.url);
    const bob = await joinWorld(server.url);
    const id = parcelId(3, -4);
    const receipt = await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[0], 3, -4);
    const owner = new Wallet(PLAYER_KEYS[0]).address;
    for (const player of [alice, bob]) {
      await player.until((state) => state.parcels.get(String(id))?.owner === owner, 'the claimed parcel');
      expect(player.room.state.parcels.get(String(id))?.status).toBe(ParcelStatus.Owned);
      expect(player.room.state.indexedBlock).toBeGreaterThanOrEqual(receipt.blockNumber);
    }
    await alice.message('feed', (feed) => feed.parcelId === id);
    await alice.room.leave();
    await bob.room.leave();
  });

  it('gives a late joiner every claimed parcel in its first state', async () => {
    const carol = await joinWorld(server.url);
    await carol.until((state) => state.parcels.has(String(parcelId(3, -4))), 'parcels in the first state');
    await carol.room.leave();
  });
});

describe('a cluster on several host names', () => {
  it('checks every public address strictly', () => {
    expect(parsePublicAddresses('PUBLIC_ADDRESSES', ' Play-1.example:2567,10.0.0.2:443,[::1]:2568')).toEqual([
      'play-1.example:2567',
      '10.0.0.2:443',
      '[::1]:2568',
    ]);
    for (const bad of [
      'https://play.example:443',
      '*.example:443',
      'play.example',
      'play.example:0',
      'play.example:65536',
      'play.example:443/rooms',
      "play.example:443; script-src 'unsafe-inline'",
      '-play.example:443',
      '',
    ]) {
      expect(() => parsePublicAddresses('PUBLIC_ADDRESSES', `play.example:2567,${bad}`)).toThrow(
        `PUBLIC_ADDRESSES: "${bad}" is not host:port`,
      );
    }
  });

  it.skipIf(!hasRedis)(
    'lets pages open room sockets to the listed processes alone, and refuses to start with a bad entry',
    async () => {
      // a data directory of its own: the deployment, not this file's server's SQLite files
      const dataDir = mkdtempSync(join(tmpdir(), 'fracterra-addresses-'));
      copyFileSync(join(chain.dataDir, 'deployment.json'), join(dataDir, 'deployment.json'));
      const redis = await startTestRedis();
      const shared = { rpcUrl: chain.rpcUrl, dataDir, redisUrl: redis.url };
      try {
        const cluster = await spawnClusterProcess(shared, {
          PUBLIC_ADDRESSES: 'play-1.example:2567,play-2.example:443',
        });
        try {
          const policy = (await fetch(`${cluster.url}/config`)).headers.get('content-security-policy') ?? '';
          const port = new URL(cluster.url).port;
          expect(policy).toContain(
            `connect-src 'self' ws://localhost:${port} wss://localhost:${port} ws://play-1.example:2567 wss://play-1.example:2567 ws://play-2.example:443 wss://play-2.example:443;`,
          );
          expect(policy).not.toContain(':*');
        } finally {
          await cluster.stop();
        }
        await expect(
          spawnClusterProcess(shared, { PUBLIC_ADDRESSES: 'play-1.example:2567,wss://play-2.example' }),
        ).rejects.toThrow('PUBLIC_ADDRESSES: "wss://play-2.example" is not host:port like play.example:2567');
      } finally {
        await redis.stop();
        rmSync(dataDir, { recursive: true, force: true });
      }
    },
    60_000,
  );
});
