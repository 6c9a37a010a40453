import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonRpcProvider, NonceManager, solidityPackedKeccak256, Wallet } from 'ethers';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type LocalChain, startLocalChain } from '../../../scripts/chain.ts';
import { ensureDeployed } from '../../../scripts/deploy.ts';
import { landRegistryAbi, oreMinerAbi, oreTokenAbi } from '../../../shared/contracts.ts';
import { LOCAL_DEPLOYER_KEY } from '../../../shared/defaults.ts';
import type { Deployment } from '../../../shared/deployment.ts';
import { type Hex, powDigest, toHex32 } from '../../../shared/pow.ts';
import { typedContract } from '../../../shared/typed-contract.ts';
import { claimPriceWei, parcelId } from '../../../shared/world.ts';
import { PLAYER_KEYS } from '../../../testing/keys.ts';
import { submitSolution } from './solution.ts';

/** The miner: a player account with test ETH. */
const MINER_KEY = PLAYER_KEYS[0];
/** A chain target of 2^250: one hash in 64 solves, so the shared reference finds nonces at once. */
const EASY_TARGET = 2n ** 250n;

function nonceUnder(challenge: Hex, miner: Hex, target: bigint, from = 0n): bigint {
  for (let nonce = from; ; nonce++) if (powDigest(challenge, miner, nonce) <= target) return nonce;
}

describe('submitting a solution to OreMiner on a real chain', () => {
  let chain: LocalChain;
  let dataDir: string;
  let deployment: Deployment;
  let provider: JsonRpcProvider;
  let signer: NonceManager;
  let miner: Hex;
  const parcel = parcelId(60, -60);

  beforeAll(async () => {
    chain = await startLocalChain({ port: 0 });
    dataDir = mkdtempSync(join(tmpdir(), 'fracterra-solution-'));
    deployment = await ensureDeployed({
      rpcUrl: chain.rpcUrl,
      deployerKey: LOCAL_DEPLOYER_KEY,
      dataDir,
      params: { oreInitialTarget: EASY_TARGET },
    });
    provider = new JsonRpcProvider(chain.rpcUrl, deployment.chainId, {
      staticNetwork: true,
      cacheTimeout: -1,
    });
    const wallet = new Wallet(MINER_KEY, provider);
    miner = wallet.address as Hex;
    signer = new NonceManager(wallet);
    const registry = typedContract(deployment.addresses.LandRegistry, landRegistryAbi, signer);
    await (await registry.claim(60n, -60n, { value: claimPriceWei(60, -60) })).wait();
  });
  afterAll(async () => {
    provider?.destroy();
    await chain?.stop();
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('mines a nonce the shared verifier found, credits ORE, and calls a stale repeat beaten without a transaction', async () => {
    const oreMiner = typedContract(deployment.addresses.OreMiner, oreMinerAbi, provider);
    const ore = typedContract(deployment.addresses.OreToken, oreTokenAbi, provider);
    const challenge = await oreMiner.challenge(BigInt(parcel));
    const target = await oreMiner.getMiningTarget();
    const nonce = toHex32(nonceUnder(challenge, miner, target));
    const before = await ore.balanceOf(miner);

    const outcome = await submitSolution(signer, deployment.addresses.OreMiner, parcel, nonce);
    expect(outcome.kind).toBe('mined');
    const after = await ore.balanceOf(miner);
    expect(outcome.kind === 'mined' && outcome.reward).toBe(after - before);
    expect(after).toBeGreaterThan(before);
    // the next challenge mixes the accepted digest (no replay) with the hash of the block before
    // the solution's (unknown before it, so nobody mines ahead)
    const receipt = await provider.getTransactionReceipt(outcome.kind === 'mined' ? outcome.txHash : '');
    const previous = await provider.getBlock((receipt?.blockNumber ?? 0) - 1);
    expect(await oreMiner.challenge(BigInt(parcel))).toBe(
      solidityPackedKeccak256(
        ['bytes32', 'bytes32'],
        [toHex32(powDigest(challenge, miner, BigInt(nonce))), previous?.hash],
      ),
    );

    const sent = await provider.getTransactionCount(miner);
    // the same nonce against the moved challenge almost surely misses: find one that surely does
    let stale = BigInt(nonce);
    const moved = await oreMiner.challenge(BigInt(parcel));
    while (powDigest(moved, miner, stale) <= target) stale++;
    expect(await submitSolution(signer, deployment.addresses.OreMiner, parcel, toHex32(stale))).toEqual({
      kind: 'beaten',
    });
    expect(await provider.getTransactionCount(miner)).toBe(sent);
  });

  it('explains a solution for a parcel nobody owns', async () => {
    const unowned = parcelId(-70, 70);
    const oreMiner = typedContract(deployment.addresses.OreMiner, oreMinerAbi, provider);
    const challenge = await oreMiner.challenge(BigInt(unowned));
    const nonce = toHex32(nonceUnder(challenge, miner, EASY_TARGET));
    const outcome = await submitSolution(signer, deployment.addresses.OreMiner, unowned, nonce);
    expect(outcome).toEqual({ kind: 'failed', message: expect.stringMatching(/Nobody owns this parcel/) });
  });
});
