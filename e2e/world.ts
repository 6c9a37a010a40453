import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '../scripts/chain.ts';
import { ONE_ORE } from '../shared/units.ts';
import { type ServerProcess, spawnServer } from '../testing/test-process.ts';
import { startTestRedis, type TestRedis } from '../testing/test-redis.ts';

/** One game of its own for a spec: `npm start` on free ports with a throw-away data dir. */
export interface World {
  /** Where the pages load the game (127.0.0.1: PUBLIC_ORIGIN names it, see below). */
  url: string;
  /** The local chain itself, for what the game's /rpc proxy refuses (clock moves, wallets' signing). */
  chainUrl: string;
  /** The local chain's process (npm start names it in DATA_DIR/chain.pid). */
  chainPid: number;
  /**
   * A cluster's other game processes (same chain, data dir and Redis), where pages may load the
   * game too; none unless the world was started as a cluster.
   */
  peers: string[];
  /** The cluster's Redis, or null. */
  redisUrl: string | null;
  /** Stops the game and its chain and removes the data dir; nothing of the world is left. */
  stop(): Promise<void>;
}

/** How long a world may take to come up: tsx, anvil, the deployment and the server, on a busy machine. */
const START_TIMEOUT_MS = 120_000;
/** How long `npm start` may take to stop in order (server, then chain) before its group is killed. */
const STOP_TIMEOUT_MS = 15_000;

/**
 * The deployment's test tunables: a test-low ORE target (one hash in 2^16 solves, so a browser tab
 * lands solutions in seconds) and a 10-ORE rig (one solution on the player's own parcel, 5 + 5 ORE
 * at level 1, pays for it).
 */
const DEPLOY_PARAMS = JSON.stringify({
  oreInitialTarget: `0x${(2n ** 240n).toString(16)}`,
  rigBaseCost: String(10n * ONE_ORE),
});

/** Whether any process of the group led by `pid` still exists. */
function groupAlive(pid: number): boolean {
  try {
    process.kill(-pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** SIGKILL to every process of the group, no goodbye (ignored when the group is gone). */
function killGroup(pid: number): void {
  if (groupAlive(pid)) process.kill(-pid, 'SIGKILL');
}

/** Resolves with the URL line `npm start` prints, rejects if it exits or times out first. */
function printedUrl(child: ChildProcess, stderr: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let stdout = '';
    const timer = setTimeout(
      () => reject(new Error(`npm start printed no URL in ${START_TIMEOUT_MS / 1000} s: ${stderr()}`)),
      START_TIMEOUT_MS,
    );
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const match = /running at (http\S+)/.exec(stdout);
      if (match?.[1]) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (code ${code}) before it printed a URL: ${stderr()}`));
    });
  });
}

export interface WorldOptions {
  /**
   * A cluster of two game processes sharing a Redis: `npm start` (chain, deployment, the first
   * process) and a second process (`server/cli.ts`) on the same chain and data dir. With Redis the
   * world is split into zone rooms (README, ZONES).
   */
  cluster?: boolean;
}

/**
 * Starts a world: the real `npm start` (local chain, deployment, game server, the built client),
 * `--no-build` because the e2e global setup built the client and the contracts once for all worlds.
 * It runs in a process group of its own, so stop() (or this process's exit) reaches the chain too.
 */
export async function startWorld(options: WorldOptions = {}): Promise<World> {
  const [port, chainPort] = [await freePort(), await freePort()];
  const dataDir = mkdtempSync(join(tmpdir(), 'fracterra-e2e-'));
  const url = `http://127.0.0.1:${port}`;
  const redis: TestRedis | null = options.cluster ? await startTestRedis() : null;
  const peerPort = redis ? await freePort() : null;
  const peerUrl = peerPort && `http://127.0.0.1:${peerPort}`;
  // the pages are at 127.0.0.1, not the localhost of the default origin
  const origins = [url, ...(peerUrl ? [peerUrl] : [])].join(',');
  // a cluster: both processes share the Redis, and each tells browsers the address it is reached at
  const cluster = (at: number): Record<string, string> =>
    redis ? { REDIS_URL: redis.url, PUBLIC_ADDRESS: `127.0.0.1:${at}` } : {};
  const child = spawn('tsx', ['scripts/start.ts', '--no-build'], {
    env: {
      ...process.env,
      PORT: String(port),
      CHAIN_PORT: String(chainPort),
      DATA_DIR: dataDir,
      PUBLIC_ORIGIN: origins,
      DEPLOY_PARAMS,
      ...cluster(port),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  const pid = child.pid as number;
  const exited = once(child, 'exit');
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  // A worker that dies between start and stop must not leave a chain and a server running.
  const leftovers = () => {
    peer?.child.kill('SIGKILL');
    killGroup(pid);
    rmSync(dataDir, { recursive: true, force: true });
  };
  process.once('exit', leftovers);

  let peer: ServerProcess | null = null;
  let stopped: Promise<void> | undefined;
  const stop = () => {
    stopped ??= (async () => {
      await peer?.stop();
      if (child.exitCode === null && child.signalCode === null) {
        // the launcher stops the server, then the chain; the group's SIGKILL is the fallback
        child.kill('SIGTERM');
        const timer = setTimeout(() => killGroup(pid), STOP_TIMEOUT_MS);
        await exited;
        clearTimeout(timer);
      }
      killGroup(pid); // anything of the group the launcher left behind
      while (groupAlive(pid)) await new Promise((done) => setTimeout(done, 50));
      await redis?.stop();
      rmSync(dataDir, { recursive: true, force: true });
      process.off('exit', leftovers);
    })();
    return stopped;
  };

  try {
    await printedUrl(child, () => stderr);
    const chainPid = Number.parseInt(readFileSync(join(dataDir, 'chain.pid'), 'utf8'), 10);
    if (!Number.isSafeInteger(chainPid) || chainPid <= 0)
      throw new Error('chain.pid does not hold a process id');
    const chainUrl = `http://127.0.0.1:${chainPort}`;
    if (peerPort) {
      // the deployment npm start wrote is in the data dir; the chain's faucet stays with npm start
      peer = await spawnServer({
        RPC_URL: chainUrl,
        PORT: String(peerPort),
        DATA_DIR: dataDir,
        PUBLIC_ORIGIN: origins,
        ...cluster(peerPort),
      });
    }
    return { url, chainUrl, chainPid, peers: peerUrl ? [peerUrl] : [], redisUrl: redis?.url ?? null, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
