import type { HolderEventRow } from './market-api.ts';
import { ONE_SHARE } from './units.ts';

/**
 * A holder's profit and loss from the market history, as pure functions: the average-cost basis
 * of each position from the holder's share movements and what they paid or received for them, the
 * ORE rewards they claimed, and what their shares were worth over time.
 *
 * The rules, per transaction and vault (a buy's shares and its payment are two logs of one
 * transaction): shares in with a payment (an offering buy, a pool buy) add the payment to the
 * cost; shares out with proceeds (a pool sale, a cash-out) realize the proceeds less their share
 * of the cost at the average (cost × sold ÷ held); shares moved without money (a gift, liquidity
 * added to or taken from the pool, the curator's own shares from the split) come in at no cost
 * and leave at their average cost, realizing nothing. Staked shares stay their staker's: the
 * history leaves transfers to and from the staking contract out.
 */

export interface PositionBasis {
  vault: string;
  parcelId: number;
  /** Share units the movements leave the holder with (staked included). */
  shares: bigint;
  /** Wei the held shares cost, at the average. */
  costWei: bigint;
  /** Wei realized by sales and cash-outs: proceeds less their cost. */
  realizedWei: bigint;
  paidWei: bigint;
  receivedWei: bigint;
  /** ORE wei of staking rewards claimed. */
  rewardsOre: bigint;
}

const addressOf = (text: string) => text.toLowerCase();

/** Each vault's position from `events` (oldest first), the holder's as /api/holders/:address lists them. */
export function costBasis(holder: string, events: readonly HolderEventRow[]): Map<string, PositionBasis> {
  const me = addressOf(holder);
  const positions = new Map<string, PositionBasis>();
  const positionOf = (event: HolderEventRow) => {
    let position = positions.get(event.vault);
    if (!position) {
      position = {
        vault: event.vault,
        parcelId: event.parcelId,
        shares: 0n,
        costWei: 0n,
        realizedWei: 0n,
        paidWei: 0n,
        receivedWei: 0n,
        rewardsOre: 0n,
      };
      positions.set(event.vault, position);
    }
    return position;
  };
  for (const group of byTransaction(events)) {
    let delta = 0n;
    let paid = 0n;
    let received = 0n;
    const position = positionOf(group[0] as HolderEventRow);
    for (const event of group) {
      const amount = BigInt(event.amount);
      const value = BigInt(event.value);
      switch (event.kind) {
        case 'transfer':
          if (addressOf(event.counterparty) === me) delta += amount;
          if (addressOf(event.actor) === me) delta -= amount;
          break;
        case 'offering-buy':
          paid += value;
          break;
        case 'swap':
          if (amount > 0n) paid += value;
          else received += value;
          break;
        case 'cash-out':
          received += value;
          break;
        case 'reward-paid':
          position.rewardsOre += amount;
          break;
      }
    }
    position.paidWei += paid;
    position.receivedWei += received;
    if (delta > 0n) {
      position.shares += delta;
      position.costWei += paid;
      position.realizedWei += received;
    } else if (delta < 0n) {
      const sold = -delta;
      const basis =
        position.shares > 0n ? (position.costWei * minOf(sold, position.shares)) / position.shares : 0n;
      position.shares = position.shares > sold ? position.shares - sold : 0n;
      position.costWei -= basis;
      // shares that left without money take their cost along and realize nothing
      if (received > 0n || paid > 0n) position.realizedWei += received - paid - basis;
    } else {
      position.realizedWei += received - paid;
    }
  }
  return positions;
}

const minOf = (a: bigint, b: bigint) => (a < b ? a : b);

/** Consecutive rows of one transaction and vault, in order. */
function byTransaction(events: readonly HolderEventRow[]): HolderEventRow[][] {
  const groups: HolderEventRow[][] = [];
  let key = '';
  for (const event of events) {
    const next = `${event.txHash}:${event.vault}`;
    if (next !== key || groups.length === 0) groups.push([]);
    key = next;
    groups.at(-1)?.push(event);
  }
  return groups;
}

/** A position's profit or loss at `priceWei` a share for `heldShares` (the chain's figure): unrealized and in all. */
export function profitAndLoss(
  basis: PositionBasis | undefined,
  heldShares: bigint,
  priceWei: bigint,
): { valueWei: bigint; costWei: bigint; unrealizedWei: bigint; totalWei: bigint } {
  const valueWei = (heldShares * priceWei) / ONE_SHARE;
  // the average cost of what the chain says is held (the pool's share of it left the books)
  const costWei = basis && basis.shares > 0n ? (basis.costWei * heldShares) / basis.shares : 0n;
  const unrealizedWei = valueWei - costWei;
  return { valueWei, costWei, unrealizedWei, totalWei: unrealizedWei + (basis?.realizedWei ?? 0n) };
}

/** A vault's price over time: unix seconds and ETH per whole share (candle closes), oldest first. */
export interface PriceSeries {
  vault: string;
  points: { at: number; price: number }[];
}

/**
 * What the holder's shares were worth over time, in ETH: at each price point of any of their
 * vaults, the shares held then (from the movements) times each vault's last price at or before it.
 */
export function valueOverTime(
  holder: string,
  events: readonly HolderEventRow[],
  prices: readonly PriceSeries[],
): { at: number[]; valueEth: number[] } {
  const me = addressOf(holder);
  const moves = events
    .filter((event) => event.kind === 'transfer')
    .map((event) => ({
      at: event.at,
      vault: event.vault,
      delta:
        (addressOf(event.counterparty) === me ? BigInt(event.amount) : 0n) -
        (addressOf(event.actor) === me ? BigInt(event.amount) : 0n),
    }));
  const times = [...new Set(prices.flatMap((series) => series.points.map((point) => point.at)))].sort(
    (a, b) => a - b,
  );
  const held = new Map<string, bigint>();
  const price = new Map<string, number>();
  const cursor = new Map<string, number>();
  let move = 0;
  const at: number[] = [];
  const valueEth: number[] = [];
  for (const time of times) {
    for (; move < moves.length && (moves[move]?.at ?? 0) <= time; move++) {
      const { vault, delta } = moves[move] as (typeof moves)[number];
      held.set(vault, (held.get(vault) ?? 0n) + delta);
    }
    for (const series of prices) {
      let i = cursor.get(series.vault) ?? 0;
      for (; i < series.points.length && (series.points[i]?.at ?? 0) <= time; i++)
        price.set(series.vault, series.points[i]?.price ?? 0);
      cursor.set(series.vault, i);
    }
    let total = 0;
    for (const [vault, shares] of held)
      total += (Number(shares) / Number(ONE_SHARE)) * (price.get(vault) ?? 0);
    at.push(time);
    valueEth.push(total);
  }
  return { at, valueEth };
}
