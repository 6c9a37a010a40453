import { parsePublicOrigins } from '../server/auth.ts';
/** The environment variables of DESIGN.md §7, read and checked once. */
export interface Env {
  port: number;
  chainPort: number;
  dataDir: string;
  /** Another EVM network; the local chain and the faucet are off when set. */
  rpcUrl?: string;
  deployerKey?: string;
  redisUrl?: string;
  /** PUBLIC_ORIGIN: the origins players sign in at; undefined: the URL `npm start` prints. */
  publicOrigins?: string[];
}

function portOf(name: string, value: string | undefined, fallback: number): number {
  if (value === undefined || value === '') return fallback;
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) {
    throw new Error(`${name} must be a TCP port (1–65535), not "${value}"`);
  }
  return port;
}

export function readEnv(
  vars: Record<string, string | undefined>,
  defaults: { port: number; chainPort: number; dataDir: string },
): Env {
  const rpcUrl = vars.RPC_URL || undefined;
  const deployerKey = vars.DEPLOYER_KEY || undefined;
  if (rpcUrl !== undefined && deployerKey === undefined) {
    throw new Error('RPC_URL names another network: set DEPLOYER_KEY (a funded private key) too');
  }
  if (deployerKey !== undefined && !/^0x[0-9a-fA-F]{64}$/.test(deployerKey)) {
    throw new Error('DEPLOYER_KEY must be 0x followed by 64 hex digits');
  }
  if (rpcUrl !== undefined && !/^https?:\/\//.test(rpcUrl)) {
    throw new Error(`RPC_URL must be an http(s) URL, not "${rpcUrl}"`);
  }
  return {
    port: portOf('PORT', vars.PORT, defaults.port),
    chainPort: portOf('CHAIN_PORT', vars.CHAIN_PORT, defaults.chainPort),
    dataDir: vars.DATA_DIR || defaults.dataDir,
    rpcUrl,
    deployerKey,
    redisUrl: vars.REDIS_URL || undefined,
    publicOrigins: parsePublicOrigins(vars.PUBLIC_ORIGIN),
  };
}
