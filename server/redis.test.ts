import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../scripts/chain.ts';
import type { ServerMessages } from '../shared/protocol.ts';
import { parcelId } from '../shared/world.ts';
import { PLAYER_KEYS } from '../testing/keys.ts';
import { claimParcel, startTestChain, type TestChain } from '../testing/test-chain.ts';
import { joinWorld, signInOptions } from '../testing/test-client.ts';
import { hasPostgres, NO_POSTGRES, startTestPostgres, type TestPostgres } from '../testing/test-postgres.ts';
import { type ServerProcess, spawnServer } from '../testing/test-process.ts';
import { hasRedis, NO_REDIS, startTestRedis, type TestRedis } from '../testing/test-redis.ts';
import { LeasePresence } from './cluster-lease.ts';
import { FEED_CHANNEL } from './feed-relay.ts';

/**
 * Scale-out: two server processes sharing one Redis serve one world room; with Postgres they
 * share the store too, each with a data directory of its own (nothing shared through files).
 */

if (!hasRedis) console.warn(`redis.test.ts ${NO_REDIS}`);
if (hasRedis && !hasPostgres) console.warn(`redis.test.ts shared-store test ${NO_POSTGRES}`);

let chain: TestChain;
let redis: TestRedis;
let postgres: TestPostgres | undefined;
let ownDataDir: string | undefined;
const servers: ServerProcess[] = [];

const PUBLIC_ORIGIN = 'https://play.example';

function pair(): [ServerProcess, ServerProcess] {
  const [first, second] = servers;
  if (!first || !second) throw new Error('two servers expected');
  return [first, second];
}

async function publishing(server: ServerProcess): Promise<boolean> {
  const health = (await (await fetch(`${server.url}/healthz`)).json()) as {
    indexer: { publishing: boolean };
  };
  return health.indexer.publishing;
}

/** Polls until `check` holds, for at most `timeoutMs`. */
async function eventually(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

describe.skipIf(!hasRedis)('with REDIS_URL', () => {
  beforeAll(async () => {
    chain = await startTestChain();
    redis = await startTestRedis();
    if (hasPostgres) postgres = await startTestPostgres();
    const databaseUrl = await postgres?.createDatabase();
    for (let i = 0; i < 2; i++) {
      let dataDir = chain.dataDir;
      if (i === 1 && databaseUrl) {
        // the second process sees only the deployment: players and sessions come from Postgres
        ownDataDir = mkdtempSync(join(tmpdir(), 'fracterra-second-'));
        copyFileSync(join(chain.dataDir, 'deployment.json'), join(ownDataDir, 'deployment.json'));
        dataDir = ownDataDir;
      }
      const port = await freePort();
      servers.push(
        await spawnServer({
          RPC_URL: chain.rpcUrl,
          PORT: String(port),
          DATA_DIR: dataDir,
          REDIS_URL: redis.url,
          ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
          PUBLIC_ADDRESS: `localhost:${port}`,
          // one public origin in front of both processes, as behind a load balancer
          PUBLIC_ORIGIN: PUBLIC_ORIGIN,
        }),
      );
    }
  }, 120_000);

  afterAll(async () => {
    for (const server of servers) await server.stop();
    await redis?.stop();
    await postgres?.stop();
    if (ownDataDir) rmSync(ownDataDir, { recursive: true, force: true });
    await chain?.stop();
  });

  it('puts a client of each process into the same world room', async () => {
    const [first, second] = pair();
    const a = await joinWorld(first.url, { name: 'via-first' });
    const b = await joinWorld(second.url, { name: 'via-second' });
    expect(b.room.roomId).toBe(a.room.roomId);
    await a.until(
      (state) => state.players.get(b.room.sessionId)?.name === 'via-second',
      'the other process’s client',
    );
    await b.until((state) => state.players.get(a.room.sessionId)?.name === 'via-first', 'the first client');
    await a.room.leave();
    await b.room.leave();
  });

  it('accepts a sign-in nonce issued by the other process, once', async () => {
    const [first, second] = pair();
    // The room lives in one process and the socket goes there; the nonce comes from the other one.
    const wallet = new Wallet(PLAYER_KEYS[0]);
    const forHost = await signInOptions(second.url, wallet, chain.deployment.chainId, {
      domain: new URL(PUBLIC_ORIGIN).host,
      uri: PUBLIC_ORIGIN,
    });
    const player = await joinWorld(second.url, forHost);
    await player.until(
      (state) => state.players.get(player.room.sessionId)?.address === wallet.address,
      'my address',
    );
    await expect(joinWorld(first.url, forHost)).rejects.toThrow(/nonce/);
    await player.room.leave();
  });

  it.skipIf(!hasPostgres)('knows a session signed in at the other process (one Postgres store)', async () => {
    const [first, second] = pair();
    const wallet = new Wallet(PLAYER_KEYS[1]);
    const { siwe } = await signInOptions(first.url, wallet, chain.deployment.chainId, {
      domain: new URL(PUBLIC_ORIGIN).host,
      uri: PUBLIC_ORIGIN,
    });
    const signedIn = await fetch(`${first.url}/auth/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(siwe),
    });
    expect(signedIn.status).toBe(200);
    const cookie = String(signedIn.headers.get('set-cookie')).split(';')[0] ?? '';
    // the second process keeps no file of it: its data directory holds the deployment only
    const asked = await fetch(`${second.url}/auth/session`, { headers: { cookie } });
    expect(((await asked.json()) as { address: string | null }).address).toBe(wallet.address);
    // and a sign-out at the second process ends it for the first
    await fetch(`${second.url}/auth/session`, { method: 'DELETE', headers: { cookie } });
    const after = await fetch(`${first.url}/auth/session`, { headers: { cookie } });
    expect(((await after.json()) as { address: string | null }).address).toBeNull();
  });

  it('publishes each feed event once from the lease holder, and another process takes over when it dies', async () => {
    const listener = new LeasePresence(redis.url);
    const heard: ServerMessages['feed'][] = [];
    await listener.subscribe(FEED_CHANNEL, (item: ServerMessages['feed']) => heard.push(item));
    try {
      await eventually(
        async () => (await Promise.all(pair().map(publishing))).filter(Boolean).length === 1,
        'one publisher',
      );
      const flags = await Promise.all(pair().map(publishing));
      const holder = pair()[flags.indexOf(true)] as ServerProcess;
      const survivor = pair()[flags.indexOf(false)] as ServerProcess;

      const first = parcelId(7, 7);
      await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[2], 7, 7);
      await eventually(
        async () => heard.some((item) => item.parcelId === first),
        'the first claim’s feed item',
      );

      await holder.kill(); // no goodbye: the lease is left to expire
      await eventually(() => publishing(survivor), 'the survivor to take the lease');
      const second = parcelId(-7, 7);
      await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[2], -7, 7);
      await eventually(
        async () => heard.some((item) => item.parcelId === second),
        'the second claim’s feed item',
      );
      // both processes followed the chain all along; each event was told once
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      expect(heard.filter((item) => item.parcelId === first)).toHaveLength(1);
      expect(heard.filter((item) => item.parcelId === second)).toHaveLength(1);
    } finally {
      listener.shutdown();
    }
  }, 60_000);
});
