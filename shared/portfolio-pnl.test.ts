import { describe, expect, it } from 'vitest';
import type { HolderEventRow } from './market-api.ts';
import { costBasis, profitAndLoss, valueOverTime } from './portfolio-pnl.ts';
import { ONE_ETH, ONE_ORE, ONE_SHARE } from './units.ts';

const me = '0x00000000000000000000000000000000000000Aa';
const vault = '0x0000000000000000000000000000000000000001';
const other = '0x0000000000000000000000000000000000000002';
const pair = '0x0000000000000000000000000000000000000003';
const zero = '0x0000000000000000000000000000000000000000';
const shares = (n: number) => BigInt(n) * ONE_SHARE;
const eth = (n: number) => (BigInt(Math.round(n * 1000)) * ONE_ETH) / 1000n;

let block = 0;
/** The rows of one transaction, in order. */
function tx(at: number, ...rows: Partial<HolderEventRow>[]): HolderEventRow[] {
  block += 1;
  return rows.map((row, logIndex) => ({
    kind: 'transfer',
    vault,
    parcelId: 5,
    block,
    logIndex,
    txHash: `0x${block.toString(16).padStart(64, '0')}`,
    at,
    actor: '',
    counterparty: '',
    amount: '0',
    value: '0',
    ...row,
  }));
}
const transfer = (from: string, to: string, amount: bigint, at = vault): Partial<HolderEventRow> => ({
  kind: 'transfer',
  actor: from,
  counterparty: to,
  amount: String(amount),
  vault: at,
});

// the same story the tests read: two buys, a sale, liquidity, a cash-out, a reward, a gift
const history = [
  // 100 shares from the offering for 1 ETH
  ...tx(1_000, transfer(vault, me, shares(100)), {
    kind: 'offering-buy',
    actor: me,
    amount: String(shares(100)),
    value: String(eth(1)),
  }),
  // 100 from the pool for 3 ETH: 200 shares cost 4 ETH, 0.02 ETH each
  ...tx(2_000, transfer(pair, me, shares(100)), {
    kind: 'swap',
    actor: me,
    amount: String(shares(100)),
    value: String(eth(3)),
  }),
  // 50 sold for 1.5 ETH: their cost is 1 ETH, 0.5 realized
  ...tx(3_000, transfer(me, pair, shares(50)), {
    kind: 'swap',
    actor: me,
    amount: String(-shares(50)),
    value: String(eth(1.5)),
  }),
  // 50 into the pool as liquidity: they leave at their cost (1 ETH), nothing realized
  ...tx(4_000, transfer(me, pair, shares(50))),
  // 100 cashed out for 5 ETH: cost 2 ETH, 3 realized
  ...tx(5_000, transfer(me, zero, shares(100)), {
    kind: 'cash-out',
    actor: me,
    amount: String(shares(100)),
    value: String(eth(5)),
  }),
  ...tx(5_500, { kind: 'reward-paid', actor: me, amount: String(7n * ONE_ORE) }),
  // 10 shares of another vault, a gift: no cost
  ...tx(6_000, transfer(other, me, shares(10), other)),
];

describe('cost basis', () => {
  it('averages the cost of buys, realizes sales and cash-outs against it, and moves unpaid shares at cost', () => {
    const positions = costBasis(me, history);
    expect(positions.get(vault)).toMatchObject({
      parcelId: 5,
      shares: 0n,
      costWei: 0n,
      paidWei: eth(4),
      receivedWei: eth(6.5),
      realizedWei: eth(3.5),
      rewardsOre: 7n * ONE_ORE,
    });
    expect(positions.get(other)).toMatchObject({ shares: shares(10), costWei: 0n, realizedWei: 0n });
  });

  it('reads addresses in any case, and a position halfway', () => {
    const upTo = (at: number) => history.filter((row) => row.at <= at);
    const midway = costBasis(me.toLowerCase(), upTo(3_000)).get(vault);
    expect(midway).toMatchObject({ shares: shares(150), costWei: eth(3), realizedWei: eth(0.5) });
    // valued at 0.03 ETH a share: 4.5 ETH for what cost 3
    expect(profitAndLoss(midway, shares(150), eth(0.03))).toEqual({
      valueWei: eth(4.5),
      costWei: eth(3),
      unrealizedWei: eth(1.5),
      totalWei: eth(2),
    });
    // the chain holds fewer than the books (some went into the pool): their cost is the average
    expect(profitAndLoss(midway, shares(100), eth(0.01)).costWei).toBe(eth(2));
    expect(profitAndLoss(undefined, shares(1), eth(1))).toMatchObject({ costWei: 0n, unrealizedWei: eth(1) });
  });
});

describe('value over time', () => {
  it('prices the shares held at each point with the last price at or before it', () => {
    const series = valueOverTime(me, history, [
      {
        vault,
        points: [
          { at: 1_500, price: 0.01 },
          { at: 3_500, price: 0.02 },
        ],
      },
      { vault: other, points: [{ at: 7_000, price: 1 }] },
    ]);
    expect(series.at).toEqual([1_500, 3_500, 7_000]);
    // 100 shares at 0.01; 150 at 0.02; none of the vault and 10 of the other at 1
    expect(series.valueEth[0]).toBeCloseTo(1, 9);
    expect(series.valueEth[1]).toBeCloseTo(3, 9);
    expect(series.valueEth[2]).toBeCloseTo(10, 9);
    expect(valueOverTime(me, [], [])).toEqual({ at: [], valueEth: [] });
  });
});
