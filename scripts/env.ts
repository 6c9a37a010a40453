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
  /** PUBLIC_ADDRESS: `host:port` browsers reach this process at, for a cluster's rooms (default `localhost:PORT`). */
  publicAddress?: string;
  /** A Postgres database for players, the work-share ledger, chat and sessions (else SQLite). */
  databaseUrl?: string;
  /** Blocks on top of a block before the indexer counts its events. */
  confirmations: number;
  /** PUBLIC_ORIGIN: the origins players sign in at; undefined: the URL `npm start` prints. */
  publicOrigins?: string[];
  /** ZONES: the world as zone rooms (1) or one world room (0); undefined: zone rooms with Redis. */
  zones?: boolean;
}

/**
 * Confirmations on another network unless CONFIRMATIONS says otherwise: public chains now and
 * then replace their last block or two. The local chain never reorganises by itself: 0.
 */
const NETWORK_CONFIRMATIONS = 2;

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
  const databaseUrl = vars.DATABASE_URL || undefined;
  if (databaseUrl !== undefined && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    throw new Error('DATABASE_URL must be a postgres:// (or postgresql://) URL');
  }
  const confirmations = vars.CONFIRMATIONS ? Number(vars.CONFIRMATIONS) : undefined;
  if (confirmations !== undefined && !(Number.isInteger(confirmations) && confirmations >= 0)) {
    throw new Error(
      `CONFIRMATIONS must be a whole number of blocks (0 or more), not "${vars.CONFIRMATIONS}"`,
    );
  }
  const publicAddress = vars.PUBLIC_ADDRESS || undefined;
  if (publicAddress !== undefined && !/^[^\s/:]+:\d{1,5}$/.test(publicAddress)) {
    throw new Error(`PUBLIC_ADDRESS must be host:port, not "${publicAddress}"`);
  }
  if (vars.ZONES && vars.ZONES !== '0' && vars.ZONES !== '1') {
    throw new Error(`ZONES must be 0 (one world room) or 1 (zone rooms), not "${vars.ZONES}"`);
  }
  return {
    port: portOf('PORT', vars.PORT, defaults.port),
    chainPort: portOf('CHAIN_PORT', vars.CHAIN_PORT, defaults.chainPort),
    dataDir: vars.DATA_DIR || defaults.dataDir,
    rpcUrl,
    deployerKey,
    redisUrl: vars.REDIS_URL || undefined,
    publicAddress,
    databaseUrl,
    confirmations: confirmations ?? (rpcUrl === undefined ? 0 : NETWORK_CONFIRMATIONS),
    publicOrigins: parsePublicOrigins(vars.PUBLIC_ORIGIN),
    zones: vars.ZONES ? vars.ZONES === '1' : undefined,
  };
}
