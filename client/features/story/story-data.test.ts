import { describe, expect, it } from 'vitest';
import type { HistoryEventRow, HolderRow, ParcelHistory } from '../../../shared/market-api.ts';
import { describeStyle } from '../../../shared/structure-styles.ts';
import { ONE_ETH, ONE_SHARE } from '../../../shared/units.ts';
import {
  candleColumns,
  capTable,
  hashRateColumns,
  percentOf,
  rangeStart,
  storyLines,
  tradeColumns,
} from './story-data.ts';

const ME = '0x00000000000000000000000000000000000000aA';
const OTHER = '0x1111111111111111111111111111111111111111';
const VAULT = '0x2222222222222222222222222222222222222222';
const PAIR = '0x3333333333333333333333333333333333333333';

const trade = (at: number, price: number): ParcelHistory['trades'][number] => ({
  block: at,
  at,
  side: 'buy',
  trader: OTHER,
  shares: String(ONE_SHARE),
  wei: String(ONE_ETH / 100n),
  price,
});

const event = (kind: string, fields: Partial<HistoryEventRow> = {}): HistoryEventRow => ({
  kind,
  block: 7,
  txHash: `0x${'ab'.repeat(32)}`,
  logIndex: 0,
  at: 1_000,
  actor: OTHER,
  amount: '0',
  value: '0',
  args: {},
  ...fields,
});

describe('chart series', () => {
  const trades = [trade(1_000, 0.01), trade(5_000, 0.012), trade(9_000, 0.015)];

  it('a range counts back from the newest trade when the chain clock runs ahead of the wall clock', () => {
    expect(rangeStart('1h', 2_000, trades)).toBe(9_000 - 3_600);
    expect(rangeStart('1h', 20_000, trades)).toBe(20_000 - 3_600);
    expect(rangeStart('all', 20_000, trades)).toBe(Number.NEGATIVE_INFINITY);
  });

  it('one point per trade inside the range, oldest first', () => {
    expect(tradeColumns(trades, 5_000)).toEqual([
      [5_000, 9_000],
      [0.012, 0.015],
    ]);
    expect(tradeColumns(trades, Number.NEGATIVE_INFINITY)[0]).toHaveLength(3);
    expect(tradeColumns([], 0)).toEqual([[], []]);
  });

  it('candles become open, high, low and close columns', () => {
    const candles = [
      { at: 0, open: 1, high: 3, low: 0.5, close: 2, volumeEth: 1, trades: 2 },
      { at: 3_600, open: 2, high: 2.5, low: 1.5, close: 1.8, volumeEth: 1, trades: 3 },
    ];
    expect(candleColumns(candles, 1)).toEqual([[3_600], [2], [2.5], [1.5], [1.8]]);
    expect(candleColumns(candles, 0)).toEqual([
      [0, 3_600],
      [1, 2],
      [3, 2.5],
      [0.5, 1.5],
      [2, 1.8],
    ]);
  });

  it('hash rate samples become time and hashes per second', () => {
    expect(hashRateColumns([{ at: 300, solutions: 2, hashesPerSecond: 1_500 }])).toEqual([[300], [1_500]]);
  });
});

describe('cap table', () => {
  const holders: HolderRow[] = [
    { holder: VAULT, amount: String(400n * ONE_SHARE), ofSupply: 0.4, kind: 'offering' },
    { holder: ME.toLowerCase(), amount: String(500n * ONE_SHARE), ofSupply: 0.5, kind: 'holder' },
    { holder: PAIR, amount: String(99n * ONE_SHARE), ofSupply: 0.099, kind: 'pool' },
    { holder: OTHER, amount: '1000', ofSupply: 0.000000001, kind: 'holder' },
  ];

  it("names the offering and the pool, marks the player's own row (any address case) and keeps the order", () => {
    const rows = capTable(holders, ME);
    expect(rows.map((row) => [row.who, row.shares, row.percent, row.mine])).toEqual([
      ['Offering (unsold)', '400', '40 %', false],
      ['you', '500', '50 %', true],
      ['Pool', '99', '9.9 %', false],
      ['0x1111…1111', '0.000000000000001', '< 0.01 %', false],
    ]);
  });

  it('marks no row for a guest', () => {
    expect(capTable(holders, null).some((row) => row.mine)).toBe(false);
  });

  it('percentages round to two decimals and never show dust as nothing', () => {
    expect(percentOf(1)).toBe('100 %');
    expect(percentOf(0.123456)).toBe('12.35 %');
    expect(percentOf(0)).toBe('0 %');
    expect(percentOf(0.00001)).toBe('< 0.01 %');
  });
});

describe('history lines', () => {
  it('newest first, in words, with the block and a short transaction hash', () => {
    const lines = storyLines(
      [
        event('claim', { block: 5, actor: ME, value: String(ONE_ETH / 100n) }),
        event('fractionalize', {
          block: 6,
          actor: ME,
          amount: String(1_000n * ONE_SHARE),
          value: String((ONE_ETH * 4n) / 100_000n),
        }),
        event('offering-buy', { block: 8, amount: String(100n * ONE_SHARE), value: String(ONE_ETH / 100n) }),
      ],
      ME,
    );
    expect(lines.map((line) => [line.block, line.text])).toEqual([
      [8, '0x1111…1111 bought 100 shares from the offering for 0.01 ETH'],
      [6, 'you fractionalized it into 1,000 shares at 0.00004 ETH each'],
      [5, 'you claimed the parcel for 0.01 ETH'],
    ]);
    expect(lines[0]?.shortTx).toBe('0xabab…abab');
  });

  it('a swap says whether shares were bought or sold', () => {
    const [sold, bought] = storyLines(
      [
        event('swap', { logIndex: 1, amount: String(2n * ONE_SHARE), value: String(ONE_ETH / 1_000n) }),
        event('swap', { logIndex: 2, amount: String(-3n * ONE_SHARE), value: String(ONE_ETH / 500n) }),
      ],
      null,
    );
    expect(bought?.text).toBe('0x1111…1111 bought 2 shares in the pool for 0.001 ETH');
    expect(sold?.text).toBe('0x1111…1111 sold 3 shares in the pool for 0.002 ETH');
  });

  it('every kind of the story reads as a sentence; an event without an actor starts with a capital', () => {
    const kinds = ['stake', 'withdraw', 'reward-paid', 'vote', 'buyout-start', 'bid', 'buyout-won'];
    const texts = storyLines(
      [...kinds, 'cash-out', 'redeem', 'rig'].map((kind, logIndex) =>
        // a rig event's amount is its level; the others' are share (or ORE) units
        event(kind, {
          logIndex,
          amount: kind === 'rig' ? '2' : String(2n * ONE_SHARE),
          value: String(ONE_ETH),
        }),
      ),
      null,
    ).map((line) => line.text.replace('0x1111…1111 ', ''));
    expect(texts.reverse()).toEqual([
      'staked 2 shares',
      'withdrew 2 shares from staking',
      'claimed 2 ORE of staking rewards',
      'voted a reserve price; the reserve is now 1 ETH',
      'started a buyout with a bid of 1 ETH',
      'bid 1 ETH',
      'won the buyout at 1 ETH',
      'cashed out 2 shares for 1 ETH',
      'redeemed the whole parcel',
      'built rig level 2 for 1 ORE',
    ]);
    expect(storyLines([event('pool-created', { actor: '' })], null)[0]?.text).toBe(
      'Opened a shares/ETH pool',
    );
    // the co-owners' style votes: the proposal, a vote each way, the settlement (no actor)
    const style = storyLines(
      [
        event('style-proposed', { amount: '2', value: '7', args: { proposal: '3' } }),
        event('style-vote', {
          logIndex: 1,
          amount: String(5n * ONE_SHARE),
          value: '1',
          args: { proposal: '3' },
        }),
        event('style-vote', { logIndex: 2, amount: String(ONE_SHARE), value: '0', args: { proposal: '3' } }),
        event('style-settled', {
          logIndex: 3,
          actor: '',
          amount: String(5n * ONE_SHARE),
          value: String(ONE_SHARE),
          args: { proposal: '3', passed: 'true' },
        }),
      ],
      null,
    ).map((line) => line.text);
    expect(style.reverse()).toEqual([
      `0x1111…1111 proposed ${describeStyle({ style: 2, palette: 7 })} (style vote #3)`,
      '0x1111…1111 voted for style vote #3 with 5 shares',
      '0x1111…1111 voted against style vote #3 with 1 shares',
      'Style vote #3 passed: 5 shares for, 1 shares against',
    ]);
    expect(storyLines([event('something-new')], null)[0]?.text).toBe('0x1111…1111 something-new');
  });
});
