import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { connect, createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { LOCAL_CHAIN_ID } from '../shared/defaults.ts';

/** A local anvil chain this process started. */
export interface LocalChain {
  readonly rpcUrl: string;
  readonly port: number;
  readonly process: ChildProcess;
  /** SIGTERM, then wait: anvil writes its state file on the way out. */
  stop(): Promise<void>;
}

export interface LocalChainOptions {
  /** 0 picks a free port. */
  port: number;
  /** Loaded at start when it exists, written every `stateIntervalSec` and on exit. */
  stateFile?: string;
  stateIntervalSec?: number;
  /** Seconds per block; automine (a block per transaction) when absent. */
  blockTimeSec?: number;
}

const ANVIL_PACKAGES: Record<string, string> = {
  'linux-x64': '@foundry-rs/anvil-linux-amd64',
  'linux-arm64': '@foundry-rs/anvil-linux-arm64',
  'darwin-x64': '@foundry-rs/anvil-darwin-amd64',
  'darwin-arm64': '@foundry-rs/anvil-darwin-arm64',
};

/** The anvil binary shipped in the npm package for this platform (spawned directly, not via npx). */
export function anvilBinary(): string {
  const name = ANVIL_PACKAGES[`${process.platform}-${process.arch}`];
  if (!name) throw new Error(`no anvil build for ${process.platform}-${process.arch}`);
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve(`${name}/package.json`)), 'bin', 'anvil');
}

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (address === null || typeof address === 'string') throw new Error('could not pick a free port');
  return address.port;
}

/** Whether anything accepts TCP connections on 127.0.0.1:`port` now. */
export async function portTaken(port: number): Promise<boolean> {
  const socket = connect(port, '127.0.0.1');
  try {
    await once(socket, 'connect');
    return true;
  } catch {
    return false;
  } finally {
    socket.destroy();
  }
}

/** Process `pid`'s arguments (Linux /proc), or null when there is no such process to read. */
async function commandLine(pid: number): Promise<string[] | null> {
  try {
    return (await readFile(`/proc/${pid}/cmdline`, 'utf8')).split('\0').filter(Boolean);
  } catch {
    return null;
  }
}

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * Stops the local chain a crashed `npm start` left running: the process named in `pidFile`, but
 * only when its command line shows it is our anvil on `stateFile` (a reused pid is someone
 * else's and is left alone). SIGTERM first, so anvil writes its state file on the way out; SIGKILL
 * if it is still there after 10 s. The pid file goes either way. True when a chain was stopped.
 */
export async function reapLeftoverChain(pidFile: string, stateFile: string): Promise<boolean> {
  const pid = Number.parseInt(await readFile(pidFile, 'utf8').catch(() => ''), 10);
  const args = Number.isInteger(pid) && pid > 0 ? await commandLine(pid) : null;
  const ours = args !== null && args[0] === anvilBinary() && args[args.indexOf('--state') + 1] === stateFile;
  if (ours) {
    process.kill(pid, 'SIGTERM');
    for (let waited = 0; alive(pid) && waited < 10_000; waited += 100) {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    if (alive(pid)) process.kill(pid, 'SIGKILL');
  }
  await rm(pidFile, { force: true });
  return ours;
}

/** Calls `eth_chainId` until the node answers or `timeoutMs` passes; true when it answered. */
export async function waitForRpc(rpcUrl: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if ((await rpcChainId(rpcUrl)) !== null) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return false;
}

/** The chain id an RPC endpoint reports, or null when it does not answer. */
export async function rpcChainId(rpcUrl: string): Promise<number | null> {
  try {
    const response = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: [] }),
      signal: AbortSignal.timeout(2_000),
    });
    const body = (await response.json()) as { result?: string };
    return typeof body.result === 'string' ? Number.parseInt(body.result, 16) : null;
  } catch {
    return null;
  }
}

/** Starts anvil on 127.0.0.1 and resolves once it answers JSON-RPC. */
export async function startLocalChain(options: LocalChainOptions): Promise<LocalChain> {
  const port = options.port === 0 ? await freePort() : options.port;
  const args = [
    '--host',
    '127.0.0.1',
    '--port',
    String(port),
    '--chain-id',
    String(LOCAL_CHAIN_ID),
    '--silent',
  ];
  if (options.stateFile) {
    args.push('--state', options.stateFile, '--state-interval', String(options.stateIntervalSec ?? 5));
  }
  if (options.blockTimeSec) args.push('--block-time', String(options.blockTimeSec));
  const child = spawn(anvilBinary(), args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-2_000);
  });
  const rpcUrl = `http://127.0.0.1:${port}`;
  const exited = once(child, 'exit');
  const ready = await Promise.race([waitForRpc(rpcUrl, 20_000), exited.then(() => false)]);
  if (!ready) {
    child.kill('SIGKILL');
    throw new Error(`the local chain did not start on port ${port}: ${stderr.trim() || 'no answer'}`);
  }
  return {
    rpcUrl,
    port,
    process: child,
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}
