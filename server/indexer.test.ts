import { Wallet } from 'ethers';
import pino from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureDeployed } from '../scripts/deploy.ts';
import { LOCAL_DEPLOYER_KEY } from '../shared/defaults.ts';
import { ParcelStatus, parcelId } from '../shared/world.ts';
import { ChainIndexer, type IndexerEvent } from './indexer.ts';
import { claimParcel, PLAYER_KEYS, startTestChain, type TestChain } from './test-chain.ts';

let chain: TestChain;
const log = pino({ level: 'silent' });
const alice = new Wallet(PLAYER_KEYS[0]).address;

beforeAll(async () => {
  chain = await startTestChain();
});

afterAll(async () => {
  await chain?.stop();
});

function until(check: () => boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const tick = () => {
      if (check()) resolve();
      else if (Date.now() > deadline) reject(new Error(`timed out waiting for ${what}`));
      else setTimeout(tick, 20);
    };
    tick();
  });
}

it('rebuilds from the deployment block in pages, applies each event once, and follows the chain through a restart', async () => {
  const claims: [number, number][] = [
    [0, 0],
    [5, -7],
    [-150, 150],
  ];
  for (const [x, y] of claims) await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[0], x, y);

  // One block per page: the replay spans several pages.
  const indexer = new ChainIndexer({
    rpcUrl: chain.rpcUrl,
    deployment: chain.deployment,
    log,
    pageSize: 1,
    pollMs: 20,
  });
  const events: IndexerEvent[] = [];
  indexer.subscribe((event) => events.push(event));
  indexer.start();
  try {
    await indexer.caughtUp();
    const ids = claims.map(([x, y]) => parcelId(x, y));
    expect(
      indexer
        .parcels()
        .map((p) => p.id)
        .sort(),
    ).toEqual([...ids].sort());
    expect(indexer.parcels().every((p) => p.owner === alice && p.status === ParcelStatus.Owned)).toBe(true);
    const replayFeed = events.filter((e) => e.kind === 'feed');
    expect(replayFeed.every((e) => e.kind === 'feed' && !e.live)).toBe(true);

    // Live: a new claim arrives once, however many polls pass.
    const receipt = await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[1], 9, 9);
    await until(() => indexer.status().indexedBlock >= receipt.blockNumber, 'the claim block');
    await new Promise((resolve) => setTimeout(resolve, 300)); // many more polls
    const parcelEvents = events.filter((e) => e.kind === 'parcel');
    expect(parcelEvents.map((e) => e.kind === 'parcel' && e.id).sort()).toEqual(
      [...ids, parcelId(9, 9)].sort(),
    );
    expect(events.filter((e) => e.kind === 'feed' && e.live)).toHaveLength(1);
    expect(indexer.status()).toMatchObject({ chainReachable: true, lagBlocks: 0 });

    // The chain goes away: the indexer notices and keeps its state.
    await chain.kill();
    await until(() => !indexer.status().chainReachable, 'the indexer to notice the chain is gone');
    expect(indexer.parcels()).toHaveLength(4);

    // It comes back empty (a fresh chain): state is rebuilt from that chain, not kept from memory.
    await chain.restart();
    await until(() => events.some((e) => e.kind === 'reset'), 'a reset after the restart');
    await until(() => indexer.status().chainReachable, 'the chain to be reachable again');
    expect(indexer.parcels()).toEqual([]);
    const redeployed = await ensureDeployed({
      rpcUrl: chain.rpcUrl,
      deployerKey: LOCAL_DEPLOYER_KEY,
      dataDir: chain.dataDir,
    });
    expect(redeployed.addresses.LandRegistry).toBe(chain.deployment.addresses.LandRegistry); // same deployer, same nonces
    await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[2], -3, 4);
    await until(() => indexer.parcels().length === 1, 'the claim on the new chain');
    expect(indexer.parcels()[0]).toMatchObject({
      id: parcelId(-3, 4),
      owner: new Wallet(PLAYER_KEYS[2]).address,
    });
  } finally {
    await indexer.stop();
  }
}, 60_000);
