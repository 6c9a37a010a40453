import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { freePort } from '../scripts/chain.ts';

/** Test helper: `server/cli.ts` as a child process, under the project's Node with tsx. */
export interface ServerProcess {
  url: string;
  child: ChildProcess;
  /** The last few kilobytes the process wrote to stderr. */
  stderr(): string;
  /** SIGKILL, no goodbye, then wait for the exit. */
  kill(): Promise<void>;
  /** SIGTERM and wait for a clean exit. */
  stop(): Promise<void>;
}

const CLI = fileURLToPath(new URL('../server/cli.ts', import.meta.url));

export async function spawnServer(env: Record<string, string>): Promise<ServerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4_000);
  });
  const exited = once(child, 'exit');
  const url = await new Promise<string>((resolve, reject) => {
    let stdout = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
      const line = stdout.split('\n').find((l) => l.startsWith('http'));
      if (line) resolve(line.trim());
    });
    exited.then(() => reject(new Error(`server process exited before listening: ${stderr.trim()}`)));
  });
  const gone = () => child.exitCode !== null || child.signalCode !== null;
  return {
    url,
    child,
    stderr: () => stderr,
    async kill() {
      if (gone()) return;
      child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (gone()) return;
      child.kill('SIGTERM');
      await exited;
    },
  };
}

/** What the processes of a test cluster share: the chain, Redis, and Postgres when there is one. */
export interface ClusterBackends {
  rpcUrl: string;
  dataDir: string;
  redisUrl: string;
  databaseUrl?: string;
}

/**
 * One process of a cluster over `backends`, on a free port it tells browsers as its public
 * address (a join matchmade elsewhere for a room here connects to it); `env` adds to that.
 */
export async function spawnClusterServer(
  backends: ClusterBackends,
  env: Record<string, string> = {},
): Promise<ServerProcess> {
  const port = await freePort();
  return spawnServer({
    RPC_URL: backends.rpcUrl,
    PORT: String(port),
    DATA_DIR: backends.dataDir,
    REDIS_URL: backends.redisUrl,
    ...(backends.databaseUrl ? { DATABASE_URL: backends.databaseUrl } : {}),
    PUBLIC_ADDRESS: `localhost:${port}`,
    ...env,
  });
}
