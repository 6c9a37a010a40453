import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parcelId } from '../shared/world.ts';
import { PLAYER_KEYS } from '../testing/keys.ts';
import { claimParcel, startTestChain, type TestChain } from '../testing/test-chain.ts';
import { hasRedis, NO_REDIS, startTestRedis, type TestRedis } from '../testing/test-redis.ts';
import { until } from '../testing/wait.ts';
import { ChainJournal } from './chain-journal.ts';
import { INDEXER_LEASE, LeasePresence, RedisLease } from './cluster-lease.ts';
import { ChainIndexer } from './indexer.ts';
import { createMetrics } from './metrics.ts';
import { rpcCall } from './rpc.ts';

/**
 * The chain journal keeps only its last few blocks of pages: a follower whose cursor fell behind
 * the journal's start, and one that starts from nothing, read the dropped blocks from the chain
 * node and the rest from the journal, and end with every parcel.
 */

if (!hasRedis) console.warn(`chain-journal-trim.test.ts ${NO_REDIS}`);

const log = pino({ level: 'silent' });
/** Blocks of pages the holder's journal keeps: a handful, so a few claims outrun a stopped follower. */
const KEEP_BLOCKS = 3;

let chain: TestChain;
let redis: TestRedis;
let presence: LeasePresence;
const indexers: ChainIndexer[] = [];
const leases: RedisLease[] = [];
const journals: ChainJournal[] = [];

/** An indexer of the cluster reading through its own journal; it holds the indexer's lease when `lease` is started. */
async function clusterIndexer(lease: RedisLease, metrics = createMetrics()): Promise<ChainIndexer> {
  const journal = new ChainJournal({
    presence,
    lease,
    deployment: chain.deployment,
    log,
    keepBlocks: KEEP_BLOCKS,
  });
  await journal.start();
  journals.push(journal);
  const indexer = new ChainIndexer({
    rpcUrl: chain.rpcUrl,
    deployment: chain.deployment,
    log,
    metrics,
    pollMs: 20,
    source: journal,
  });
  indexers.push(indexer);
  return indexer;
}

const ids = (indexer: ChainIndexer) =>
  indexer
    .parcels()
    .map((parcel) => parcel.id)
    .sort((a, b) => a - b);

async function journalStart(): Promise<number> {
  const { chainId, addresses } = chain.deployment;
  const tip = `fracterra:chain:${chainId}:${addresses.LandRegistry.toLowerCase()}:tip`;
  return Number(await presence.hget(tip, 'start'));
}

describe.skipIf(!hasRedis)('a trimmed chain journal', () => {
  beforeAll(async () => {
    chain = await startTestChain();
    redis = await startTestRedis();
    presence = new LeasePresence(redis.url);
  }, 120_000);

  afterAll(async () => {
    for (const indexer of indexers) await indexer.stop();
    for (const lease of leases) await lease.stop();
    for (const journal of journals) await journal.stop();
    presence?.shutdown();
    await redis?.stop();
    await chain?.stop();
  });

  it('brings a follower whose cursor is before the journal start, and a new one, to every parcel', async () => {
    const holderLease = new RedisLease(presence, INDEXER_LEASE, log);
    leases.push(holderLease);
    holderLease.start();
    await until(() => holderLease.held, 'the lease');
    const holder = await clusterIndexer(holderLease);
    // never started: this one follows the journal
    const followerMetrics = createMetrics();
    const follower = await clusterIndexer(new RedisLease(presence, INDEXER_LEASE, log), followerMetrics);
    holder.start();
    follower.start();

    const first = [parcelId(1, 1)];
    await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[0], 1, 1);
    await until(() => ids(follower).length === 1, 'the first parcel on the follower');
    await follower.stop();
    const cursor = follower.status().indexedBlock;

    // while the follower stands still, claims and empty blocks carry the journal's start past its cursor
    const later = [parcelId(2, 2), parcelId(3, 3), parcelId(4, 4)];
    for (const [index, key] of PLAYER_KEYS.slice(0, 3).entries())
      await claimParcel(chain.rpcUrl, chain.deployment, key, index + 2, index + 2);
    await rpcCall(chain.rpcUrl, 'anvil_mine', ['0x5']);
    const head = Number(await rpcCall<string>(chain.rpcUrl, 'eth_blockNumber', []));
    await until(() => holder.status().indexedBlock === head, 'the holder at the head');
    expect(await journalStart()).toBeGreaterThan(cursor + 1);

    const every = [...first, ...later].sort((a, b) => a - b);
    const readsBefore = (await followerMetrics.logRequests.get()).values[0]?.value ?? 0;
    follower.start();
    await until(() => ids(follower).length === every.length, 'every parcel on the follower');
    expect(ids(follower)).toEqual(every);
    // the blocks the journal dropped came from the chain node
    expect((await followerMetrics.logRequests.get()).values[0]?.value ?? 0).toBeGreaterThan(readsBefore);

    // a process that joins now starts from the deployment block, long dropped from the journal
    const newcomer = await clusterIndexer(new RedisLease(presence, INDEXER_LEASE, log));
    newcomer.start();
    await until(() => ids(newcomer).length === every.length, 'every parcel on the newcomer');
    expect(ids(newcomer)).toEqual(every);
    expect(ids(holder)).toEqual(every);
  }, 90_000);
});
