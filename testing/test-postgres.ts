import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from '../scripts/chain.ts';

/**
 * Test helper: a real Postgres (Debian's `postgresql`: initdb and postgres on PATH, or where Debian
 * puts them, /usr/lib/postgresql/<version>/bin) in a temporary
 * directory, on 127.0.0.1 and a free port, trusting local connections; each test takes a fresh
 * database from it. Postgres refuses to run as root: under root the cluster belongs to `nobody`.
 */

const DEBIAN_DIR = '/usr/lib/postgresql';

/** `initdb` or `postgres` on PATH, else in Debian's newest version directory, else null. */
function binary(name: string): string | null {
  if (spawnSync(name, ['--version']).status === 0) return name;
  if (!existsSync(DEBIAN_DIR)) return null;
  const versions = readdirSync(DEBIAN_DIR)
    .filter((version) => /^\d+$/.test(version))
    .sort((a, b) => Number(b) - Number(a));
  for (const version of versions) {
    const path = join(DEBIAN_DIR, version, 'bin', name);
    if (existsSync(path)) return path;
  }
  return null;
}

const INITDB = binary('initdb');
const POSTGRES = binary('postgres');

/** Whether the Postgres binaries are installed; suites skip with this reason when not. */
export const hasPostgres = INITDB !== null && POSTGRES !== null;
export const NO_POSTGRES = 'skipped: no Postgres installed (.ci/run installs Debian postgresql)';

export interface TestPostgres {
  /** A new empty database; resolves to its connection URL. */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

/** uid and gid of `nobody` when this process is root, else nothing (run as ourselves). */
function unprivileged(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(spawnSync('id', [flag, 'nobody'], { encoding: 'utf8' }).stdout.trim());
  return { uid: id('-u'), gid: id('-g') };
}

/** The user Postgres runs as works in `cwd` (our own working directory may be closed to it). */
function run(
  command: string,
  args: string[],
  cwd: string,
  user: { uid: number; gid: number } | undefined,
): void {
  const result = spawnSync(command, args, { encoding: 'utf8', cwd, ...user });
  if (result.status !== 0) {
    const hint = user ? ' (as nobody: the temporary directory must be reachable by nobody)' : '';
    throw new Error(`${command} failed${hint}: ${result.stderr || result.error?.message}`);
  }
}

/** `durable`: fsync on, as a production database runs (benchmarks); tests skip it to start faster. */
export async function startTestPostgres(options: { durable?: boolean } = {}): Promise<TestPostgres> {
  if (!INITDB || !POSTGRES) throw new Error(NO_POSTGRES);
  const user = unprivileged();
  const root = mkdtempSync(join(tmpdir(), 'fracterra-pg-'));
  const data = join(root, 'data');
  if (user) {
    chownSync(root, user.uid, user.gid);
    chmodSync(root, 0o700);
  }
  run(INITDB, ['-D', data, '-U', 'postgres', '--auth=trust', '-E', 'UTF8', '--no-sync'], root, user);
  const port = await freePort();
  // fsync off unless durable: a test database need not survive the machine crashing
  const child: ChildProcess = spawn(
    POSTGRES,
    [
      '-D',
      data,
      '-p',
      String(port),
      '-h',
      '127.0.0.1',
      '-k',
      root,
      '-c',
      `fsync=${options.durable ? 'on' : 'off'}`,
    ],
    { stdio: ['ignore', 'ignore', 'pipe'], cwd: root, ...user },
  );
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => {
    log = (log + chunk.toString()).slice(-4_000);
  });
  const exited = once(child, 'exit');
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  const admin = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await untilAccepting(
    admin,
    () => child.exitCode !== null,
    () => log,
  );
  let databases = 0;
  return {
    async createDatabase() {
      const name = `test_${process.pid}_${++databases}`;
      const client = new pg.Client(admin);
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      process.off('exit', killOnExit);
      if (child.exitCode === null) {
        child.kill('SIGINT'); // fast shutdown
        await exited;
      }
      rmSync(root, { recursive: true, force: true });
    },
  };
}

async function untilAccepting(url: string, died: () => boolean, log: () => string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    if (died()) throw new Error(`postgres exited: ${log()}`);
    const client = new pg.Client(url);
    try {
      await client.connect();
      await client.end();
      return;
    } catch (error) {
      await client.end().catch(() => undefined);
      if (attempt > 300) throw new Error(`postgres did not accept connections: ${(error as Error).message}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
}
