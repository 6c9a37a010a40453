import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  type ContractTransactionResponse,
  id,
  JsonRpcProvider,
  MaxUint256,
  NonceManager,
  type TransactionReceipt,
  toBeHex,
  Wallet,
} from 'ethers';
import { startLocalChain } from '../scripts/chain.ts';
import { ensureDeployed } from '../scripts/deploy.ts';
import { mined, seedPool } from '../scripts/pools.ts';
import {
  fractionalizerAbi,
  landRegistryAbi,
  oreMinerAbi,
  parcelStakingAbi,
  shareVaultAbi,
  uniswapV2Router02Abi,
} from '../shared/contracts.ts';
import { LOCAL_DEPLOYER_KEY } from '../shared/defaults.ts';
import { meetsTarget, powDigest } from '../shared/pow.ts';
import { typedContract } from '../shared/typed-contract.ts';
import { ONE_ETH as ETH, ONE_SHARE as SHARE } from '../shared/units.ts';
import { claimPriceWei, parcelId } from '../shared/world.ts';

/** Players of the run: deterministic throwaway keys, funded with anvil_setBalance. */
const PLAYERS = ['alice', 'bob', 'carol', 'dave'] as const;

const AUCTION_SEC = 600;
/** Every bid of the bench lands within the extension, so `bid` includes the extended end's write. */
const AUCTION_EXTENSION_SEC = AUCTION_SEC;
const STYLE_VOTE_SEC = 600;

/**
 * Gas used by each player action (DESIGN.md §8 `gas.json`), from real transactions on a fresh anvil
 * chain with the real deployment. Each figure is one representative transaction: a holder who
 * already holds some shares, a pool that already has stakers, a parcel that was mined before.
 */
export async function benchGas(): Promise<Record<string, number>> {
  const chain = await startLocalChain({ port: 0 });
  const dataDir = await mkdtemp(join(tmpdir(), 'fracterra-gas-'));
  const provider = new JsonRpcProvider(chain.rpcUrl, undefined, { cacheTimeout: -1 });
  try {
    // The easiest target (a solution every ~4 nonces) keeps the search trivial; one cheap rig level.
    const deployment = await ensureDeployed({
      rpcUrl: chain.rpcUrl,
      deployerKey: LOCAL_DEPLOYER_KEY,
      dataDir,
      params: {
        oreInitialTarget: MaxUint256 / 4n,
        oreRetargetPeriodSec: 365 * 24 * 60 * 60,
        rigBaseCost: ETH,
        auctionLengthSec: AUCTION_SEC,
        auctionExtensionSec: AUCTION_EXTENSION_SEC,
        styleVoteSec: STYLE_VOTE_SEC,
      },
    });
    const wallets = PLAYERS.map((name) => new Wallet(id(`fracterra-gas-${name}`), provider));
    for (const wallet of wallets)
      await provider.send('anvil_setBalance', [wallet.address, toBeHex(1000n * ETH)]);
    const [alice, bob, carol, dave] = wallets.map((wallet) => new NonceManager(wallet));
    if (!alice || !bob || !carol || !dave) throw new Error('four players expected');
    const gas: Record<string, number> = {};
    const record = async (
      key: string,
      pending: Promise<ContractTransactionResponse>,
    ): Promise<TransactionReceipt> => {
      const receipt = await mined(pending);
      gas[key] = Number(receipt.gasUsed);
      return receipt;
    };
    const { addresses } = deployment;
    const land = typedContract(addresses.LandRegistry, landRegistryAbi, alice);
    const fractionalizer = typedContract(addresses.Fractionalizer, fractionalizerAbi, alice);

    // Claim and fractionalize: 1000 shares, 400 offered at 0.001 ETH each, reserve vote 1 ETH.
    const x = 60;
    const y = -60;
    const parcel = BigInt(parcelId(x, y));
    await record('claim', land.claim(BigInt(x), BigInt(y), { value: claimPriceWei(x, y) }));
    await mined(land.approve(addresses.Fractionalizer, parcel));
    await record(
      'fractionalize',
      fractionalizer.fractionalize(parcel, 1000n * SHARE, ETH, ETH / 1000n, 400n * SHARE),
    );
    const vault = await fractionalizer.vaultOf(parcel);
    const vaultAs = (signer: NonceManager) => typedContract(vault, shareVaultAbi, signer);

    await mined(vaultAs(bob).buyShares(10n * SHARE, { value: ETH / 100n }));
    await record('buyShares', vaultAs(bob).buyShares(100n * SHARE, { value: ETH / 10n }));
    // A voter sends shares to a holder who does not vote: the reserve bookkeeping moves weight.
    await record('transferShares', vaultAs(alice).transfer(await bob.getAddress(), 50n * SHARE));

    // The first deposit also deploys the pair (~2.7M gas) and the second starts its price
    // accumulators; the figures are for a pool in steady state. A pool writes its accumulators once
    // per block time, so each measured call comes a minute after the last.
    const nextMinute = async () => provider.send('evm_increaseTime', [60]);
    await seedPool(alice, deployment, vault, 100n * SHARE, ETH / 10n);
    await nextMinute();
    await seedPool(alice, deployment, vault, 10n * SHARE, ETH / 100n);
    await nextMinute();
    const { receipt: liquidity } = await seedPool(alice, deployment, vault, 10n * SHARE, ETH / 100n);
    await nextMinute();
    gas.addLiquidity = Number(liquidity.gasUsed);
    await record(
      'swap',
      typedContract(addresses.UniswapV2Router02, uniswapV2Router02Abi, carol).swapExactETHForTokens(
        0n,
        [addresses.WETH9, vault],
        await carol.getAddress(),
        MaxUint256,
        { value: ETH / 100n },
      ),
    );

    const staking = (signer: NonceManager) =>
      typedContract(addresses.ParcelStaking, parcelStakingAbi, signer);
    // Estimated before a time jump, a stake, mine or claim would not pay for the stream's release.
    const roomy = { gasLimit: 1_000_000 };
    await mined(vaultAs(bob).approve(addresses.ParcelStaking, MaxUint256));
    await mined(vaultAs(carol).approve(addresses.ParcelStaking, MaxUint256));
    const miner = typedContract(addresses.OreMiner, oreMinerAbi, dave);
    const solve = async () => {
      const challenge = await miner.challenge(parcel);
      const target = await miner.getMiningTarget();
      const who = await dave.getAddress();
      for (let nonce = 0n; ; nonce++) if (meetsTarget(powDigest(challenge, who, nonce), target)) return nonce;
    };
    // A reward waits in the empty pool; carol's first stake starts streaming it (the costliest stake).
    await mined(miner.mine(parcel, await solve(), roomy));
    await record('stakeFirst', staking(carol).stake(vault, SHARE, roomy));
    // The pool's first release of its stream (its accumulator's first write) comes with this reward.
    await nextMinute();
    await mined(miner.mine(parcel, await solve(), roomy));
    await nextMinute();
    // A pool that has a staker and a running stream; bob is a new staker in it.
    await record('stake', staking(bob).stake(vault, 50n * SHARE, roomy));
    // The first reward over bob's stake starts the pool's carried remainder; the figure is the next one.
    await mined(miner.mine(parcel, await solve(), roomy));
    await nextMinute();
    await record('mine', miner.mine(parcel, await solve(), roomy));
    await nextMinute();
    await record('claimRewards', staking(bob).claim(vault, roomy));
    await record('buildRig', miner.buildRig(parcel));

    // Style vote: bob proposes (voting for), alice votes for; a share moved while the vote is open
    // moves its weight too; once the vote closed, anyone settles it and the parcel is restyled.
    await record('proposeStyle', vaultAs(bob).proposeStyle(2n, 4n));
    await record('voteStyle', vaultAs(alice).voteStyle(true));
    await record('transferSharesInStyleVote', vaultAs(alice).transfer(await carol.getAddress(), SHARE));
    await provider.send('evm_increaseTime', [STYLE_VOTE_SEC + 1]);
    await record('settleStyle', vaultAs(dave).settleStyle());

    // Buyout: alice's 450 voting shares of 1000 make the quorum; reserve 1 ETH.
    await record('startBuyout', vaultAs(dave).start({ value: ETH }));
    await record('bid', vaultAs(carol).bid({ value: (ETH * 106n) / 100n }));
    // The bid came within the extension of the end, so it extended the auction by as much.
    await provider.send('evm_increaseTime', [AUCTION_SEC + AUCTION_EXTENSION_SEC + 1]);
    await provider.send('evm_mine', []);
    await record('endBuyout', vaultAs(dave).end());
    await record('cash', vaultAs(bob).cash());

    // Redeem: a parcel fractionalized with no offering, so its curator holds every share.
    const x2 = 61;
    await mined(land.claim(BigInt(x2), BigInt(y), { value: claimPriceWei(x2, y) }));
    const id2 = BigInt(parcelId(x2, y));
    // The owner of a whole parcel restyles it directly.
    await record('setStyle', land.setStyle(id2, 3n, 7n));
    await mined(land.approve(addresses.Fractionalizer, id2));
    await mined(fractionalizer.fractionalize(id2, 1000n * SHARE, ETH, 0n, 0n));
    const vault2 = await fractionalizer.vaultOf(id2);
    await record('redeem', typedContract(vault2, shareVaultAbi, alice).redeem());
    return gas;
  } finally {
    provider.destroy();
    await chain.stop();
    await rm(dataDir, { recursive: true, force: true });
  }
}
