import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freePort } from '../scripts/chain.ts';
import { PLAYER_KEYS } from '../testing/keys.ts';
import { startTestChain, type TestChain } from '../testing/test-chain.ts';
import { joinWorld, signInOptions } from '../testing/test-client.ts';
import { type ServerProcess, spawnServer } from '../testing/test-process.ts';

/** Scale-out: two server processes sharing one Redis serve one world room. */

const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
if (!hasRedis)
  console.warn('redis.test.ts skipped: no redis-server installed (.ci/run installs Debian redis-server)');

let chain: TestChain;
let redis: ChildProcess;
const servers: ServerProcess[] = [];

async function startRedis(port: number): Promise<ChildProcess> {
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    {
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', () => reject(new Error(`redis-server exited: ${out.slice(-500)}`)));
  });
  return child;
}

const PUBLIC_ORIGIN = 'https://play.example';

describe.skipIf(!hasRedis)('with REDIS_URL', () => {
  beforeAll(async () => {
    chain = await startTestChain();
    const redisPort = await freePort();
    redis = await startRedis(redisPort);
    for (let i = 0; i < 2; i++) {
      const port = await freePort();
      servers.push(
        await spawnServer({
          RPC_URL: chain.rpcUrl,
          PORT: String(port),
          DATA_DIR: chain.dataDir,
          REDIS_URL: `redis://127.0.0.1:${redisPort}`,
          PUBLIC_ADDRESS: `localhost:${port}`,
          // one public origin in front of both processes, as behind a load balancer
          PUBLIC_ORIGIN: PUBLIC_ORIGIN,
        }),
      );
    }
  }, 120_000);

  afterAll(async () => {
    for (const server of servers) await server.stop();
    if (redis && redis.exitCode === null) {
      redis.kill('SIGTERM');
      await once(redis, 'exit');
    }
    await chain?.stop();
  });

  it('puts a client of each process into the same world room', async () => {
    const [first, second] = servers;
    if (!first || !second) throw new Error('two servers expected');
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
    const [first, second] = servers;
    if (!first || !second) throw new Error('two servers expected');
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
});
