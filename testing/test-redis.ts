import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { freePort } from '../scripts/chain.ts';
import { LeasePresence } from '../server/cluster-lease.ts';
import { ZONE_ROOM } from '../shared/zones.ts';

/** Test helper: a real redis-server on 127.0.0.1 and a free port, keeping nothing on disk. */

export const hasRedis = spawnSync('redis-server', ['--version']).status === 0;
export const NO_REDIS = 'skipped: no redis-server installed (.ci/run installs Debian redis-server)';

export interface TestRedis {
  url: string;
  stop(): Promise<void>;
}

export async function startTestRedis(): Promise<TestRedis> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  await new Promise<void>((resolve, reject) => {
    let out = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      if (out.includes('Ready to accept connections')) resolve();
    });
    child.once('exit', () => reject(new Error(`redis-server exited: ${out.slice(-500)}`)));
  });
  return {
    url: `redis://127.0.0.1:${port}`,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await once(child, 'exit');
    },
  };
}

/** The process (by Colyseus' process id) holding the room of each zone, from the driver's cache in Redis. */
export async function zoneProcesses(redisUrl: string): Promise<Map<number, string>> {
  const presence = new LeasePresence(redisUrl);
  try {
    const caches = await presence.hgetall('roomcaches');
    const held = new Map<number, string>();
    for (const text of Object.values(caches ?? {})) {
      // the driver keeps a room's filter options (its zone) beside its name and process
      const cache = JSON.parse(text) as { name: string; processId: string; zone?: number };
      if (cache.name === ZONE_ROOM && cache.zone !== undefined) held.set(cache.zone, cache.processId);
    }
    return held;
  } finally {
    presence.shutdown();
  }
}
