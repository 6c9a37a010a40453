import {
  formatEther,
  getAddress,
  type Overrides,
  type Provider,
  type Signer,
  ZeroAddress,
  zeroPadValue,
} from 'ethers';
import {
  fractionalizerAbi,
  landRegistryAbi,
  oreMinerAbi,
  oreTokenAbi,
  parcelStakingAbi,
  shareVaultAbi,
  uniswapV2FactoryAbi,
  uniswapV2PairAbi,
  uniswapV2Router02Abi,
} from '../../../shared/contracts.ts';
import type { Deployment } from '../../../shared/deployment.ts';
import { PAIR_ACCUMULATOR_GAS } from '../../../shared/gas.ts';
import { type TypedContract, typedContract, type WriteMethod } from '../../../shared/typed-contract.ts';
import { createFootprintScanner, type FootprintScanner } from './holder-logs.ts';
import { holdsAnything } from './holds-anything.ts';
import { describeChainError } from './revert-reasons.ts';
import { floorBySlippage, poolPriceWei, quoteSwap, type RemovalQuote, type SwapQuote } from './swap-quote.ts';

/** Where a transaction is: simulated and being sent, sent and waiting for a block, or mined. */
export type TxPhase = { phase: 'sending'; step: string } | { phase: 'pending'; step: string; txHash: string };

export type TxResult<T = void> =
  | { ok: true; txHash: string; value: T }
  /** Nothing of the failed transaction was spent: it was simulated before sending. */
  | { ok: false; message: string };

/** Called as each transaction of an action moves on (an approval comes before the action itself). */
export type OnPhase = (phase: TxPhase) => void;

export interface FractionalizeTerms {
  /** Share units (18 decimals). */
  supply: bigint;
  /** The curator's reserve vote for the whole parcel, wei. */
  reservePrice: bigint;
  /** Wei per whole share of the primary offering. */
  offerPrice: bigint;
  /** Share units kept in the vault for the offering. */
  offerAmount: bigint;
}

/** 1,000 shares, 40 % offered at the parcel price per 1,000 shares, reserve 2× the parcel price. */
export function defaultTerms(parcelPriceWei: bigint): FractionalizeTerms {
  const supply = 1000n * 10n ** 18n;
  return {
    supply,
    reservePrice: parcelPriceWei * 2n,
    offerPrice: parcelPriceWei / 1000n,
    offerAmount: (supply * 40n) / 100n,
  };
}

/** 'buy': ETH in, shares out; 'sell': shares in, ETH out. */
export type SwapSide = 'buy' | 'sell';

/** One parcel's vault as one holder sees it, read from the chain. */
export interface VaultPosition {
  vault: string;
  parcelId: number;
  /** ShareVault.State: 0 open, 1 auction, 2 bought out, 3 redeemed. */
  state: number;
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

/** The ERC-20s a player approves the router or staking to take: a vault's shares, a pool's tokens. */
type Erc20 = TypedContract<typeof shareVaultAbi> | TypedContract<typeof uniswapV2PairAbi>;

/** An address as a 32-byte log topic (lower case, as nodes return topics). */
const topicOf = (address: string) => zeroPadValue(getAddress(address), 32).toLowerCase();

const DEADLINE_SECONDS = 20 * 60;
/**
 * Gas limit as a percent of the estimate. The estimate is exact for the state it ran on, but a
 * staking pool's stream releases rewards (one more slot written) only once time has passed, which a
 * stake, claim or mining solution estimated in the same second does not pay for. Calls through the
 * Uniswap router carry PAIR_ACCUMULATOR_GAS on top (the flaky pool swap).
 */
export const GAS_HEADROOM_PERCENT = 130n;
/**
 * Calls are simulated on the pending block, whose timestamp is the node's clock: the latest block
 * of an idle local chain can be minutes old, and on it an auction the countdown shows as ended
 * still runs (anvil mines a block per transaction, not per second, and the transaction itself is
 * mined at the clock's time). eth_estimateGas already defaults to pending.
 */
const SIMULATE_ON = { blockTag: 'pending' } as const;
/**
 * Seconds the node's clock may trail this machine's. anvil's clock is the system clock plus an
 * offset fixed at its start in whole seconds, so it can run up to a second behind (seen: an
 * auction the countdown showed as ended was refused as still running); an action timed by the
 * countdown waits that long for the chain rather than fail.
 */
const CHAIN_CLOCK_LAG_S = 2;

/**
 * Every player action as one function over ethers v6 contracts. Each simulates the call first (a
 * revert costs nothing and reports the contract's reason in words), sends it, reports
 * 'sending' → 'pending', and resolves once mined. Token approvals are sent first when needed.
 */
export function createChainActions(signer: Signer, deployment: Deployment) {
  const { addresses } = deployment;
  const provider = signer.provider as Provider;
  if (!provider) throw new Error('the wallet has no chain connection');
  const fractionalizer = typedContract(addresses.Fractionalizer, fractionalizerAbi, signer);
  const staking = typedContract(addresses.ParcelStaking, parcelStakingAbi, signer);
  const stakingReads = typedContract(addresses.ParcelStaking, parcelStakingAbi, provider);
  const oreMiner = typedContract(addresses.OreMiner, oreMinerAbi, signer);
  const ore = typedContract(addresses.OreToken, oreTokenAbi, signer);
  const router = typedContract(addresses.UniswapV2Router02, uniswapV2Router02Abi, signer);
  const factory = typedContract(addresses.UniswapV2Factory, uniswapV2FactoryAbi, provider);
  const vaultOf = (vault: string) => typedContract(vault, shareVaultAbi, signer);

  /**
   * Simulates `write(...args)`, sends it and waits; errors propagate to `run`. `overrides` carries
   * the ETH of a payable write (the type refuses it for a nonpayable one); `pairGas` is added to
   * the gas limit of calls through the Uniswap router (PAIR_ACCUMULATOR_GAS).
   */
  async function send<In extends readonly unknown[], Out, O extends Overrides>(
    step: string,
    write: WriteMethod<In, Out, O>,
    args: NoInfer<In>,
    onPhase: OnPhase | undefined,
    // every field of ethers' overrides is optional: none at all fits any write
    overrides: O = {} as O,
    pairGas = 0n,
  ) {
    const result = await write.staticCall(...args, { ...overrides, ...SIMULATE_ON });
    const estimate = await write.estimateGas(...args, overrides);
    onPhase?.({ phase: 'sending', step });
    const tx = await write(...args, {
      ...overrides,
      gasLimit: (estimate * GAS_HEADROOM_PERCENT) / 100n + pairGas,
    });
    onPhase?.({ phase: 'pending', step, txHash: tx.hash });
    const receipt = await tx.wait();
    if (receipt?.status !== 1) throw new Error('the transaction was dropped');
    return { txHash: receipt.hash, result };
  }

  /** Approves `spender` for `amount` of `token` unless the allowance already covers it. */
  async function allow(token: Erc20, spender: string, amount: bigint, onPhase?: OnPhase) {
    const owner = await signer.getAddress();
    const allowance = await token.allowance(owner, spender);
    if (allowance < amount) await send('approve', token.approve, [spender, amount], onPhase);
  }

  async function run<T>(
    action: string,
    body: () => Promise<{ txHash: string; value: T }>,
  ): Promise<TxResult<T>> {
    try {
      return { ok: true, ...(await body()) };
    } catch (error) {
      return { ok: false, message: describeChainError(error, action) };
    }
  }

  /**
   * Waits until the node's clock reaches `seconds` (unix) when it is at most CHAIN_CLOCK_LAG_S
   * behind; further off, the call's own simulation says why it cannot run yet.
   */
  async function chainTimeReaches(seconds: number): Promise<void> {
    for (;;) {
      const behind = seconds - ((await provider.getBlock(SIMULATE_ON.blockTag))?.timestamp ?? seconds);
      if (behind <= 0 || behind > CHAIN_CLOCK_LAG_S) return;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** The router's deadline, from the pending block's time (an idle chain's latest is stale). */
  async function deadline(): Promise<bigint> {
    const block = await provider.getBlock(SIMULATE_ON.blockTag);
    return BigInt((block?.timestamp ?? Math.floor(Date.now() / 1000)) + DEADLINE_SECONDS);
  }

  async function pairOf(vault: string): Promise<string> {
    return factory.getPair(vault, addresses.WETH9);
  }

  /**
   * `vault`'s pool: reserves as (shares, wei), pool tokens in all and `holder`'s (0 without a
   * holder); zeros when there is no pool.
   */
  async function poolOf(vault: string, holder?: string) {
    const pair = await pairOf(vault);
    if (pair === ZeroAddress) return { pair, shares: 0n, wei: 0n, lp: 0n, lpSupply: 0n };
    const contract = typedContract(pair, uniswapV2PairAbi, provider);
    const [[r0, r1], token0, lpSupply, lp] = await Promise.all([
      contract.getReserves(),
      contract.token0(),
      contract.totalSupply(),
      holder ? contract.balanceOf(holder) : 0n,
    ]);
    const sharesFirst = token0.toLowerCase() === vault.toLowerCase();
    return { pair, shares: sharesFirst ? r0 : r1, wei: sharesFirst ? r1 : r0, lp, lpSupply };
  }

  /** `vault`'s staking pool stream. */
  async function streamOf(vault: string): Promise<RewardStream> {
    const [[totalStaked, , periodFinish], rate, left] = await Promise.all([
      stakingReads.pools(vault),
      stakingReads.rewardRate(vault),
      stakingReads.rewardsLeft(vault),
    ]);
    return { totalStaked, rate, left, finish: Number(periodFinish) };
  }

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
  const stakingAddress = getAddress(addresses.ParcelStaking);

  const actions = {
    /** Moves the parcel into a new share vault (approving the fractionalizer first); value = vault address. */
    fractionalize: (parcelId: number, terms: FractionalizeTerms, onPhase?: OnPhase) =>
      run('Fractionalizing', async () => {
        const land = typedContract(addresses.LandRegistry, landRegistryAbi, signer);
        const id = BigInt(parcelId);
        const approved = await land.getApproved(id);
        if (approved.toLowerCase() !== addresses.Fractionalizer.toLowerCase()) {
          await send('approve', land.approve, [addresses.Fractionalizer, id], onPhase);
        }
        const { txHash, result } = await send(
          'fractionalize',
          fractionalizer.fractionalize,
          [id, terms.supply, terms.reservePrice, terms.offerPrice, terms.offerAmount],
          onPhase,
        );
        return { txHash, value: result };
      }),

    /** Buys `amount` offered share units, paying `offerCost(amount)` (or `pay` wei when given). */
    buyShares: (vault: string, amount: bigint, onPhase?: OnPhase, pay?: bigint) =>
      run('Buying shares', async () => {
        const contract = vaultOf(vault);
        const cost = pay ?? (await contract.offerCost(amount));
        const { txHash } = await send('buy shares', contract.buyShares, [amount], onPhase, { value: cost });
        return { txHash, value: undefined };
      }),

    stake: (vault: string, amount: bigint, onPhase?: OnPhase) =>
      run('Staking', async () => {
        await allow(vaultOf(vault), addresses.ParcelStaking, amount, onPhase);
        const { txHash } = await send('stake', staking.stake, [vault, amount], onPhase);
        return { txHash, value: undefined };
      }),

    withdraw: (vault: string, amount: bigint, onPhase?: OnPhase) =>
      run('Unstaking', async () => ({
        ...(await send('withdraw', staking.withdraw, [vault, amount], onPhase)),
        value: undefined,
      })),

    claimRewards: (vault: string, onPhase?: OnPhase) =>
      run('Claiming rewards', async () => ({
        ...(await send('claim rewards', staking.claim, [vault], onPhase)),
        value: undefined,
      })),

    /** Votes `price` wei for the whole parcel (0 withdraws the vote). */
    voteReserve: (vault: string, price: bigint, onPhase?: OnPhase) =>
      run('Voting a reserve price', async () => ({
        ...(await send('vote', vaultOf(vault).updateUserPrice, [price], onPhase)),
        value: undefined,
      })),

    startBuyout: (vault: string, bidWei: bigint, onPhase?: OnPhase) =>
      run('Starting the buyout', async () => ({
        ...(await send('start buyout', vaultOf(vault).start, [], onPhase, { value: bidWei })),
        value: undefined,
      })),

    bid: (vault: string, bidWei: bigint, onPhase?: OnPhase) =>
      run('Bidding', async () => ({
        ...(await send('bid', vaultOf(vault).bid, [], onPhase, { value: bidWei })),
        value: undefined,
      })),

    endBuyout: (vault: string, onPhase?: OnPhase) =>
      run('Ending the auction', async () => {
        const contract = vaultOf(vault);
        await chainTimeReaches(Number(await contract.auctionEnd()));
        return { ...(await send('end auction', contract.end, [], onPhase)), value: undefined };
      }),

    /** Burns all the holder's shares for their part of the winning bid. */
    cash: (vault: string, onPhase?: OnPhase) =>
      run('Cashing out', async () => ({
        ...(await send('cash out', vaultOf(vault).cash, [], onPhase)),
        value: undefined,
      })),

    /** Takes what the vault owes this wallet (refunds of outbid bids, offering proceeds). */
    withdrawPayments: (vault: string, onPhase?: OnPhase) =>
      run('Withdrawing payments', async () => ({
        ...(await send(
          'withdraw payments',
          vaultOf(vault).withdrawPayments,
          [await signer.getAddress()],
          onPhase,
        )),
        value: undefined,
      })),

    redeem: (vault: string, onPhase?: OnPhase) =>
      run('Redeeming the parcel', async () => ({
        ...(await send('redeem', vaultOf(vault).redeem, [], onPhase)),
        value: undefined,
      })),

    /** Burns ORE to raise the parcel's rig one level; value = the new level. */
    buildRig: (parcelId: number, onPhase?: OnPhase) =>
      run('Building a rig', async () => {
        const { txHash, result } = await send('build rig', oreMiner.buildRig, [BigInt(parcelId)], onPhase);
        return { txHash, value: Number(result) };
      }),

    /**
     * Adds `shares` and `wei` to the vault's shares/WETH pool, creating it when there is none;
     * into an existing pool each side may fall short by `slippageBps`.
     */
    addLiquidity: (vault: string, shares: bigint, wei: bigint, slippageBps: number, onPhase?: OnPhase) =>
      run('Adding to the pool', async () => {
        const [minShares, minWei] = [floorBySlippage(shares, slippageBps), floorBySlippage(wei, slippageBps)];
        await allow(vaultOf(vault), addresses.UniswapV2Router02, shares, onPhase);
        const { txHash } = await send(
          'add liquidity',
          router.addLiquidityETH,
          [vault, shares, minShares, minWei, await signer.getAddress(), await deadline()],
          onPhase,
          { value: wei },
          PAIR_ACCUMULATOR_GAS,
        );
        return { txHash, value: undefined };
      }),

    /** A quote for swapping `amountIn` (wei when buying, share units when selling) at the pool's reserves. */
    async quote(vault: string, side: SwapSide, amountIn: bigint, slippageBps: number): Promise<SwapQuote> {
      const pool = await poolOf(vault);
      return side === 'buy'
        ? quoteSwap(amountIn, pool.wei, pool.shares, slippageBps)
        : quoteSwap(amountIn, pool.shares, pool.wei, slippageBps);
    },

    /** Swaps at most the quote's slippage away from it: the router reverts below `quote.minOut`. */
    swap: (vault: string, side: SwapSide, quote: SwapQuote, onPhase?: OnPhase) =>
      run(side === 'buy' ? 'Buying shares in the pool' : 'Selling shares in the pool', async () => {
        const to = await signer.getAddress();
        if (side === 'buy') {
          const path = [addresses.WETH9, vault];
          const { txHash } = await send(
            'swap',
            router.swapExactETHForTokens,
            [quote.minOut, path, to, await deadline()],
            onPhase,
            { value: quote.amountIn },
            PAIR_ACCUMULATOR_GAS,
          );
          return { txHash, value: undefined };
        }
        await allow(vaultOf(vault), addresses.UniswapV2Router02, quote.amountIn, onPhase);
        const path = [vault, addresses.WETH9];
        const { txHash } = await send(
          'swap',
          router.swapExactTokensForETH,
          [quote.amountIn, quote.minOut, path, to, await deadline()],
          onPhase,
          undefined,
          PAIR_ACCUMULATOR_GAS,
        );
        return { txHash, value: undefined };
      }),

    /**
     * Gives pool tokens back for shares and ETH (approving the router to take the pool tokens
     * first); the router reverts when either falls below the quote's minimum. value = what came out.
     */
    removeLiquidity: (vault: string, quote: RemovalQuote, onPhase?: OnPhase) =>
      run('Removing from the pool', async () => {
        const pair = await pairOf(vault);
        if (pair === ZeroAddress) throw new Error('these shares have no pool');
        const lpToken = typedContract(pair, uniswapV2PairAbi, signer);
        const to = await signer.getAddress();
        // the pair's ERC-20 would revert with a bare 'ds-math-sub-underflow'
        const held = await lpToken.balanceOf(to);
        if (held < quote.liquidity) {
          throw new Error(
            `you have only ${formatEther(held)} pool tokens (${formatEther(quote.liquidity)} asked)`,
          );
        }
        await allow(lpToken, addresses.UniswapV2Router02, quote.liquidity, onPhase);
        const { txHash, result } = await send(
          'remove liquidity',
          router.removeLiquidityETH,
          [vault, quote.liquidity, quote.minShares, quote.minWei, to, await deadline()],
          onPhase,
          undefined,
          PAIR_ACCUMULATOR_GAS,
        );
        const [shares, wei] = result;
        return { txHash, value: { shares, wei } };
      }),

    /** Everything a holder sees of one vault, in one round of reads. */
    async position(vault: string, holder: string): Promise<VaultPosition> {
      const c = vaultOf(vault);
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
      const [livePrice, winner, auctionEnd, refunds, [staked], earned, pool, stream] = await Promise.all([
        c.livePrice(),
        c.winner(),
        c.auctionEnd(),
        c.payments(holder),
        stakingReads.stakes(vault, holder),
        stakingReads.earned(vault, holder),
        poolOf(vault, holder),
        streamOf(vault),
      ]);
      return {
        vault,
        parcelId: Number(parcelId),
        state: Number(state),
        curator,
        totalSupply,
        shares,
        staked,
        earned,
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
        stream,
      };
    },

    /**
     * The holder's portfolio from the chain: the parcels they own, and every vault they ever
     * received shares of or were credited ETH by (found in logs, so vaults the parcel has left
     * are kept) where anything is left for them.
     */
    async holdings(holder: string): Promise<Holdings> {
      const key = holder.toLowerCase();
      const footprint = await footprintOf(holder).scan();
      const land = typedContract(addresses.LandRegistry, landRegistryAbi, provider);
      const candidates = [...footprint.parcels].sort((p, q) => p - q);
      const [owners, positions, ore] = await Promise.all([
        // parcels are never burnt: each candidate has an owner
        Promise.all(candidates.map((id) => land.ownerOf(BigInt(id)))),
        Promise.all([...footprint.vaults.keys()].map((vault) => actions.position(vault, holder))),
        actions.oreBalance(holder),
      ]);
      return {
        parcels: candidates.filter((_, index) => owners[index]?.toLowerCase() === key),
        positions: positions.filter(holdsAnything).sort((p, q) => p.parcelId - q.parcelId),
        ore,
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
      const [ore, land] = [getAddress(addresses.OreToken), getAddress(addresses.LandRegistry)];
      const logs = await provider.getLogs({
        address: [...vaults, ...pairs, stakingAddress, ore, land],
        fromBlock,
        toBlock,
      });
      const vaultTopics = new Set(vaults.map(topicOf));
      const me = topicOf(holder);
      return logs.some((log) => {
        const from = getAddress(log.address);
        if (from === stakingAddress) return vaultTopics.has(log.topics[1] ?? '');
        // ORE is minted on every solution anywhere: only its (and the parcels') transfers from or to the holder
        if (from === ore || from === land) return log.topics[1] === me || log.topics[2] === me;
        return true;
      });
    },

    /** The parcel's latest vault (kept after a buyout or redeem, for cash-out and refunds), or null. */
    async vaultOf(parcelId: number): Promise<string | null> {
      const vault = await fractionalizer.vaultOf(BigInt(parcelId));
      return vault === ZeroAddress ? null : vault;
    },

    /** ORE wei in the wallet. */
    oreBalance: (holder: string) => ore.balanceOf(holder),
  };
  return actions;
}

export type ChainActions = ReturnType<typeof createChainActions>;
