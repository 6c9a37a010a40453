import { describe, expect, it } from 'vitest';
import { ONE_SHARE } from '../../../shared/units.ts';
import { VaultState } from '../../../shared/vault-state.ts';
import type { Holdings, VaultPosition } from '../chain/chain-actions.ts';
import { GUIDE_STEPS, stepsDone } from './guide-steps.ts';

const ME = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const OTHER = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';

/** A position as the chain read returns it: nothing held unless `held` says so. */
function position(curator: string, held: Partial<VaultPosition> = {}): VaultPosition {
  return {
    vault: '0x00000000000000000000000000000000000000aa',
    parcelId: 1,
    state: VaultState.Inactive,
    curator,
    totalSupply: 1000n * ONE_SHARE,
    shares: 0n,
    staked: 0n,
    earned: 0n,
    offered: 0n,
    offerPrice: 0n,
    reservePrice: 0n,
    myVote: 0n,
    votingTokens: 0n,
    voteMin: 0n,
    voteMax: 0n,
    valuation: 0n,
    auctionExtension: 60,
    livePrice: 0n,
    winner: OTHER,
    auctionEnd: 0,
    refunds: 0n,
    pair: OTHER,
    poolShares: 0n,
    poolWei: 0n,
    poolPrice: 0n,
    lp: 0n,
    lpSupply: 0n,
    stream: { totalStaked: 0n, rate: 0n, left: 0n, finish: 0 },
    ...held,
  };
}

const holdings = (parcels: number[], positions: VaultPosition[]): Holdings => ({
  parcels,
  positions,
  ore: 0n,
  footprint: 0,
});
const facts = { walked: false, address: ME, holdings: null, mined: 0 };
const done = (...args: Parameters<typeof stepsDone>) => [...stepsDone(...args)].sort();

describe('stepsDone', () => {
  it('a first visit has nothing done, and names six steps in play order', () => {
    expect(GUIDE_STEPS.map((step) => step.id)).toEqual([
      'walk',
      'claim',
      'fractionalize',
      'buy',
      'stake',
      'mine',
    ]);
    expect(done(facts)).toEqual([]);
    expect(done({ ...facts, holdings: holdings([], []) })).toEqual([]);
  });

  it('walking and mining tick from the avatar and the accepted work, with or without a wallet', () => {
    expect(done({ ...facts, address: null, walked: true, mined: 1 })).toEqual(['mine', 'walk']);
  });

  it('a parcel owned whole is a claim; one the player curates in a vault is a claim and a fractionalization', () => {
    expect(done({ ...facts, holdings: holdings([7], []) })).toEqual(['claim']);
    // the curator's address in another case still counts as the player's
    const curated = position(ME.toLowerCase(), { shares: 600n * ONE_SHARE });
    expect(done({ ...facts, holdings: holdings([], [curated]) })).toEqual(['claim', 'fractionalize']);
  });

  it("shares of another player's vault are a buy, held or staked; a stake or ORE earned is staking", () => {
    const bought = position(OTHER, { shares: 10n * ONE_SHARE });
    expect(done({ ...facts, holdings: holdings([], [bought]) })).toEqual(['buy']);
    const staked = position(OTHER, { staked: 10n * ONE_SHARE });
    expect(done({ ...facts, holdings: holdings([], [staked]) })).toEqual(['buy', 'stake']);
    const rewardsLeft = position(ME, { earned: 1n });
    expect(done({ ...facts, holdings: holdings([], [rewardsLeft]) })).toEqual([
      'claim',
      'fractionalize',
      'stake',
    ]);
  });

  it("only refunds or pool tokens left in another's vault are no buy", () => {
    const leftovers = position(OTHER, { refunds: 5n, lp: 3n });
    expect(done({ ...facts, holdings: holdings([], [leftovers]) })).toEqual([]);
  });

  it('the holdings of no wallet count for nothing', () => {
    expect(done({ ...facts, address: null, holdings: holdings([7], [position(ME)]) })).toEqual([]);
  });
});
