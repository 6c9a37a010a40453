import { Client } from 'colyseus.js';
import { toBeHex } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WorldStateView } from '../shared/state.ts';
import { parcelId } from '../shared/world.ts';
import { ZONE, ZONE_ROOM, zoneOf } from '../shared/zones.ts';
import { PLAYER_KEYS } from '../testing/keys.ts';
import { claimParcel, signedClaim, startTestChain, type TestChain } from '../testing/test-chain.ts';
import { type TestPlayer, wrapRoom } from '../testing/test-client.ts';
import { type ServerProcess, spawnClusterProcess } from '../testing/test-process.ts';
import { hasRedis, NO_REDIS, startTestRedis, type TestRedis } from '../testing/test-redis.ts';
import { until } from '../testing/wait.ts';
import { INDEXER_LEASE, LeasePresence } from './cluster-lease.ts';
import { rpcCall } from './rpc.ts';

/**
 * One indexer per cluster, over two real server processes sharing Redis and an anvil chain: only
 * the lease holder asks the chain for logs (each process counts its eth_getLogs in /metrics); a
 * parcel claimed shows in the zone rooms of both processes; forged or out-of-order pages on the
 * journal's channel are refused; a reorg reaches the follower's parcels and feed; and when the holder is killed the other takes the lease and a
 * parcel claimed afterwards shows on it.
 */

if (!hasRedis) console.warn(`chain-journal.test.ts ${NO_REDIS}`);

const BORDER = ZONE / 2;
const WEST = zoneOf(0, 0);
const EAST = zoneOf(BORDER, 0);

let chain: TestChain;
let redis: TestRedis;
let presence: LeasePresence;
const servers: ServerProcess[] = [];
const seats: TestPlayer[] = [];

/** The pid in the lease's owner (`host:pid:random`), null when nobody holds it. */
async function leaseHolder(): Promise<number | null> {
  const owner = (await presence.get(INDEXER_LEASE)) as string | null;
  return owner ? Number(owner.split(':')[1]) : null;
}

/** A counter of the process's /metrics (summed over its labels that match `labels`). */
async function metric(server: ServerProcess, name: string, labels = ''): Promise<number> {
  const text = await (await fetch(`${server.url}/metrics`)).text();
  const pattern = new RegExp(`^${name}(\\{[^}]*${labels}[^}]*\\})? (\\d+)$`, 'gm');
  return [...text.matchAll(pattern)].reduce((sum, match) => sum + Number(match[2]), 0);
}

async function joinZone(server: ServerProcess, zone: number, x: number): Promise<TestPlayer> {
  const client = new Client(server.url.replace(/^http/, 'ws'));
  const seat = wrapRoom(await client.joinOrCreate<WorldStateView>(ZONE_ROOM, { zone, spawn: { x, z: 0 } }));
  seats.push(seat);
  return seat;
}

const shows = (seat: TestPlayer, id: number) =>
  seat.until((state) => state.parcels.has(String(id)), `parcel ${id} in the room`, 20_000);

describe.skipIf(!hasRedis)('one indexer per cluster', () => {
  beforeAll(async () => {
    chain = await startTestChain();
    redis = await startTestRedis();
    presence = new LeasePresence(redis.url);
    const shared = { rpcUrl: chain.rpcUrl, dataDir: chain.dataDir, redisUrl: redis.url };
    servers.push(await spawnClusterProcess(shared, { ZONES: '1' }));
    // the first process takes the lease before the second starts: the test knows who holds it
    await until(async () => (await leaseHolder()) === servers[0]?.child.pid, 'the first holder');
    servers.push(await spawnClusterProcess(shared, { ZONES: '1' }));
  }, 120_000);

  afterAll(async () => {
    // a seat in a room of the killed process is closed already
    for (const seat of seats) if (seat.room.connection.isOpen) await seat.room.leave();
    for (const server of servers) await server.stop();
    presence?.shutdown();
    await redis?.stop();
    await chain?.stop();
  });

  it('has the holder alone read the chain, both show its parcels, refuses forged pages, and hands over when the holder dies', async () => {
    const [holder, follower] = servers as [ServerProcess, ServerProcess];
    // each zone's room is made by the process its first join reached
    const west = await joinZone(holder, WEST, BORDER - 20);
    const east = await joinZone(follower, EAST, BORDER + 20);

    const westParcel = parcelId(BORDER - 1, 0);
    const eastParcel = parcelId(BORDER, 0);
    await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[1], BORDER - 1, 0);
    await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[1], BORDER, 0);
    await shows(west, westParcel);
    await shows(east, eastParcel);
    expect(await metric(holder, 'fracterra_indexer_log_requests_total')).toBeGreaterThan(0);
    expect(await metric(follower, 'fracterra_indexer_log_requests_total')).toBe(0);

    // Attack: on the journal's channel, a message of the wrong shape, then a replayed sequence
    // number carrying a forged claim (the real claim's page with another parcel's id in it).
    const prefix = `fracterra:chain:${chain.deployment.chainId}:${chain.deployment.addresses.LandRegistry.toLowerCase()}`;
    const forgedParcel = parcelId(BORDER + 2, 0);
    const pages = (await presence.hgetall(`${prefix}:pages`)) as Record<string, string>;
    const claimPage = Object.values(pages).find((text) => text.includes(toBeHex(eastParcel, 32).slice(2)));
    expect(claimPage).toBeDefined();
    const forged = JSON.parse(
      (claimPage as string).replaceAll(toBeHex(eastParcel, 32).slice(2), toBeHex(forgedParcel, 32).slice(2)),
    );
    await presence.publish(`${prefix}:published`, { seq: 'next', pages: 'all of them' });
    await presence.publish(`${prefix}:published`, { seq: 1, pages: [forged] });
    await until(
      async () => (await metric(follower, 'fracterra_rejected_messages_total', 'code="chain-page"')) === 2,
      'both refused',
    );
    // a real claim after them arrives, the forged one never did
    const laterParcel = parcelId(BORDER + 3, 0);
    await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[2], BORDER + 3, 0);
    await shows(east, laterParcel);
    expect(east.room.state.parcels.has(String(forgedParcel))).toBe(false);

    // a reorg replaces the later claim's block: the follower sees the hash at its cursor change in
    // the journal and rebuilds; its players' feed loses the dropped claim and gains the new one
    const reorgParcel = parcelId(BORDER + 5, 0);
    const replacement = await signedClaim(chain.rpcUrl, chain.deployment, PLAYER_KEYS[0], BORDER + 5, 0);
    await rpcCall(chain.rpcUrl, 'anvil_reorg', [1, [[replacement, 0]]]);
    await shows(east, reorgParcel);
    await east.until((state) => !state.parcels.has(String(laterParcel)), 'the dropped claim gone');
    const feed = await east.message('feedHistory', ({ events }) =>
      events.some((event) => event.kind === 'claim' && event.parcelId === reorgParcel),
    );
    expect(feed.events.some((event) => event.parcelId === laterParcel)).toBe(false);
    expect(await metric(follower, 'fracterra_indexer_log_requests_total')).toBe(0);

    // the holder dies without a word: the follower takes the lease and reads the chain from where
    // the journal ends
    await holder.kill();
    await until(
      async () => (await leaseHolder()) === follower.child.pid,
      'the lease on the survivor',
      20_000,
    );
    const afterParcel = parcelId(BORDER + 4, 0);
    await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[2], BORDER + 4, 0);
    await shows(east, afterParcel);
    expect(await metric(follower, 'fracterra_indexer_log_requests_total')).toBeGreaterThan(0);
    // nothing was lost or applied twice on the way: the room holds exactly the claimed east parcels
    expect([...east.room.state.parcels.keys()].map(Number).sort((a, b) => a - b)).toEqual(
      [eastParcel, reorgParcel, afterParcel].sort((a, b) => a - b),
    );
  }, 120_000);
});
