import { describe, expect, it } from 'vitest';
import { stakingApr, YEAR_SECONDS } from './apr.ts';
import { ONE_ETH, ONE_ORE, ONE_SHARE } from './units.ts';

describe('stakingApr', () => {
  it('values the ORE streamed per staked share per year at the ORE price, over the share price', () => {
    // 1,000 ORE a year to 100 staked shares = 10 ORE per share; ORE at 0.01 ETH = 0.1 ETH per
    // share a year; shares at 0.5 ETH: 20 %
    expect(
      stakingApr({
        oreWeiPerYear: 1_000n * ONE_ORE,
        stakedUnits: 100n * ONE_SHARE,
        orePriceWei: ONE_ETH / 100n,
        sharePriceWei: ONE_ETH / 2n,
      }),
    ).toBeCloseTo(0.2, 12);
  });

  it('doubles with the stream or the ORE price and halves with the stake or the share price', () => {
    const base = {
      oreWeiPerYear: 5n * ONE_ORE * BigInt(YEAR_SECONDS / 86_400),
      stakedUnits: 3n * ONE_SHARE,
      orePriceWei: 7n * 10n ** 15n,
      sharePriceWei: 2n * 10n ** 16n,
    };
    const apr = stakingApr(base) ?? 0;
    expect(apr).toBeGreaterThan(0);
    expect(stakingApr({ ...base, oreWeiPerYear: base.oreWeiPerYear * 2n })).toBeCloseTo(apr * 2, 9);
    expect(stakingApr({ ...base, orePriceWei: base.orePriceWei * 2n })).toBeCloseTo(apr * 2, 9);
    expect(stakingApr({ ...base, stakedUnits: base.stakedUnits * 2n })).toBeCloseTo(apr / 2, 9);
    expect(stakingApr({ ...base, sharePriceWei: base.sharePriceWei * 2n })).toBeCloseTo(apr / 2, 9);
  });

  it('is null without a stake, an ORE price or a share price, and 0 without a stream', () => {
    const base = {
      oreWeiPerYear: ONE_ORE,
      stakedUnits: ONE_SHARE,
      orePriceWei: ONE_ETH,
      sharePriceWei: ONE_ETH,
    };
    expect(stakingApr({ ...base, stakedUnits: 0n })).toBeNull();
    expect(stakingApr({ ...base, orePriceWei: null })).toBeNull();
    expect(stakingApr({ ...base, sharePriceWei: 0n })).toBeNull();
    expect(stakingApr({ ...base, oreWeiPerYear: 0n })).toBe(0);
  });
});
