import { once } from 'node:events';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Wallet } from 'ethers';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureDeployed } from '../scripts/deploy.ts';
import { LOCAL_DEPLOYER_KEY } from '../shared/defaults.ts';
import { ParcelStatus, parcelId } from '../shared/world.ts';
import { PLAYER_KEYS } from '../testing/keys.ts';
import { claimParcel, signedClaim, startTestChain, type TestChain } from '../testing/test-chain.ts';
import { until } from '../testing/wait.ts';
import type { ParcelRecord } from './chain-events.ts';
import { ChainIndexer, DEFAULT_POLL_MS, type IndexerEvent } from './indexer.ts';
import { rpcCall } from './rpc.ts';

let chain: TestChain;
const log = pino({ level: 'silent' });
const alice = new Wallet(PLAYER_KEYS[0]).address;

beforeAll(async () => {
  chain = await startTestChain();
});

afterAll(async () => {
  await chain?.stop();
});

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
    await until(() => indexer.status().chainReachable, 'the chain to be reachable again');
    await until(() => indexer.parcels().length === 0, 'the parcels of the old chain to go');
    // the room's mirror lost them too: each went with a null parcel event
    const last = new Map(events.flatMap((e) => (e.kind === 'parcel' ? [[e.id, e.parcel] as const] : [])));
    expect([...last.values()].every((parcel) => parcel === null)).toBe(true);
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

/** A JSON-RPC pass-through to `rpcUrl` that counts the requests by method. */
async function countingProxy(rpcUrl: string) {
  const calls = new Map<string, number>();
  const server = createServer(async (request, response) => {
    let body = '';
    for await (const chunk of request) body += chunk;
    const { method } = JSON.parse(body) as { method: string };
    calls.set(method, (calls.get(method) ?? 0) + 1);
    const answer = await fetch(rpcUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body,
    });
    response.setHeader('content-type', 'application/json');
    response.end(await answer.text());
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

it('with pollMs undefined it polls at the default period, one request per idle poll, not back to back', async () => {
  const proxy = await countingProxy(chain.rpcUrl);
  const indexer = new ChainIndexer({
    rpcUrl: proxy.url,
    deployment: chain.deployment,
    log,
    pollMs: undefined,
  });
  indexer.start();
  try {
    await indexer.caughtUp();
    proxy.calls.clear();
    const started = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 10 * DEFAULT_POLL_MS));
    const periods = (performance.now() - started) / DEFAULT_POLL_MS;
    // an idle poll asks for the latest block and stops there
    expect([...proxy.calls.keys()]).toEqual(['eth_getBlockByNumber']);
    const polls = proxy.calls.get('eth_getBlockByNumber') ?? 0;
    // a slow machine polls less often, never more: at most one poll per period (+1 for the edge)
    expect(polls).toBeGreaterThan(0);
    expect(polls).toBeLessThanOrEqual(Math.ceil(periods) + 1);
  } finally {
    await indexer.stop();
    await proxy.close();
  }
}, 60_000);

describe('reorganisations', () => {
  let reorgChain: TestChain;

  beforeAll(async () => {
    reorgChain = await startTestChain();
  });
  afterAll(async () => {
    await reorgChain?.stop();
  });

  /** What a fresh indexer replays from the chain now. */
  async function freshReplay(): Promise<ParcelRecord[]> {
    const fresh = new ChainIndexer({ rpcUrl: reorgChain.rpcUrl, deployment: reorgChain.deployment, log });
    fresh.start();
    await fresh.caughtUp();
    await fresh.stop();
    return fresh.parcels().sort((p, q) => p.id - q.id);
  }

  it('after anvil_reorg and anvil_rollback the state and its mirror equal a fresh replay, the head never counted before its confirmations', async () => {
    const { rpcUrl, deployment } = reorgChain;
    const indexer = new ChainIndexer({ rpcUrl, deployment, log, pollMs: 20 });
    // the room's view: the last parcel event per id
    const mirror = new Map<number, ParcelRecord>();
    indexer.subscribe((event) => {
      if (event.kind !== 'parcel') return;
      if (event.parcel) mirror.set(event.id, event.parcel);
      else mirror.delete(event.id);
    });
    const mirrored = () => [...mirror.values()].sort((p, q) => p.id - q.id);
    const ids = () =>
      indexer
        .parcels()
        .map((p) => p.id)
        .sort((p, q) => p - q);
    indexer.start();
    try {
      await claimParcel(rpcUrl, deployment, PLAYER_KEYS[0], 30, 30);
      const second = await claimParcel(rpcUrl, deployment, PLAYER_KEYS[1], 31, 31);
      await until(() => indexer.status().indexedBlock >= second.blockNumber, 'both claims');
      expect(ids()).toEqual([parcelId(30, 30), parcelId(31, 31)]);

      // The last block is replaced by one where player 3 claims (32, 32) instead.
      const replacement = await signedClaim(rpcUrl, deployment, PLAYER_KEYS[2], 32, 32);
      await rpcCall(rpcUrl, 'anvil_reorg', [1, [[replacement, 0]]]);
      await until(() => ids().includes(parcelId(32, 32)), 'the claim of the new branch');
      expect(ids()).toEqual([parcelId(30, 30), parcelId(32, 32)]);
      const afterReorg = await freshReplay();
      expect(indexer.parcels().sort((p, q) => p.id - q.id)).toEqual(afterReorg);
      expect(mirrored()).toEqual(afterReorg);

      // The last block rolled back: the first claim survives, the replacement is gone.
      await rpcCall(rpcUrl, 'anvil_rollback', [1]);
      await until(() => !ids().includes(parcelId(32, 32)), 'the rolled-back claim to go');
      const afterRollback = await freshReplay();
      expect(afterRollback.map((p) => p.id)).toEqual([parcelId(30, 30)]);
      expect(indexer.parcels()).toEqual(afterRollback);
      expect(mirrored()).toEqual(afterRollback);
    } finally {
      await indexer.stop();
    }

    // With 2 confirmations a claim counts only once two blocks sit on top of it.
    const confirmed = new ChainIndexer({ rpcUrl, deployment, log, pollMs: 20, confirmations: 2 });
    confirmed.start();
    try {
      await confirmed.caughtUp();
      const claim = await claimParcel(rpcUrl, deployment, PLAYER_KEYS[0], 33, 33);
      await until(
        () => confirmed.status().head >= claim.blockNumber - 2,
        'the indexer to see the claim block',
      );
      expect(confirmed.parcels().map((p) => p.id)).not.toContain(parcelId(33, 33));
      await rpcCall(rpcUrl, 'evm_mine', []);
      await rpcCall(rpcUrl, 'evm_mine', []);
      await until(() => confirmed.parcels().some((p) => p.id === parcelId(33, 33)), 'the confirmed claim');
    } finally {
      await confirmed.stop();
    }
  }, 120_000);
});
