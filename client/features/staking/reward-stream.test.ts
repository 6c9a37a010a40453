import { describe, expect, it } from 'vitest';
import { ONE_ORE, ONE_SHARE } from '../../../shared/units.ts';
import { describeStream, hourlyShare } from './reward-stream.ts';

/** 5 ORE over a 10-minute stream, 100 shares staked, ending 00:10:00 UTC on 1970-01-02. */
const running = {
  totalStaked: 100n * ONE_SHARE,
  rate: (5n * ONE_ORE) / 600n,
  left: 5n * ONE_ORE,
  finish: 86_400 + 600,
};

describe('reward stream', () => {
  it("gives a staker its stake's part of the pool's hourly rate", () => {
    expect(hourlyShare(running, 25n * ONE_SHARE)).toBe((running.rate * 3600n) / 4n);
    expect(hourlyShare({ ...running, totalStaked: 0n }, 25n * ONE_SHARE)).toBe(0n);
  });

  it('says what the pool and the player earn per hour while it runs', () => {
    expect(describeStream(running, 25n * ONE_SHARE)).toEqual({
      pool: 'Pool earning 30 ORE/hour until 00:10:00 UTC (5 ORE left)',
      mine: 'You earn 7.5 ORE/hour',
    });
    expect(describeStream(running, 0n).mine).toBeNull();
  });

  it('says what waits for a first stake, or that nothing streams', () => {
    expect(describeStream({ totalStaked: 0n, rate: 0n, left: 2n * ONE_ORE, finish: 0 }, 0n).pool).toBe(
      '2 ORE waiting: it streams to the first stakers over the reward period',
    );
    expect(describeStream({ totalStaked: ONE_SHARE, rate: 0n, left: 0n, finish: 5 }, ONE_SHARE)).toEqual({
      pool: 'No rewards streaming: each ORE solution mined on this parcel starts a new stream',
      mine: null,
    });
  });
});
