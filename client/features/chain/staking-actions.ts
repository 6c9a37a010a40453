import { ActionLabel } from '../../../shared/action-labels.ts';
import { parcelStakingAbi } from '../../../shared/contracts.ts';
import { typedContract } from '../../../shared/typed-contract.ts';
import type { ChainCore, OnPhase } from './chain-core.ts';

/** A staking pool's reward stream as the chain has it now. */
export interface RewardStream {
  /** Share units staked in the pool by everyone. */
  totalStaked: bigint;
  /** ORE wei per second released to the pool's stakers now (0 while nobody stakes or it ran dry). */
  rate: bigint;
  /** ORE wei still to stream (all of it waits while nobody stakes). */
  left: bigint;
  /** Unix seconds when the stream runs dry at this rate (0: it never started). */
  finish: number;
}

/** Staking a vault's shares in ParcelStaking for the ORE mined on its parcel. */
export function stakingActions({ addresses, signer, send, run, sendOnly, allow, vaultAt }: ChainCore) {
  const staking = typedContract(addresses.ParcelStaking, parcelStakingAbi, signer);
  return {
    stake: (vault: string, amount: bigint, onPhase?: OnPhase) =>
      run(ActionLabel.stake, async () => {
        await allow(vaultAt(vault), addresses.ParcelStaking, amount, 'shares', onPhase);
        const { txHash } = await send('stake', staking.stake, [vault, amount], onPhase);
        return { txHash, value: undefined };
      }),

    withdraw: (vault: string, amount: bigint, onPhase?: OnPhase) =>
      sendOnly(ActionLabel.unstake, 'withdraw', staking.withdraw, [vault, amount], onPhase),

    claimRewards: (vault: string, onPhase?: OnPhase) =>
      sendOnly(ActionLabel.claimRewards, 'claim rewards', staking.claim, [vault], onPhase),
  };
}

/** `holder`'s stake and claimable ORE in `vault`'s pool, and the pool's stream. */
export async function stakeOf(core: ChainCore, vault: string, holder: string) {
  const staking = typedContract(core.addresses.ParcelStaking, parcelStakingAbi, core.provider);
  const [[staked], earned, [totalStaked, , periodFinish], rate, left] = await Promise.all([
    staking.stakes(vault, holder),
    staking.earned(vault, holder),
    staking.pools(vault),
    staking.rewardRate(vault),
    staking.rewardsLeft(vault),
  ]);
  const stream: RewardStream = { totalStaked, rate, left, finish: Number(periodFinish) };
  return { staked, earned, stream };
}
