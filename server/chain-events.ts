import { formatUnits, ZeroAddress } from 'ethers';
import type { Deployment } from '../shared/deployment.ts';
import { describeStyle } from '../shared/structure-styles.ts';
import { formatCoords, ParcelStatus, parcelCoords } from '../shared/world.ts';
import { checksum, decodeKnownLog, type Source, topicsOf } from './contract-interfaces.ts';
import { HolderBook } from './holder-book.ts';

/**
 * What the contracts' events mean for the parcels, as a pure reducer: the indexer feeds it logs
 * in chain order, the room mirrors the result. Tested without a chain.
 */

/** One parcel as the chain has it (ParcelView minus what the server derives itself). */
export interface ParcelRecord {
  id: number;
  status: ParcelStatus;
  owner: string;
  /** The parcel's share vault while fractionalized, else ''. */
  vault: string;
  rigLevel: number;
  /** Unix seconds when the buyout auction ends, 0 when none. */
  auctionEnd: number;
  /** The current vault's shares staked in ParcelStaking, in share base units (18 decimals); 0 when whole. */
  staked: bigint;
  /** The structure style and palette colour on chain (LandRegistry.styleOf); 0, 0 by default. */
  style: number;
  palette: number;
  /** Unix seconds when the open style vote of the current vault closes, 0 when none is open. */
  styleVoteEnd: number;
  /** The current vault's largest holders (shared/structures.ts encodeTopHolders); '' when whole. */
  topHolders: string;
}

/** A feed entry for something that happened, by kind. */
export interface FeedItem {
  kind:
    | 'claim'
    | 'fractionalize'
    | 'buyout'
    | 'bid'
    | 'buyout-won'
    | 'redeem'
    | 'rig'
    | 'solution'
    | 'style'
    // from the market history (server/market/history-feed.ts)
    | 'offering-buy'
    | 'swap'
    | 'pool-created'
    | 'stake'
    | 'withdraw'
    | 'reward-paid'
    | 'vote'
    | 'cash-out';
  parcelId: number;
  text: string;
  /** Who did it (an address), for the feed's "mine" filter. */
  who?: string;
  /** The amounts it moved, in units of 18 decimals, for the client to format. */
  amounts?: FeedAmount[];
}

export type FeedAmount = { units: string; unit: 'shares' | 'ETH' | 'ORE' };

/** What the mining pool must learn from the chain: a parcel's new challenge, or a new chain target. */
export type MiningUpdate =
  | { kind: 'challenge'; parcelId: number; challenge: string }
  | { kind: 'target'; target: bigint };

/**
 * The parcels (only those that exist on chain), which vault belongs to which parcel, and each
 * vault's holders (balance plus stake: staked shares stay their staker's).
 */
export interface ChainWorld {
  parcels: Map<number, ParcelRecord>;
  vaults: Map<string, number>;
  holdings: Map<string, HolderBook>;
}

export const emptyWorld = (): ChainWorld => ({ parcels: new Map(), vaults: new Map(), holdings: new Map() });

/** Events the reducer handles, per contract. */
const HANDLED: Partial<Record<Source, string[]>> = {
  land: ['Transfer', 'ParcelClaimed', 'ParcelStyled'],
  fractionalizer: ['ParcelFractionalized'],
  vault: [
    'Transfer',
    'BuyoutStarted',
    'BidPlaced',
    'BuyoutWon',
    'ParcelRedeemed',
    'StyleProposed',
    'StyleSettled',
  ],
  miner: ['RigBuilt', 'SolutionAccepted', 'TargetRetargeted'],
  staking: ['Staked', 'Withdrawn'],
};

/** topic0 of every handled event: the indexer asks the chain for these from any address. */
export const HANDLED_TOPICS: string[] = topicsOf(HANDLED);

export interface RawLog {
  address: string;
  topics: string[];
  data: string;
}

/** A log as eth_getLogs returns it (hex quantities): where it sits on chain, beside what it says. */
export interface ChainLog extends RawLog {
  blockNumber: string;
  blockHash: string;
  transactionHash: string;
  logIndex: string;
  /** Hex unix seconds of the block; some nodes leave it out. */
  blockTimestamp?: string;
}

export const short = (address: string) => `${address.slice(0, 6)}…${address.slice(-4)}`;
export const where = (id: number) => formatCoords(parcelCoords(id));

/**
 * Applies one log to `world`. Returns the parcel ids it changed and a feed item, if any. Logs of
 * other contracts (ERC-20 transfers share the Transfer topic) are ignored.
 */
export function applyLog(
  world: ChainWorld,
  deployment: Deployment,
  log: RawLog,
): { changed: number[]; feed: FeedItem | null; mining?: MiningUpdate } {
  const none = { changed: [], feed: null };
  const event = decodeKnownLog(deployment, log, HANDLED, world.vaults);
  if (!event) return none;
  const args = event.args;
  const parcelOf = (id: number): ParcelRecord | undefined => world.parcels.get(id);

  const source = checksum(log.address);
  switch (event.name) {
    case 'Transfer': {
      if (world.vaults.has(source))
        return moveShares(
          world,
          deployment,
          source,
          args as unknown as { from: string; to: string; value: bigint },
        );
      const id = Number(args.tokenId as bigint);
      const to = checksum(args.to as string);
      if (to === ZeroAddress) {
        world.parcels.delete(id);
        return { changed: [id], feed: null };
      }
      const parcel = parcelOf(id) ?? {
        id,
        status: ParcelStatus.Owned,
        owner: to,
        vault: '',
        rigLevel: 1, // the starter rig comes with the claim
        auctionEnd: 0,
        staked: 0n,
        style: 0,
        palette: 0,
        styleVoteEnd: 0,
        topHolders: '',
      };
      parcel.owner = to;
      if (to !== parcel.vault) {
        // Out of the vault (buyout won, redeemed) or a plain transfer: whole again.
        parcel.status = ParcelStatus.Owned;
        parcel.vault = '';
        parcel.auctionEnd = 0;
        // stakes, holders and votes of the old vault are no longer this parcel's
        parcel.staked = 0n;
        parcel.styleVoteEnd = 0;
        parcel.topHolders = '';
      }
      world.parcels.set(id, parcel);
      return { changed: [id], feed: null };
    }
    case 'ParcelClaimed': {
      const id = Number(args.parcelId as bigint);
      return {
        changed: [],
        feed: {
          kind: 'claim',
          parcelId: id,
          text: `${short(args.owner as string)} claimed ${where(id)}`,
          who: checksum(args.owner as string),
        },
      };
    }
    case 'ParcelFractionalized': {
      const id = Number(args.parcelId as bigint);
      const vault = checksum(args.vault as string);
      world.vaults.set(vault, id);
      // The shares were minted just before this event, while the vault was not known yet.
      const offered = args.offerAmount as bigint;
      const minted = new HolderBook(vault);
      minted.add(checksum(args.curator as string), (args.supply as bigint) - offered);
      minted.add(vault, offered);
      world.holdings.set(vault, minted);
      const parcel = parcelOf(id);
      if (parcel) {
        parcel.status = ParcelStatus.Fractional;
        parcel.vault = vault;
        parcel.topHolders = minted.topHolders();
      }
      return {
        changed: [id],
        feed: {
          kind: 'fractionalize',
          parcelId: id,
          text: `${where(id)} split into ${Number(formatUnits(args.supply as bigint, 18)).toLocaleString('en-US')} shares`, // 18-decimal share units
        },
      };
    }
    case 'BuyoutStarted':
    case 'BidPlaced': {
      const id = world.vaults.get(checksum(log.address)) ?? -1;
      const parcel = parcelOf(id);
      if (!parcel) return none;
      parcel.status = ParcelStatus.Buyout;
      parcel.auctionEnd = Number(args.auctionEnd as bigint);
      const kind = event.name === 'BuyoutStarted' ? 'buyout' : 'bid';
      return {
        changed: [id],
        feed: {
          kind,
          parcelId: id,
          text: `${short(args.bidder as string)} bid on ${where(id)}`,
          who: checksum(args.bidder as string),
          amounts: [{ units: String(args.price), unit: 'ETH' }],
        },
      };
    }
    case 'BuyoutWon':
    case 'ParcelRedeemed': {
      // The NFT's Transfer out of the vault, right after, makes the parcel whole again.
      const id = world.vaults.get(checksum(log.address)) ?? -1;
      const who = checksum((event.name === 'BuyoutWon' ? args.winner : args.holder) as string);
      const kind = event.name === 'BuyoutWon' ? 'buyout-won' : 'redeem';
      return {
        changed: [],
        feed: { kind, parcelId: id, text: `${short(who)} took ${where(id)} whole`, who },
      };
    }
    case 'RigBuilt': {
      const id = Number(args.parcelId as bigint);
      const parcel = parcelOf(id);
      if (parcel) parcel.rigLevel = Number(args.level as bigint);
      return {
        changed: parcel ? [id] : [],
        feed: {
          kind: 'rig',
          parcelId: id,
          text: `rig on ${where(id)} raised to level ${args.level as bigint}`,
          who: checksum(args.builder as string),
        },
      };
    }
    case 'SolutionAccepted': {
      const id = Number(args.parcelId as bigint);
      return {
        changed: [],
        feed: {
          kind: 'solution',
          parcelId: id,
          text: `${short(args.miner as string)} found a block on ${where(id)}`,
          who: checksum(args.miner as string),
        },
        // the solution moved the parcel's challenge: the pool hands its miners jobs on the new one
        mining: { kind: 'challenge', parcelId: id, challenge: args.nextChallenge as string },
      };
    }
    case 'TargetRetargeted':
      return { changed: [], feed: null, mining: { kind: 'target', target: args.newTarget as bigint } };
    case 'Staked':
    case 'Withdrawn': {
      const staked = checksum(args.vault as string);
      const id = world.vaults.get(staked) ?? -1;
      const parcel = parcelOf(id);
      // a past vault of the parcel (bought out or redeemed) no longer counts towards it
      if (!parcel || parcel.vault !== staked) return none;
      const amount = args.amount as bigint;
      parcel.staked += event.name === 'Staked' ? amount : -amount;
      return { changed: [id], feed: null };
    }
    case 'ParcelStyled': {
      const id = Number(args.parcelId as bigint);
      const parcel = parcelOf(id);
      if (!parcel) return none;
      parcel.style = Number(args.style as bigint);
      parcel.palette = Number(args.palette as bigint);
      return {
        changed: [id],
        feed: { kind: 'style', parcelId: id, text: `${where(id)} restyled: ${describeStyle(parcel)}` },
      };
    }
    case 'StyleProposed':
    case 'StyleSettled': {
      const id = world.vaults.get(source) ?? -1;
      const parcel = parcelOf(id);
      if (!parcel || parcel.vault !== source) return none;
      parcel.styleVoteEnd = event.name === 'StyleProposed' ? Number(args.deadline as bigint) : 0;
      const feed: FeedItem | null =
        event.name === 'StyleProposed'
          ? {
              kind: 'style',
              parcelId: id,
              text: `${short(args.proposer as string)} proposed ${describeStyle({ style: Number(args.style), palette: Number(args.palette) })} for ${where(id)}`,
            }
          : null;
      return { changed: [id], feed };
    }
    default:
      return none;
  }
}

/**
 * A share transfer of `vault`: moves the holding (shares into or out of staking stay their
 * staker's) and recomputes the parcel's top holders.
 */
function moveShares(
  world: ChainWorld,
  deployment: Deployment,
  vault: string,
  args: { from: string; to: string; value: bigint },
): { changed: number[]; feed: null } {
  const staking = checksum(deployment.addresses.ParcelStaking);
  const from = checksum(args.from);
  const to = checksum(args.to);
  const value = args.value;
  if (from === staking || to === staking) return { changed: [], feed: null };
  const holders = world.holdings.get(vault) ?? new HolderBook(vault);
  world.holdings.set(vault, holders);
  holders.add(from, -value);
  holders.add(to, value);
  const id = world.vaults.get(vault) ?? -1;
  const parcel = world.parcels.get(id);
  if (!parcel || parcel.vault !== vault) return { changed: [], feed: null };
  const topHolders = holders.topHolders();
  if (topHolders === parcel.topHolders) return { changed: [], feed: null };
  parcel.topHolders = topHolders;
  return { changed: [id], feed: null };
}
