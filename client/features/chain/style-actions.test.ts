import { describe, expect, it } from 'vitest';
import { landRegistryAbi } from '../../../shared/contracts.ts';
import { typedContract } from '../../../shared/typed-contract.ts';
import { ONE_SHARE } from '../../../shared/units.ts';
import { parcelId } from '../../../shared/world.ts';
import {
  type ChainWorld,
  fractionalized,
  must,
  refusal,
  useChainWorld,
} from '../../../testing/chain-world.ts';
import { PLAYER_KEYS } from '../../../testing/keys.ts';
import { claimParcel } from '../../../testing/test-chain.ts';

const styleOf = async (world: ChainWorld, id: number) => {
  const land = typedContract(world.chain.deployment.addresses.LandRegistry, landRegistryAbi, world.provider);
  const [style, palette] = await land.styleOf(BigInt(id));
  return { style: Number(style), palette: Number(palette) };
};

describe('style actions on a real chain', () => {
  const whole = parcelId(-61, 8);
  const coOwned = parcelId(61, 8);
  // A owns -61,8 whole; A's vault of 61,8 with the default terms, B bought 100 of its offered shares
  let vault = '';
  const world = useChainWorld({ styleVoteSec: 120 }, async (w) => {
    await claimParcel(w.chain.rpcUrl, w.chain.deployment, PLAYER_KEYS[0], -61, 8);
    vault = await fractionalized(w, [61, 8]);
    must(await w.b.actions.buyShares(vault, 100n * ONE_SHARE));
  });

  it('restyles a whole parcel for its owner only, and refuses a style the game does not draw before sending', async () => {
    const { a, b, provider } = world;
    must(await a.actions.setStyle(whole, 2, 4));
    expect(await styleOf(world, whole)).toEqual({ style: 2, palette: 4 });
    expect(refusal(await b.actions.setStyle(whole, 1, 1))).toBe(
      "Parcel -61,8 is not yours: only its owner chooses its style (a co-owned parcel's holders, by vote).",
    );
    const sent = await provider.getTransactionCount(a.address);
    expect(refusal(await a.actions.setStyle(whole, 9, 0))).toBe(
      'Restyling the parcel failed: style 9 in colour 0 is not one the game draws',
    );
    expect(await provider.getTransactionCount(a.address)).toBe(sent);
    // the vault owns a co-owned parcel: its curator restyles it only by the holders' vote
    expect(refusal(await a.actions.setStyle(coOwned, 1, 1))).toMatch(/^Parcel 61,8 is not yours/);
  });

  it('proposes, votes, refuses the wrong steps in words, and settles the vote once it closed', async () => {
    const { a, b, c, provider } = world;
    expect(refusal(await c.actions.proposeStyle(vault, 3, 5))).toBe(
      'Proposing a style needs 10 shares (1 % of the supply, held or staked); you have 0 shares.',
    );
    must(await b.actions.proposeStyle(vault, 3, 5));
    expect(refusal(await a.actions.proposeStyle(vault, 1, 1))).toMatch(
      /^A style proposal is open until \d\d:\d\d:\d\d UTC/,
    );
    expect(refusal(await b.actions.voteStyle(vault, true))).toBe('You already voted on this style proposal.');
    must(await a.actions.voteStyle(vault, false));
    const seen = await b.actions.styleVote(vault, b.address);
    expect(seen).toMatchObject({
      proposal: 1,
      style: 3,
      palette: 5,
      settled: false,
      yes: 100n * ONE_SHARE,
      no: 600n * ONE_SHARE,
      threshold: 10n * ONE_SHARE,
      myWeight: 100n * ONE_SHARE,
      myVote: true,
    });
    expect((await c.actions.styleVote(vault, c.address)).myVote).toBeNull();
    expect(refusal(await c.actions.settleStyle(vault))).toMatch(
      /^Voting on this style runs until .* cannot be settled yet\.$/,
    );

    await provider.send('evm_increaseTime', [121]);
    expect(refusal(await c.actions.voteStyle(vault, true))).toMatch(/^Voting on this style closed at/);
    must(await c.actions.settleStyle(vault));
    expect(await styleOf(world, coOwned)).toEqual({ style: 0, palette: 0 }); // 600 against 100
    expect((await a.actions.styleVote(vault, a.address)).settled).toBe(true);

    // the next proposal passes: A's 600 for
    must(await a.actions.proposeStyle(vault, 4, 2));
    await provider.send('evm_increaseTime', [121]);
    must(await b.actions.settleStyle(vault));
    expect(await styleOf(world, coOwned)).toEqual({ style: 4, palette: 2 });
    expect(refusal(await b.actions.settleStyle(vault))).toBe('No style proposal is open.');
  });
});
