import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { LocalPresence, type Presence, Server } from '@colyseus/core';
import { RedisDriver } from '@colyseus/redis-driver';
import { WebSocketTransport } from '@colyseus/ws-transport';
import { WORLD_ROOM } from '../shared/defaults.ts';
import type { Deployment, PublicConfig } from '../shared/deployment.ts';
import { WORLD_RADIUS } from '../shared/world.ts';
import { ZONE_ROOM } from '../shared/zones.ts';
import { SignIn } from './auth.ts';
import { ChainJournal } from './chain-journal.ts';
import { INDEXER_LEASE, type Lease, LeasePresence, RedisLease, SOLE_PROCESS } from './cluster-lease.ts';
import { Faucet } from './faucet.ts';
import { publishFeed } from './feed-relay.ts';
import { answerErrors } from './http-kit.ts';
import { createHttpHandler, DEFAULT_HTTP_LIMITS, type HttpLimits } from './http-routes.ts';
import { ChainIndexer } from './indexer.ts';
import { createLogger } from './log.ts';
import { PgHistoryDb, SqliteHistoryDb } from './market/history-db.ts';
import { HistorySink } from './market/history-sink.ts';
import { HistoryStore } from './market/history-store.ts';
import { MarketQueries } from './market/market-queries.ts';
import { MarketSnapshots } from './market/market-view.ts';
import { createMatchmakeHandler, MATCHMAKE_PREFIX } from './matchmake-route.ts';
import { createMetrics } from './metrics.ts';
import { PgStore } from './pg-store.ts';
import { Sessions } from './sessions.ts';
import { SqliteStore } from './sqlite-store.ts';
import type { Store } from './store.ts';
import { createWasmDigest } from './work-shares.ts';
import { WorldRoom, type WorldRoomDeps } from './world-room.ts';
import { placeRoom } from './zone-placement.ts';

export interface StartServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** The chain the contracts live on; browsers reach it through `/rpc`. */
  rpcUrl: string;
  /** SQLite files and logs go here. */
  dataDir: string;
  /**
   * With it, players, the work-share ledger, chat, sessions and the market history live in this
   * Postgres database, shared by every process; without it, in SQLite files in `dataDir`.
   */
  databaseUrl?: string;
  deployment: Deployment;
  /** Local chain only: the key `/faucet` pays from. Without it there is no faucet. */
  faucetKey?: string;
  /** With it, Colyseus' Redis presence and driver: several processes share rooms and nonces. */
  redisUrl?: string;
  /** The built client to serve (`dist/`). */
  clientDir?: string;
  /** Interface to listen on; all by default. */
  host?: string;
  /**
   * `host:port` at which browsers reach this very process; with Redis a client that matchmade on
   * another process connects here for rooms this process hosts. Default `localhost:<port>`.
   */
  publicAddress?: string;
  /**
   * `host:port` of every process of the cluster (PUBLIC_ADDRESSES), when they are not all on this
   * one's host: pages may open room sockets to these alone. Checked by parsePublicAddresses.
   */
  publicAddresses?: string[];
  /** Milliseconds between chain polls of the indexer. */
  pollMs?: number;
  /** Blocks on top of a block before the indexer counts it (0: the head counts at once). */
  confirmations?: number;
  /**
   * Origins (`https://play.example`) whose pages may sign in (PUBLIC_ORIGIN). Default: the URL
   * this server prints, `http://localhost:<port>`.
   */
  publicOrigins?: string[];
  /** Per-IP limits of the HTTP routes; DEFAULT_HTTP_LIMITS unless given. */
  limits?: HttpLimits;
  /**
   * The world as zone rooms (shared/zones.ts), spread over the processes by the Redis driver;
   * browsers join them when `/config` says `zones`. Default: zones with `redisUrl` (a scaled
   * cluster), one world room without (one process). The world room stays defined either way, for
   * tools that join it.
   */
  zones?: boolean;
}

export interface RunningServer {
  /** `http://localhost:<port>`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

/** `host:port`: a DNS name, an IPv4 address or a bracketed IPv6 one, and a port; no scheme, path or wildcard. */
const PUBLIC_ADDRESS =
  /^(?:(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*|\[[0-9a-f:.]+\]):(\d{1,5})$/i;

/**
 * The `host:port` addresses of a comma-separated list (PUBLIC_ADDRESSES; PUBLIC_ADDRESS is a list
 * of one), each checked strictly: they go into the CSP. Throws naming the first bad entry.
 */
export function parsePublicAddresses(name: string, value: string): string[] {
  return value.split(',').map((entry) => {
    const text = entry.trim();
    const port = Number(PUBLIC_ADDRESS.exec(text)?.[1] ?? 0);
    if (text.length > 260 || port < 1 || port > 65_535) {
      throw new Error(
        `${name}: "${text.slice(0, 80)}" is not host:port like play.example:2567 (no scheme, path or wildcard)`,
      );
    }
    return text.toLowerCase();
  });
}

/**
 * The CSP sources a page needs for the rooms of a cluster: a room another process hosts is joined
 * at that process's public address. With the list of every process's address (PUBLIC_ADDRESSES,
 * the processes on several host names) exactly those; without it the processes share this one's
 * host, one per port.
 */
function roomSources(publicAddress: string, cluster: readonly string[] | undefined): string[] {
  if (cluster) {
    const addresses = [...new Set([publicAddress, ...cluster])];
    return addresses.flatMap((address) => [`ws://${address}`, `wss://${address}`]);
  }
  const host = publicAddress.replace(/:\d+$/, '');
  return [`ws://${host}:*`, `wss://${host}:*`];
}

/** Starts the game server: HTTP routes, the Colyseus world room and the chain indexer, on one port. */
export async function startServer(options: StartServerOptions): Promise<RunningServer> {
  const log = createLogger(options.dataDir);
  const metrics = createMetrics();
  const store: Store = options.databaseUrl
    ? await PgStore.open(options.databaseUrl)
    : new SqliteStore(options.dataDir);
  const staking = options.deployment.addresses.ParcelStaking;
  const historyDb = options.databaseUrl
    ? await PgHistoryDb.open(options.databaseUrl)
    : new SqliteHistoryDb(options.dataDir);
  const history = new HistoryStore(historyDb, staking);
  // only the indexer's lease holder writes a shared history (the lease is taken below); a
  // process's own SQLite file it always writes
  const writer = {
    get held() {
      return !options.databaseUrl || lease.held;
    },
  };
  // Sign-in nonces live in the presence, so with Redis every process sees every nonce.
  const presence: Presence = options.redisUrl ? new LeasePresence(options.redisUrl) : new LocalPresence();
  // With Redis, one process of the cluster at a time reads the chain and publishes what it saw.
  let lease: Lease = SOLE_PROCESS;
  let journal: ChainJournal | null = null;
  if (presence instanceof LeasePresence) {
    const redisLease = new RedisLease(presence, INDEXER_LEASE, log.child({ part: 'lease' }));
    redisLease.start();
    lease = redisLease;
    journal = new ChainJournal({
      presence,
      lease: redisLease,
      deployment: options.deployment,
      log: log.child({ part: 'journal' }),
      metrics,
    });
    await journal.start();
  }
  const indexer = new ChainIndexer({
    rpcUrl: options.rpcUrl,
    deployment: options.deployment,
    log: log.child({ part: 'indexer' }),
    metrics,
    pollMs: options.pollMs,
    confirmations: options.confirmations,
    sink: new HistorySink(history, options.deployment, options.rpcUrl, writer),
    source: journal ?? undefined,
  });
  const queries = new MarketQueries(historyDb, staking);
  if (options.redisUrl && !options.publicAddress && options.port === 0) {
    throw new Error(
      'with REDIS_URL and a random port, pass publicAddress (host:port browsers reach this process at)',
    );
  }
  const stopFeed = publishFeed(indexer, presence, lease, log.child({ part: 'feed' }));
  let origins: readonly string[] = options.publicOrigins ?? [];
  const signIn = new SignIn(
    presence,
    options.deployment.chainId,
    () => origins,
    new Sessions(store, options.deployment.chainId),
  );
  const driver = options.redisUrl ? new RedisDriver(options.redisUrl) : undefined;
  const faucet = options.faucetKey
    ? new Faucet(options.rpcUrl, options.faucetKey, options.deployment.chainId)
    : null;
  const config: PublicConfig = {
    chainId: options.deployment.chainId,
    rpcUrl: '/rpc',
    deployment: options.deployment,
    faucet: faucet !== null,
    worldRadius: WORLD_RADIUS,
    zones: options.zones ?? Boolean(options.redisUrl),
  };

  const limits = options.limits ?? DEFAULT_HTTP_LIMITS;
  // where browsers reach this process for the rooms it hosts, in a cluster
  const publicAddress = options.redisUrl ? (options.publicAddress ?? `localhost:${options.port}`) : undefined;
  const handler = createHttpHandler({
    rpcUrl: options.rpcUrl,
    config,
    indexer,
    lease,
    signIn,
    metrics,
    log: log.child({ part: 'http' }),
    faucet,
    clientDir: options.clientDir ?? null,
    limits,
    secure: origins.some((origin) => origin.startsWith('https:')),
    roomSources: publicAddress ? roomSources(publicAddress, options.publicAddresses) : [],
    market: { indexer, queries, snapshots: new MarketSnapshots(queries, options.deployment) },
  });
  const matchmake = createMatchmakeHandler(limits.seats);
  const serveMatchmake = answerErrors(
    (req, res) => matchmake(req, res, new URL(req.url ?? '/', 'http://localhost').pathname),
    (error, req) => log.error({ err: error, url: req.url }, 'matchmaking failed'),
  );
  const httpServer = createServer();

  const port = options.port;
  const gameServer = new Server({
    transport: new WebSocketTransport({ server: httpServer }),
    presence,
    driver,
    greet: false,
    gracefullyShutdown: false,
    logger: log.child({ part: 'colyseus' }),
    publicAddress,
    selectProcessIdToCreateRoom: placeRoom,
  });
  // Colyseus put its own matchmaking route on the server (all methods, unbounded bodies, CORS for
  // any origin): ours replaces it.
  httpServer.removeAllListeners('request');
  httpServer.on('request', (req, res) => {
    if (req.url?.startsWith(MATCHMAKE_PREFIX)) serveMatchmake(req, res);
    else handler(req, res);
  });
  const deps: WorldRoomDeps = {
    store,
    indexer,
    signIn,
    metrics,
    log: log.child({ part: 'room' }),
    rpcUrl: options.rpcUrl,
    oreMiner: options.deployment.addresses.OreMiner,
    powDigest: await createWasmDigest(),
  };
  gameServer.define(WORLD_ROOM, WorldRoom, { deps });
  // one room per zone, on whichever process the driver places it
  if (config.zones) gameServer.define(ZONE_ROOM, WorldRoom, { deps, zoned: true }).filterBy(['zone']);

  indexer.start();
  await gameServer.listen(port, options.host);
  const actualPort = (httpServer.address() as AddressInfo).port;
  if (origins.length === 0) origins = [`http://localhost:${actualPort}`];
  log.info(
    { port: actualPort, redis: Boolean(options.redisUrl), postgres: Boolean(options.databaseUrl) },
    'game server listening',
  );

  let closing: Promise<void> | null = null;
  return {
    url: `http://localhost:${actualPort}`,
    port: actualPort,
    close() {
      closing ??= (async () => {
        stopFeed();
        await lease.stop();
        await indexer.stop();
        await journal?.stop();
        await gameServer.gracefullyShutdown(false);
        httpServer.closeAllConnections();
        await store.close();
        await history.close();
        faucet?.close();
        log.flush();
      })();
      return closing;
    },
  };
}
