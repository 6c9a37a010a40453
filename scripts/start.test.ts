import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { JsonRpcProvider, Wallet } from 'ethers';
import { afterAll, describe, expect, it } from 'vitest';
import { landRegistryAbi } from '../shared/contracts.ts';
import { publicConfigSchema } from '../shared/deployment.ts';
import { typedContract } from '../shared/typed-contract.ts';
import { parcelId } from '../shared/world.ts';
import { PLAYER_KEYS } from '../testing/keys.ts';
import { buildClientIfStale, compileContracts } from './build.ts';
import { freePort, rpcChainId } from './chain.ts';

/** A player with test ETH on the local chain. */
const PLAYER_KEY = PLAYER_KEYS[0];

interface Game {
  child: ChildProcess;
  url: string;
  stdout: string[];
  stderr: () => string;
}

const START = fileURLToPath(new URL('./start.ts', import.meta.url));
/** Skips the contract compile and the client build: each start but the first full one (see ensureBuilt). */
const NO_BUILD = ['--no-build'];
const started: ChildProcess[] = [];
const dirs: string[] = [];

afterAll(async () => {
  for (const child of started) {
    // The whole process group: the launcher and the chain it started.
    if (child.exitCode === null && child.pid) process.kill(-child.pid, 'SIGKILL');
  }
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

function launch(
  env: Record<string, string>,
  options: { args?: string[]; cwd?: string } = {},
): {
  child: ChildProcess;
  lines: AsyncIterable<string>;
  stdout: string[];
  stderr: () => string;
} {
  const child = spawn('tsx', [START, ...(options.args ?? [])], {
    env: { ...process.env, ...env },
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group, so the test can see that nothing is left behind
  });
  started.push(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const stdout: string[] = [];
  async function* lines(): AsyncIterable<string> {
    let buffer = '';
    for await (const chunk of child.stdout as AsyncIterable<Buffer>) {
      buffer += chunk.toString();
      let newline = buffer.indexOf('\n');
      while (newline >= 0) {
        const line = buffer.slice(0, newline);
        stdout.push(line);
        yield line;
        buffer = buffer.slice(newline + 1);
        newline = buffer.indexOf('\n');
      }
    }
  }
  return { child, lines: lines(), stdout, stderr: () => stderr };
}

let built: Promise<unknown> | undefined;
/**
 * Builds the contracts and the client once for the starts that skip it with --no-build (a build
 * that finds both fresh still takes seconds per start); the first test's first start builds itself.
 */
const ensureBuilt = () => (built ??= Promise.all([compileContracts(), buildClientIfStale()]));

/** `npm start` (`args`: its flags) until it prints its URL. */
async function startGame(port: number, chainPort: number, dataDir: string, args?: string[]): Promise<Game> {
  const { child, lines, stdout, stderr } = launch(
    { PORT: String(port), CHAIN_PORT: String(chainPort), DATA_DIR: dataDir },
    { args },
  );
  for await (const line of lines) {
    const match = /running at (http\S+)/.exec(line);
    if (match?.[1]) return { child, url: match[1], stdout, stderr };
  }
  throw new Error(`npm start exited without a URL: ${stderr()}`);
}

/** Ctrl-C, then: exit code 0 and no process of its group left (the chain included). */
async function interrupt(game: Game): Promise<number | null> {
  const exited = once(game.child, 'exit');
  game.child.kill('SIGINT');
  const [code] = (await exited) as [number | null];
  return code;
}

/** Whether process `pid` (or, negative, process group `-pid`) still exists. */
function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

const groupAlive = (pid: number) => processAlive(-pid);

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'fracterra-start-'));
  dirs.push(dir);
  return dir;
}

describe('npm start', () => {
  it('runs two worlds side by side, keeps a claim across a restart and leaves nothing behind', async () => {
    const [portA, chainA, portB, chainB] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    const [dirA, dirB] = [await tempDir(), await tempDir()];
    // the first start builds as `npm start` does; the others find the build it made
    const a = await startGame(portA, chainA, dirA);
    const b = await startGame(portB, chainB, dirB, NO_BUILD);
    expect(a.stdout).toEqual([`Fracterra is running at http://localhost:${portA}`]);
    expect(a.stderr()).toBe('');

    const health = await fetch(`${a.url}/healthz`);
    expect(health.headers.get('content-type')).toMatch(/json/);
    const configA = publicConfigSchema.parse(await (await fetch(`${a.url}/config`)).json());
    const configB = publicConfigSchema.parse(await (await fetch(`${b.url}/config`)).json());
    expect(configA.faucet).toBe(true);
    // chain.pid names the live chain process of this world, and goes away with it
    const chainPid = Number(await readFile(join(dirA, 'chain.pid'), 'utf8'));
    expect(processAlive(chainPid)).toBe(true);

    const provider = new JsonRpcProvider(`http://127.0.0.1:${chainA}`, undefined, { cacheTimeout: -1 });
    const player = new Wallet(PLAYER_KEY, provider);
    const land = typedContract(configA.deployment.addresses.LandRegistry, landRegistryAbi, player);
    const price = await land.priceOf(7n, -3n);
    await (await land.claim(7n, -3n, { value: price })).wait();
    provider.destroy();

    expect(await interrupt(a)).toBe(0);
    await expect.poll(() => groupAlive(a.child.pid as number), { timeout: 15_000 }).toBe(false);
    expect(await rpcChainId(`http://127.0.0.1:${chainA}`)).toBeNull();
    expect(processAlive(chainPid)).toBe(false);
    await expect(readFile(join(dirA, 'chain.pid'), 'utf8')).rejects.toThrow(/ENOENT/);

    const again = await startGame(portA, chainA, dirA, NO_BUILD);
    const configAgain = publicConfigSchema.parse(await (await fetch(`${again.url}/config`)).json());
    expect(configAgain.deployment).toEqual(configA.deployment);
    const rpc = new JsonRpcProvider(`http://127.0.0.1:${chainA}`, undefined, { cacheTimeout: -1 });
    const landAgain = typedContract(configA.deployment.addresses.LandRegistry, landRegistryAbi, rpc);
    expect(await landAgain.ownerOf(BigInt(parcelId(7, -3)))).toBe(player.address);
    rpc.destroy();

    // The other world never saw that claim.
    const rpcB = new JsonRpcProvider(`http://127.0.0.1:${chainB}`, undefined, { cacheTimeout: -1 });
    const landB = typedContract(configB.deployment.addresses.LandRegistry, landRegistryAbi, rpcB);
    expect(await landB.exists(BigInt(parcelId(7, -3)))).toBe(false);
    rpcB.destroy();

    expect(await interrupt(again)).toBe(0);
    expect(await interrupt(b)).toBe(0);
    await expect.poll(() => groupAlive(b.child.pid as number), { timeout: 15_000 }).toBe(false);
  }, 600_000);

  it('after a kill -9 the next start stops the chain it left behind (ours by its command line) and keeps the parcels', async () => {
    await ensureBuilt();
    const [port, chainPort, dir] = [await freePort(), await freePort(), await tempDir()];
    const first = await startGame(port, chainPort, dir, NO_BUILD);
    const provider = new JsonRpcProvider(`http://127.0.0.1:${chainPort}`, undefined, { cacheTimeout: -1 });
    const config = publicConfigSchema.parse(await (await fetch(`${first.url}/config`)).json());
    const player = new Wallet(PLAYER_KEY, provider);
    const land = typedContract(config.deployment.addresses.LandRegistry, landRegistryAbi, player);
    const price = await land.priceOf(-8n, 2n);
    await (await land.claim(-8n, 2n, { value: price })).wait();
    provider.destroy();

    // The game's own process (anvil's parent, under the tsx launcher) dies without a goodbye.
    const chainPid = Number(await readFile(join(dir, 'chain.pid'), 'utf8'));
    const gamePid = Number((await readFile(`/proc/${chainPid}/stat`, 'utf8')).split(') ')[1]?.split(' ')[1]);
    const exited = once(first.child, 'exit');
    process.kill(gamePid, 'SIGKILL');
    await exited;
    expect(processAlive(chainPid)).toBe(true); // the leftover chain, still on CHAIN_PORT

    const again = await startGame(port, chainPort, dir, NO_BUILD);
    expect(again.stderr()).toMatch(/^Stopped the local chain a killed run of this game left behind/);
    expect(processAlive(chainPid)).toBe(false);
    expect(Number(await readFile(join(dir, 'chain.pid'), 'utf8'))).not.toBe(chainPid);
    const rpc = new JsonRpcProvider(`http://127.0.0.1:${chainPort}`, undefined, { cacheTimeout: -1 });
    const landAgain = typedContract(config.deployment.addresses.LandRegistry, landRegistryAbi, rpc);
    expect(await landAgain.ownerOf(BigInt(parcelId(-8, 2)))).toBe(player.address);
    rpc.destroy();
    expect(await interrupt(again)).toBe(0);
  }, 600_000);

  it('refuses a CHAIN_PORT another program listens on, in one line, and leaves the process of a stale pid file alone', async () => {
    await ensureBuilt();
    const [port, chainPort, dir] = [await freePort(), await freePort(), await tempDir()];
    const squatter = createServer((socket) => socket.end());
    squatter.listen(chainPort, '127.0.0.1');
    await once(squatter, 'listening');
    // a pid file naming a live process that is not our chain (here: this test's own process)
    await writeFile(join(dir, 'chain.pid'), `${process.pid}\n`);
    try {
      const { child, stderr } = launch(
        { PORT: String(port), CHAIN_PORT: String(chainPort), DATA_DIR: dir },
        { args: NO_BUILD },
      );
      const [code] = (await once(child, 'exit')) as [number | null];
      expect(code).not.toBe(0);
      expect(stderr().trim()).toBe(
        `npm start failed: CHAIN_PORT=${chainPort} is taken by another program (not a chain this game started in ${dir}); stop it or set another CHAIN_PORT`,
      );
      expect(processAlive(process.pid)).toBe(true);
    } finally {
      squatter.close();
    }
  }, 600_000);

  it('--no-build refuses, in one line, to start without a built client', async () => {
    const bare = await tempDir(); // run from a directory with no dist/
    const { child, stderr } = launch(
      { PORT: String(await freePort()), CHAIN_PORT: String(await freePort()), DATA_DIR: join(bare, 'data') },
      { args: ['--no-build'], cwd: bare },
    );
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).not.toBe(0);
    expect(stderr().trim()).toBe(
      'npm start failed: --no-build: dist/ holds no built client; run npm start once without --no-build',
    );
  }, 600_000);

  it('says in one line that another network does not answer, and keeps trying', async () => {
    await ensureBuilt();
    const closed = await freePort();
    const { child, stderr } = launch(
      {
        PORT: String(await freePort()),
        RPC_URL: `http://127.0.0.1:${closed}`,
        DEPLOYER_KEY: PLAYER_KEY,
        DATA_DIR: await tempDir(),
      },
      { args: NO_BUILD },
    );
    await expect.poll(stderr, { timeout: 300_000, interval: 500 }).toMatch(/does not answer; retrying/);
    await new Promise((resolve) => setTimeout(resolve, 5_000)); // several retries later
    expect(child.exitCode).toBeNull();
    expect(stderr().trim().split('\n')).toHaveLength(1);
    expect(stderr()).not.toMatch(/\bat .*\(.*:\d+:\d+\)/); // no stack trace
    child.kill('SIGINT');
    await once(child, 'exit');
  }, 600_000);
});
