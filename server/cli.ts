/**
 * One game-server process against a chain that is already running and deployed to: what a
 * scaled-out deployment runs per process (and what the crash and Redis tests spawn).
 * Environment: RPC_URL (required), PORT (default 2567), DATA_DIR (holds deployment.json),
 * REDIS_URL, DATABASE_URL (a Postgres database shared by the processes), PUBLIC_ADDRESS (host:port browsers reach this process at),
 * PUBLIC_ADDRESSES (host:port of every process of the cluster, comma-separated, when they are on several host names), FAUCET_KEY, PUBLIC_ORIGIN
 * (the origins players sign in at, comma-separated), ZONES (1: the world as zone rooms,
 * shared/zones.ts; 0: one world room; unset: zone rooms with REDIS_URL).
 * Prints one line, the URL, once it listens.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { DEFAULT_DATA_DIR, DEFAULT_PORT } from '../shared/defaults.ts';
import { deploymentSchema } from '../shared/deployment.ts';
import { parsePublicOrigins } from './auth.ts';
import { parsePublicAddresses, startServer } from './main.ts';

function fail(message: string): never {
  console.error(`game server: ${message}`);
  process.exit(1);
}

const env = process.env;
const rpcUrl = env.RPC_URL ?? fail('set RPC_URL to the JSON-RPC endpoint of the chain');
const port = env.PORT ? Number(env.PORT) : DEFAULT_PORT;
if (!Number.isInteger(port) || port < 0 || port > 65_535) fail(`PORT must be a TCP port, not "${env.PORT}"`);
const dataDir = resolve(env.DATA_DIR || DEFAULT_DATA_DIR);
const deploymentPath = join(dataDir, 'deployment.json');
let deploymentJson: unknown;
try {
  deploymentJson = JSON.parse(readFileSync(deploymentPath, 'utf8'));
} catch (error) {
  fail(`cannot read ${deploymentPath} (deploy first): ${(error as Error).message}`);
}
const deployment = deploymentSchema.safeParse(deploymentJson);
if (!deployment.success) fail(`${deploymentPath} is not a deployment record: ${deployment.error.message}`);

if (env.ZONES && env.ZONES !== '0' && env.ZONES !== '1') fail(`ZONES must be 0 or 1, not "${env.ZONES}"`);

let publicOrigins: string[] | undefined;
let publicAddress: string | undefined;
let publicAddresses: string[] | undefined;
try {
  publicOrigins = parsePublicOrigins(env.PUBLIC_ORIGIN);
  if (env.PUBLIC_ADDRESS?.includes(','))
    fail('PUBLIC_ADDRESS is one host:port; the cluster’s go in PUBLIC_ADDRESSES');
  publicAddress = env.PUBLIC_ADDRESS
    ? parsePublicAddresses('PUBLIC_ADDRESS', env.PUBLIC_ADDRESS)[0]
    : undefined;
  publicAddresses = env.PUBLIC_ADDRESSES
    ? parsePublicAddresses('PUBLIC_ADDRESSES', env.PUBLIC_ADDRESSES)
    : undefined;
} catch (error) {
  fail((error as Error).message);
}

const server = await startServer({
  port,
  rpcUrl,
  dataDir,
  deployment: deployment.data,
  redisUrl: env.REDIS_URL || undefined,
  databaseUrl: env.DATABASE_URL || undefined,
  publicAddress,
  publicAddresses,
  faucetKey: env.FAUCET_KEY || undefined,
  publicOrigins,
  zones: env.ZONES ? env.ZONES === '1' : undefined,
  clientDir: resolve('dist'),
});
console.log(server.url);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
