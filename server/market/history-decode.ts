import type { LogDescription } from 'ethers';
import type { Deployment } from '../../shared/deployment.ts';
import { difficultyOfTarget } from '../../shared/pow.ts';
import type { ChainLog } from '../chain-events.ts';
import { checksum, decodeKnownLog, interfaces, type Source, topicsOf } from '../contract-interfaces.ts';

/**
 * What the market history keeps of a log, as a pure decoder: one row per log that tells the
 * economy's story (buys, swaps, pool reserves, share transfers, stakes, rewards, reserve and style
 * votes, bids, cash-outs, solutions). The history store keeps the rows and derives trades, candles, holdings
 * and hash rate from them.
 */

export type HistoryKind =
  | 'claim'
  | 'fractionalize'
  | 'offering-buy'
  | 'pool-created'
  | 'swap'
  | 'sync'
  | 'transfer'
  | 'stake'
  | 'withdraw'
  | 'reward-added'
  | 'reward-paid'
  | 'vote'
  | 'style-proposed'
  | 'style-vote'
  | 'style-settled'
  | 'buyout-start'
  | 'bid'
  | 'buyout-won'
  | 'cash-out'
  | 'redeem'
  | 'rig'
  | 'solution';

/**
 * One row of history. `amount` and `value` are what the market reads, per kind:
 * - claim: value = price paid (wei)
 * - fractionalize: amount = supply (share units), value = offer price (wei per whole share)
 * - offering-buy, cash-out: amount = shares, value = wei paid / received
 * - swap: amount = shares bought (> 0) or sold (< 0), value = wei paid in or taken out
 * - sync: amount = the pool's share (or ORE) reserve, value = its WETH reserve (wei)
 * - transfer: actor → counterparty, amount shares; stake / withdraw / reward-*: amount
 * - vote: value = the reserve price after the vote (wei); bid / buyout-*: value = the bid (wei)
 * - style-proposed: amount = the style, value = the palette; style-vote: amount = the voter's
 *   weight (share units), value = 1 for, 0 against; style-settled: amount = the weight for, value
 *   = against (args.passed says whether it was applied)
 * - solution: amount = the miner's ORE, value = the work (expected hashes: the target's difficulty)
 * `args` holds every argument of the event as text, for the parcel's story.
 */
export interface HistoryEvent {
  block: number;
  logIndex: number;
  blockHash: string;
  txHash: string;
  /** Unix seconds of the block. */
  at: number;
  kind: HistoryKind;
  /** The parcel, or -1 for the ORE/WETH pool. */
  parcelId: number;
  /** The share vault the event is about ('' for none; the ORE token for its pool). */
  vault: string;
  actor: string;
  counterparty: string;
  amount: bigint;
  value: bigint;
  args: Record<string, string>;
}

/** A Uniswap V2 pair the history follows: a vault's shares (or ORE) against WETH. */
export interface TrackedPair {
  parcelId: number;
  /** The vault whose shares the pair holds, or the ORE token. */
  token: string;
  /** Whether token0 is the shares (else WETH is). */
  tokenFirst: boolean;
}

/** What decoding needs to know of earlier logs: vaults, pairs and the mining target in force. */
export interface HistoryContext {
  vaults: Map<string, number>;
  pairs: Map<string, TrackedPair>;
  /** OreMiner's target now; null until known (the history sink reads it before a first solution). */
  target: bigint | null;
  /**
   * Per followed pair, the last share transfer into it (its transaction and sender): a sale to
   * ETH swaps out to the router, so the seller is whoever sent the shares in, in the same transaction.
   */
  sentIn: Map<string, { txHash: string; from: string }>;
}

export const emptyContext = (): HistoryContext => ({
  vaults: new Map(),
  pairs: new Map(),
  target: null,
  sentIn: new Map(),
});

/** Events the history keeps, per contract. */
const KEPT: Record<Source, string[]> = {
  land: ['ParcelClaimed'],
  fractionalizer: ['ParcelFractionalized'],
  vault: [
    'Transfer',
    'SharesBought',
    'ReserveVoted',
    'StyleProposed',
    'StyleVoted',
    'StyleSettled',
    'BuyoutStarted',
    'BidPlaced',
    'BuyoutWon',
    'SharesCashed',
    'ParcelRedeemed',
  ],
  miner: ['RigBuilt', 'SolutionAccepted', 'TargetRetargeted'],
  staking: ['Staked', 'Withdrawn', 'RewardAdded', 'RewardPaid'],
  factory: ['PairCreated'],
  pair: ['Swap', 'Sync'],
};

/** topic0 of every event the history keeps (the indexer fetches these from any address). */
export const HISTORY_TOPICS: string[] = topicsOf(KEPT);

/** topic0 of SolutionAccepted and TargetRetargeted: the history sink looks for the first of them. */
export const SOLUTION_TOPIC = interfaces.miner.getEvent('SolutionAccepted')?.topicHash ?? '';
export const RETARGET_TOPIC = interfaces.miner.getEvent('TargetRetargeted')?.topicHash ?? '';
const FRACTIONALIZED_TOPIC = interfaces.fractionalizer.getEvent('ParcelFractionalized')?.topicHash ?? '';

/** Every argument by name, as text (bigints in decimal, addresses checksummed). */
function argsOf(event: LogDescription): Record<string, string> {
  const args: Record<string, string> = {};
  event.fragment.inputs.forEach((input, i) => {
    if (input.name) args[input.name] = String(event.args[i]);
  });
  return args;
}

/**
 * Learns the vaults a page creates before its logs are decoded: a vault mints its shares (Transfer
 * logs) in the transaction that creates it, before the ParcelFractionalized log names it.
 */
export function learnVaults(
  context: HistoryContext,
  deployment: Deployment,
  logs: readonly ChainLog[],
): void {
  for (const log of logs) {
    if (log.topics[0] !== FRACTIONALIZED_TOPIC) continue;
    const event = decodeKnownLog(deployment, log, { fractionalizer: ['ParcelFractionalized'] }, new Map());
    if (event) context.vaults.set(checksum(event.args.vault), Number(event.args.parcelId));
  }
}

/**
 * Decodes one log (in chain order) into a history row, updating `context` (vaults, pairs, target).
 * Null for logs the history does not keep (other contracts, other tokens' transfers).
 */
export function decodeHistoryLog(
  context: HistoryContext,
  deployment: Deployment,
  log: ChainLog,
  at: number,
): HistoryEvent | null {
  const event = decodeKnownLog(deployment, log, KEPT, context.vaults, context.pairs);
  if (!event) return null;
  const args = event.args;
  const address = (value: unknown) => checksum(value as string);
  const emitter = checksum(log.address);
  const row = (
    kind: HistoryKind,
    fields: Partial<Pick<HistoryEvent, 'parcelId' | 'vault' | 'actor' | 'counterparty' | 'amount' | 'value'>>,
  ): HistoryEvent => ({
    block: Number(log.blockNumber),
    logIndex: Number(log.logIndex),
    blockHash: log.blockHash,
    txHash: log.transactionHash,
    at,
    kind,
    parcelId: -1,
    vault: '',
    actor: '',
    counterparty: '',
    amount: 0n,
    value: 0n,
    args: argsOf(event),
    ...fields,
  });
  const vaultFields = () => ({ parcelId: context.vaults.get(emitter) ?? -1, vault: emitter });

  switch (event.name) {
    case 'ParcelClaimed':
      return row('claim', { parcelId: Number(args.parcelId), actor: address(args.owner), value: args.price });
    case 'ParcelFractionalized': {
      // the vault is known already (learnVaults)
      return row('fractionalize', {
        parcelId: Number(args.parcelId),
        vault: address(args.vault),
        actor: address(args.curator),
        amount: args.supply,
        value: args.offerPrice,
      });
    }
    case 'Transfer':
      if (context.pairs.has(address(args.to)))
        context.sentIn.set(address(args.to), { txHash: log.transactionHash, from: address(args.from) });
      return row('transfer', {
        ...vaultFields(),
        actor: address(args.from),
        counterparty: address(args.to),
        amount: args.value,
      });
    case 'SharesBought':
      return row('offering-buy', {
        ...vaultFields(),
        actor: address(args.buyer),
        amount: args.amount,
        value: args.cost,
      });
    case 'ReserveVoted':
      return row('vote', { ...vaultFields(), actor: address(args.holder), value: args.reservePrice });
    case 'StyleProposed':
      return row('style-proposed', {
        ...vaultFields(),
        actor: checksum(args.proposer),
        amount: args.style,
        value: args.palette,
      });
    case 'StyleVoted':
      return row('style-vote', {
        ...vaultFields(),
        actor: checksum(args.holder),
        amount: args.weight,
        value: args.support ? 1n : 0n,
      });
    case 'StyleSettled':
      return row('style-settled', { ...vaultFields(), amount: args.yes, value: args.no });
    case 'BuyoutStarted':
    case 'BidPlaced':
      return row(event.name === 'BuyoutStarted' ? 'buyout-start' : 'bid', {
        ...vaultFields(),
        actor: address(args.bidder),
        value: args.price,
      });
    case 'BuyoutWon':
      return row('buyout-won', { ...vaultFields(), actor: address(args.winner), value: args.price });
    case 'SharesCashed':
      return row('cash-out', {
        ...vaultFields(),
        actor: address(args.holder),
        amount: args.shares,
        value: args.amount,
      });
    case 'ParcelRedeemed':
      return row('redeem', { ...vaultFields(), actor: address(args.holder) });
    case 'RigBuilt':
      return row('rig', {
        parcelId: Number(args.parcelId),
        actor: address(args.builder),
        amount: args.level,
        value: args.cost,
      });
    case 'TargetRetargeted':
      context.target = args.newTarget as bigint;
      return null;
    case 'SolutionAccepted': {
      if (context.target === null) throw new Error('the mining target is unknown before a solution');
      const reward = args.reward as bigint;
      return row('solution', {
        parcelId: Number(args.parcelId),
        actor: address(args.miner),
        amount: reward / 2n, // OreMiner.mine: the miner's half, the rest goes to the parcel
        value: difficultyOfTarget(context.target),
      });
    }
    case 'Staked':
    case 'Withdrawn':
    case 'RewardPaid':
    case 'RewardAdded': {
      const vault = address(args.vault);
      const kinds = {
        Staked: 'stake',
        Withdrawn: 'withdraw',
        RewardPaid: 'reward-paid',
        RewardAdded: 'reward-added',
      };
      return row(kinds[event.name] as HistoryKind, {
        parcelId: context.vaults.get(vault) ?? -1,
        vault,
        actor: event.name === 'RewardAdded' ? '' : address(args.staker),
        amount: args.amount,
      });
    }
    case 'PairCreated':
      return pairCreated(context, deployment, event, row);
    case 'Swap':
    case 'Sync': {
      const sent = context.sentIn.get(emitter);
      const seller = sent?.txHash === log.transactionHash ? sent.from : null;
      return poolEvent(context.pairs.get(emitter), event, row, seller);
    }
    default:
      return null;
  }
}

type RowOf = (
  kind: HistoryKind,
  fields: Partial<Pick<HistoryEvent, 'parcelId' | 'vault' | 'actor' | 'counterparty' | 'amount' | 'value'>>,
) => HistoryEvent;

/** A pair of WETH and a vault's shares (or ORE) joins the followed pairs; any other pair is ignored. */
function pairCreated(context: HistoryContext, deployment: Deployment, event: LogDescription, row: RowOf) {
  const weth = checksum(deployment.addresses.WETH9);
  const [token0, token1] = [checksum(event.args.token0), checksum(event.args.token1)];
  const token = token0 === weth ? token1 : token1 === weth ? token0 : null;
  if (!token) return null;
  const ore = checksum(deployment.addresses.OreToken);
  const parcelId = token === ore ? -1 : context.vaults.get(token);
  if (parcelId === undefined) return null;
  const pair = checksum(event.args.pair);
  context.pairs.set(pair, { parcelId, token, tokenFirst: token === token0 });
  return row('pool-created', { parcelId, vault: token, counterparty: pair });
}

/**
 * A followed pair's Swap (as shares bought or sold) or Sync (its reserves). The trader of a buy is
 * the swap's recipient; of a sale, `seller` (who sent the shares in, in the same transaction),
 * else the recipient.
 */
function poolEvent(pair: TrackedPair | undefined, event: LogDescription, row: RowOf, seller: string | null) {
  if (!pair) return null;
  const fields = { parcelId: pair.parcelId, vault: pair.token };
  const args = event.args;
  // (token side, WETH side) of a pair value, whichever is token0
  const sides = (zero: bigint, one: bigint): [bigint, bigint] =>
    pair.tokenFirst ? [zero, one] : [one, zero];
  if (event.name === 'Sync') {
    const [tokens, wei] = sides(args.reserve0, args.reserve1);
    return row('sync', { ...fields, amount: tokens, value: wei });
  }
  const [tokensIn, weiIn] = sides(args.amount0In, args.amount1In);
  const [tokensOut, weiOut] = sides(args.amount0Out, args.amount1Out);
  const bought = tokensOut - tokensIn;
  return row('swap', {
    ...fields,
    // a sale to ETH swaps out to the router (it unwraps the WETH)
    actor: bought < 0n && seller ? seller : checksum(args.to),
    amount: bought,
    value: bought > 0n ? weiIn - weiOut : weiOut - weiIn,
  });
}
