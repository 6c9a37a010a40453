import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdir, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/** Newest modification time (ms) of any file below `dir`; 0 when it does not exist. */
async function newestMtime(dir: string): Promise<number> {
  let newest = 0;
  const entries = await readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const { mtimeMs } = await stat(join(entry.parentPath, entry.name));
    newest = Math.max(newest, mtimeMs);
  }
  return newest;
}

/** Runs a project command quietly; on failure its output becomes the error. */
export async function runQuiet(command: string, args: string[]): Promise<void> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  if (code !== 0) throw new Error(`${command} ${args.join(' ')} failed:\n${output.slice(-4_000)}`);
}

/** Compiles the contracts (Hardhat caches: a no-op when nothing changed). */
export async function compileContracts(): Promise<void> {
  await runQuiet('hardhat', ['build', '--quiet']);
}

/** In dist/ after a build with the test handle (FRACTERRA_TEST_HANDLE=1, see vite.config.ts). */
const TEST_HANDLE_MARKER = join('dist', 'test-handle.txt');

/**
 * Builds the client into `dist/` unless it is newer than every client and shared source and was
 * built with the test handle exactly when FRACTERRA_TEST_HANDLE=1 asks for it now.
 */
export async function buildClientIfStale(): Promise<void> {
  const sources = Math.max(
    await newestMtime('client'),
    await newestMtime('shared'),
    await newestMtime('workers'),
    (await stat('vite.config.ts')).mtimeMs,
  );
  const built = await newestMtime('dist');
  const testHandle = process.env.FRACTERRA_TEST_HANDLE === '1';
  const builtWithHandle = (await stat(TEST_HANDLE_MARKER).catch(() => null)) !== null;
  if (built > sources && builtWithHandle === testHandle) return;
  const { build } = await import('vite');
  await build({ logLevel: 'error' });
  if (testHandle) await writeFile(TEST_HANDLE_MARKER, 'built with window.__fracterra\n');
}
