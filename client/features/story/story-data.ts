import type { CandleInterval } from '../../../shared/candles.ts';
import type { HistoryEventRow, HolderRow, ParcelHistory } from '../../../shared/market-api.ts';
import { describeStyle } from '../../../shared/structure-styles.ts';
import { formatAmount, shortAddress } from '../wallet/format.ts';

/**
 * A parcel's story shaped for the inspector, as pure functions of the history the server sent
 * (shared/market-api.ts) and of the time and player passed in: chart series in uPlot's column
 * layout, the cap table with percentages, the history list in words, newest first.
 */

/** The chart's time ranges and the candle length each asks the server for. */
export const RANGES = {
  '1h': { seconds: 3_600, interval: '5m' },
  '1d': { seconds: 86_400, interval: '1h' },
  all: { seconds: Number.POSITIVE_INFINITY, interval: '1d' },
} as const satisfies Record<string, { seconds: number; interval: CandleInterval }>;
export type ChartRange = keyof typeof RANGES;

/** uPlot's data: x values (unix seconds, ascending), then one column per series. */
export type Columns = [number[], ...number[][]];

/**
 * Start of `range`, unix seconds. `now` is the later of the wall clock and the newest trade: a
 * local chain's clock may run ahead of the browser's (a test moved it), and its trades still count.
 */
export function rangeStart(range: ChartRange, wallNow: number, trades: ParcelHistory['trades']): number {
  const now = Math.max(wallNow, trades.at(-1)?.at ?? 0);
  return now - RANGES[range].seconds;
}

/** One point per trade since `from` (offering buys and pool swaps): [time, ETH per share]. */
export function tradeColumns(trades: ParcelHistory['trades'], from: number): Columns {
  const shown = trades.filter((trade) => trade.at >= from);
  return [shown.map((trade) => trade.at), shown.map((trade) => trade.price)];
}

/** The candles since `from` as [time, open, high, low, close]. */
export function candleColumns(candles: ParcelHistory['candles'], from: number): Columns {
  const shown = candles.filter((candle) => candle.at >= from);
  return [
    shown.map((candle) => candle.at),
    shown.map((candle) => candle.open),
    shown.map((candle) => candle.high),
    shown.map((candle) => candle.low),
    shown.map((candle) => candle.close),
  ];
}

/** Hash rate samples as [time, hashes per second]. */
export function hashRateColumns(samples: ParcelHistory['hashRate']): Columns {
  return [samples.map((sample) => sample.at), samples.map((sample) => sample.hashesPerSecond)];
}

export interface CapRow {
  key: string;
  /** Who: "you", a short address, "Offering (unsold)" or "Pool". */
  who: string;
  /** The full address, for a tooltip. */
  address: string;
  /** Whole shares, e.g. "100". */
  shares: string;
  /** Share of the supply, e.g. "10 %" ("< 0.01 %" for dust above zero). */
  percent: string;
  mine: boolean;
}

const HOLDER_NAMES: Record<HolderRow['kind'], string> = {
  holder: '',
  offering: 'Offering (unsold)',
  pool: 'Pool',
};

/** A fraction of the supply in words: two decimals at most, dust above zero not shown as 0. */
export function percentOf(fraction: number): string {
  if (fraction > 0 && fraction < 0.0001) return '< 0.01 %';
  return `${Number((fraction * 100).toFixed(2)).toLocaleString('en')} %`;
}

/** The cap table in the server's order (largest first); `me` is the player's address or null. */
export function capTable(holders: readonly HolderRow[], me: string | null): CapRow[] {
  const own = me?.toLowerCase();
  return holders.map((row) => {
    const mine = row.kind === 'holder' && row.holder.toLowerCase() === own;
    return {
      key: row.holder,
      who: mine ? 'you' : HOLDER_NAMES[row.kind] || shortAddress(row.holder),
      address: row.holder,
      shares: formatAmount(BigInt(row.amount)),
      percent: percentOf(row.ofSupply),
      mine,
    };
  });
}

export interface StoryLine {
  key: string;
  /** What happened, in words: "you bought 100 shares from the offering for 0.01 ETH". */
  text: string;
  block: number;
  txHash: string;
  /** `0x12ab…cdef`. */
  shortTx: string;
}

const eth = (wei: string) => `${formatAmount(BigInt(wei))} ETH`;
/** Share units as whole shares, without a sign (a swap's sale is negative). */
const shares = (units: string) => {
  const amount = BigInt(units);
  return `${formatAmount(amount < 0n ? -amount : amount)} shares`;
};

/** What an event did, after its actor's name. */
function deed(event: HistoryEventRow): string {
  const { amount, value } = event;
  switch (event.kind) {
    case 'claim':
      return `claimed the parcel for ${eth(value)}`;
    case 'fractionalize':
      // a share's price is small: all 18 decimals it has (trailing zeros dropped)
      return `fractionalized it into ${shares(amount)} at ${formatAmount(BigInt(value), 6)} ETH each`;
    case 'offering-buy':
      return `bought ${shares(amount)} from the offering for ${eth(value)}`;
    case 'pool-created':
      return 'opened a shares/ETH pool';
    case 'swap':
      return amount.startsWith('-')
        ? `sold ${shares(amount)} in the pool for ${eth(value)}`
        : `bought ${shares(amount)} in the pool for ${eth(value)}`;
    case 'stake':
      return `staked ${shares(amount)}`;
    case 'withdraw':
      return `withdrew ${shares(amount)} from staking`;
    case 'reward-paid':
      return `claimed ${formatAmount(BigInt(amount))} ORE of staking rewards`;
    case 'vote':
      return `voted a reserve price; the reserve is now ${eth(value)}`;
    case 'style-proposed':
      return `proposed ${describeStyle({ style: Number(amount), palette: Number(value) })} (style vote #${event.args.proposal})`;
    case 'style-vote':
      return `voted ${value === '1' ? 'for' : 'against'} style vote #${event.args.proposal} with ${shares(amount)}`;
    case 'style-settled':
      return `style vote #${event.args.proposal} ${event.args.passed === 'true' ? 'passed' : 'failed'}: ${shares(amount)} for, ${shares(value)} against`;
    case 'buyout-start':
      return `started a buyout with a bid of ${eth(value)}`;
    case 'bid':
      return `bid ${eth(value)}`;
    case 'buyout-won':
      return `won the buyout at ${eth(value)}`;
    case 'cash-out':
      return `cashed out ${shares(amount)} for ${eth(value)}`;
    case 'redeem':
      return 'redeemed the whole parcel';
    case 'rig':
      return `built rig level ${amount} for ${formatAmount(BigInt(value))} ORE`;
    default:
      // a kind this client does not know yet (a newer server): still a line, with its name
      return event.kind;
  }
}

/** The history list, newest first (the server sends it oldest first); `me` as in capTable. */
export function storyLines(events: readonly HistoryEventRow[], me: string | null): StoryLine[] {
  const own = me?.toLowerCase();
  return events
    .map((event) => {
      // the pool's own events (its creation) name no player
      const who = !event.actor ? '' : event.actor.toLowerCase() === own ? 'you' : shortAddress(event.actor);
      const text = deed(event);
      return {
        key: `${event.block}:${event.logIndex}`,
        text: who ? `${who} ${text}` : text.charAt(0).toUpperCase() + text.slice(1),
        block: event.block,
        txHash: event.txHash,
        shortTx: shortHash(event.txHash),
      };
    })
    .reverse();
}

/** `0x12ab…cdef` for a transaction hash. */
export const shortHash = (hash: string): string =>
  hash.length > 12 ? `${hash.slice(0, 6)}…${hash.slice(-4)}` : hash;
