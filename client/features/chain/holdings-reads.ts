import { getAddress, ZeroAddress, zeroPadValue } from 'ethers';
import { landRegistryAbi, oreTokenAbi } from '../../../shared/contracts.ts';
import { typedContract } from '../../../shared/typed-contract.ts';
import { type VaultState, vaultStateOf } from '../../../shared/vault-state.ts';
import type { ChainCore } from './chain-core.ts';
import { createFootprintScanner, type FootprintScanner } from './holder-logs.ts';
import { holdsAnything } from './holds-anything.ts';
import { type RewardStream, stakeOf } from './staking-actions.ts';
import { poolPriceWei } from './swap-quote.ts';
import { poolOf } from './trade-actions.ts';

/** One parcel's vault as one holder sees it, read from the chain. */
export interface VaultPosition {
  vault: string;
  parcelId: number;
  state: VaultState;
  curator: string;
  totalSupply: bigint;
  /** The holder's share units in the wallet (not staked). */
  shares: bigint;
  staked: bigint;
  /** ORE wei claimable from the staking pool. */
  earned: bigint;
  /** Share units still offered, and wei per whole share. */
  offered: bigint;
  offerPrice: bigint;
  reservePrice: bigint;
  /** The holder's reserve vote, wei; 0 = none. */
  myVote: bigint;
  /** Weight of the voters now (their shares held plus staked); a start counts it from the next block. */
  votingTokens: bigint;
  /** The lowest and highest reserve vote the vault takes, wei (fixed at fractionalization). */
  voteMin: bigint;
  voteMax: bigint;
  /** All shares at the offering price, wei: no vote and no reserve is lower. */
  valuation: bigint;
  /** A bid this close to the auction's end pushes the end back by as much, seconds. */
  auctionExtension: number;
  livePrice: bigint;
  winner: string;
  /** Unix seconds, 0 before a buyout. */
  auctionEnd: number;
  /** Wei the vault owes the holder (outbid refunds, offering proceeds, excess payments). */
  refunds: bigint;
  /** The shares/WETH pair, ZeroAddress when none; reserves in share units and wei. */
  pair: string;
  poolShares: bigint;
  poolWei: bigint;
  /** Wei per whole share in the pool, 0 without a pool. */
  poolPrice: bigint;
  /** The holder's pool tokens (the pair's LP token units) and all of them; 0 without a pool. */
  lp: bigint;
  lpSupply: bigint;
  /** The staking pool's reward stream (ParcelStaking). */
  stream: RewardStream;
}

/** What the portfolio shows, read from the chain. */
export interface Holdings {
  /** Parcels the holder owns now, by id (ascending). */
  parcels: number[];
  /** Every vault where the holder has shares, a stake, ORE to claim, refunds or pool tokens. */
  positions: VaultPosition[];
  /** ORE wei in the wallet. */
  ore: bigint;
  /** Vaults and parcels the log scan had found: more later means a new vault or parcel. */
  footprint: number;
}

/** An address as a 32-byte log topic (lower case, as nodes return topics). */
const topicOf = (address: string) => zeroPadValue(getAddress(address), 32).toLowerCase();

/** What a holder has on chain, and whether new blocks may have changed it. */
export function holdingsReads(core: ChainCore) {
  const { addresses, deployment, provider, vaultAt } = core;
  const ore = typedContract(addresses.OreToken, oreTokenAbi, provider);
  const land = typedContract(addresses.LandRegistry, landRegistryAbi, provider);
  const stakingAddress = getAddress(addresses.ParcelStaking);

  /** Footprint scanners by holder (lower case): each keeps its scanned blocks between reads. */
  const footprints = new Map<string, FootprintScanner>();
  function footprintOf(holder: string): FootprintScanner {
    const key = holder.toLowerCase();
    let scanner = footprints.get(key);
    if (!scanner) {
      scanner = createFootprintScanner(provider, deployment, holder);
      footprints.set(key, scanner);
    }
    return scanner;
  }

  /** Everything a holder sees of one vault, in one round of reads. */
  async function position(vault: string, holder: string): Promise<VaultPosition> {
    const c = vaultAt(vault);
    const [parcelId, state, curator, totalSupply, shares, offered, offerPrice, reservePrice, myVote] =
      await Promise.all([
        c.parcelId(),
        c.state(),
        c.curator(),
        c.totalSupply(),
        c.balanceOf(holder),
        c.offeredShares(),
        c.offerPrice(),
        c.reservePrice(),
        c.userPrices(holder),
      ]);
    const [votingTokens, [voteMin, voteMax], valuation, auctionExtension] = await Promise.all([
      c.votingTokens(),
      c.voteRange(),
      c.valuation(),
      c.auctionExtension(),
    ]);
    const [livePrice, winner, auctionEnd, refunds, stake, pool] = await Promise.all([
      c.livePrice(),
      c.winner(),
      c.auctionEnd(),
      c.payments(holder),
      stakeOf(core, vault, holder),
      poolOf(core, vault, holder),
    ]);
    return {
      vault,
      parcelId: Number(parcelId),
      state: vaultStateOf(state),
      curator,
      totalSupply,
      shares,
      staked: stake.staked,
      earned: stake.earned,
      offered,
      offerPrice,
      reservePrice,
      myVote,
      votingTokens,
      voteMin,
      voteMax,
      valuation,
      auctionExtension: Number(auctionExtension),
      livePrice,
      winner,
      auctionEnd: Number(auctionEnd),
      refunds,
      pair: pool.pair,
      poolShares: pool.shares,
      poolWei: pool.wei,
      poolPrice: poolPriceWei(pool.shares, pool.wei),
      lp: pool.lp,
      lpSupply: pool.lpSupply,
      stream: stake.stream,
    };
  }

  /** ORE wei in the wallet. */
  const oreBalance = (holder: string) => ore.balanceOf(holder);

  return {
    position,
    oreBalance,

    /**
     * The holder's portfolio from the chain: the parcels they own, and every vault they ever
     * received shares of or were credited ETH by (found in logs, so vaults the parcel has left
     * are kept) where anything is left for them.
     */
    async holdings(holder: string): Promise<Holdings> {
      const key = holder.toLowerCase();
      const footprint = await footprintOf(holder).scan();
      const candidates = [...footprint.parcels].sort((p, q) => p - q);
      const [owners, positions, oreWei] = await Promise.all([
        // parcels are never burnt: each candidate has an owner
        Promise.all(candidates.map((id) => land.ownerOf(BigInt(id)))),
        Promise.all([...footprint.vaults.keys()].map((vault) => position(vault, holder))),
        oreBalance(holder),
      ]);
      return {
        parcels: candidates.filter((_, index) => owners[index]?.toLowerCase() === key),
        positions: positions.filter(holdsAnything).sort((p, q) => p.parcelId - q.parcelId),
        ore: oreWei,
        footprint: footprint.vaults.size + footprint.parcels.size,
      };
    },

    /**
     * Whether a log in blocks [fromBlock, toBlock] may change `position`: any of its vault or its
     * pool, or ParcelStaking's for its vault (all of those name the vault as topic 1). One log
     * query instead of a full read, for every block the room reports.
     */
    async positionChanged(position: VaultPosition, fromBlock: number, toBlock: number): Promise<boolean> {
      const address = [position.vault, stakingAddress];
      if (position.pair !== ZeroAddress) address.push(position.pair);
      const logs = await provider.getLogs({ address, fromBlock, toBlock });
      const vault = topicOf(position.vault);
      return logs.some((log) => getAddress(log.address) !== stakingAddress || log.topics[1] === vault);
    },

    /**
     * Whether blocks [fromBlock, toBlock] may change `held`: a vault or parcel new to the holder,
     * any log of their vaults or pools, ParcelStaking's for their vaults, ORE or parcels moving
     * from or to them.
     */
    async holdingsChanged(
      holder: string,
      held: Holdings,
      fromBlock: number,
      toBlock: number,
    ): Promise<boolean> {
      const footprint = await footprintOf(holder).scan();
      if (footprint.vaults.size + footprint.parcels.size !== held.footprint) return true;
      const vaults = [...footprint.vaults.keys()];
      const pairs = held.positions.map((p) => p.pair).filter((pair) => pair !== ZeroAddress);
      const [oreAddress, landAddress] = [getAddress(addresses.OreToken), getAddress(addresses.LandRegistry)];
      const logs = await provider.getLogs({
        address: [...vaults, ...pairs, stakingAddress, oreAddress, landAddress],
        fromBlock,
        toBlock,
      });
      const vaultTopics = new Set(vaults.map(topicOf));
      const me = topicOf(holder);
      return logs.some((log) => {
        const from = getAddress(log.address);
        if (from === stakingAddress) return vaultTopics.has(log.topics[1] ?? '');
        // ORE is minted on every solution anywhere: only its (and the parcels') transfers from or to the holder
        if (from === oreAddress || from === landAddress) return log.topics[1] === me || log.topics[2] === me;
        return true;
      });
    },
  };
}
