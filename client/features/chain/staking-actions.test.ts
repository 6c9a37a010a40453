import { JsonRpcProvider, Wallet } from 'ethers';
import { describe, expect, it } from 'vitest';
import { LOCAL_DEPLOY_PARAMS } from '../../../scripts/deploy.ts';
import { parcelStakingAbi, shareVaultAbi } from '../../../shared/contracts.ts';
import { typedContract } from '../../../shared/typed-contract.ts';
import { ONE_ORE, ONE_SHARE } from '../../../shared/units.ts';
import { parcelId } from '../../../shared/world.ts';
import {
  EASY_MINING,
  fractionalized,
  mineOn,
  must,
  refusal,
  useChainWorld,
} from '../../../testing/chain-world.ts';
import { PLAYER_KEYS } from '../../../testing/keys.ts';

describe('staking actions on a real chain', () => {
  const id = parcelId(70, -20);
  // A's vault of parcel 70,-20; B bought 100 of its offered shares
  let vault = '';
  const world = useChainWorld(EASY_MINING, async (w) => {
    vault = await fractionalized(w, [70, -20]);
    must(await w.b.actions.buyShares(vault, 100n * ONE_SHARE));
  });

  it('stakes, earns from mining on the parcel, claims ORE and unstakes', async () => {
    const { a, b, provider, chain } = world;
    expect(refusal(await b.actions.claimRewards(vault))).toMatch(/nothing/i);
    must(await b.actions.stake(vault, 100n * ONE_SHARE));
    expect((await b.actions.position(vault, b.address)).staked).toBe(100n * ONE_SHARE);

    expect((await mineOn(world, id, a.wallet)).kind).toBe('mined');
    // the parcel half of the reward (level 1: 10 ORE → 5 ORE) streams to the only staker over the
    // reward period: the position shows the pool's rate, and after the period all of it is earned
    const streaming = (await b.actions.position(vault, b.address)).stream;
    expect(streaming.totalStaked).toBe(100n * ONE_SHARE);
    expect(streaming.rate).toBeGreaterThan(0n);
    expect(streaming.rate * BigInt(LOCAL_DEPLOY_PARAMS.oreRewardPeriodSec)).toBeLessThanOrEqual(5n * ONE_ORE);
    await provider.send('evm_increaseTime', [LOCAL_DEPLOY_PARAMS.oreRewardPeriodSec]);
    await provider.send('evm_mine', []);
    const earned = (await b.actions.position(vault, b.address)).earned;
    expect(earned).toBe(5n * ONE_ORE);
    must(await b.actions.claimRewards(vault));
    expect(await b.actions.oreBalance(b.address)).toBe(earned);

    expect(refusal(await b.actions.withdraw(vault, 101n * ONE_SHARE))).toBe(
      'You have only 100 shares staked (101 shares asked).',
    );
    must(await b.actions.withdraw(vault, 100n * ONE_SHARE));
    expect(await typedContract(vault, shareVaultAbi, provider).balanceOf(b.address)).toBe(100n * ONE_SHARE);
    const staking = typedContract(chain.deployment.addresses.ParcelStaking, parcelStakingAbi, provider);
    const [stillStaked] = await staking.stakes(vault, b.address);
    expect(stillStaked).toBe(0n);
  });

  it('refuses to stake more shares than the wallet holds before it pays for an approval', async () => {
    const { b, provider } = world;
    const sent = await provider.getTransactionCount(b.address);
    expect(refusal(await b.actions.stake(vault, 101n * ONE_SHARE))).toBe(
      'Staking failed: you have only 100 shares (101 asked)',
    );
    expect(await provider.getTransactionCount(b.address)).toBe(sent);
    expect((await b.actions.position(vault, b.address)).staked).toBe(0n);
  });

  it('says the chain is away, sending nothing, when the RPC endpoint does not answer', async () => {
    const dead = new JsonRpcProvider('http://127.0.0.1:9', world.chain.deployment.chainId, {
      staticNetwork: true,
    });
    const offline = world.actionsOf(new Wallet(PLAYER_KEYS[1], dead));
    const result = await offline.stake(vault, ONE_SHARE);
    dead.destroy();
    expect(refusal(result)).toMatch(/^Staking failed: the chain does not answer/);
  });
});
