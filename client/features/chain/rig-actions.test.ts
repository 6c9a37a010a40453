import { Wallet } from 'ethers';
import { describe, expect, it } from 'vitest';
import { ONE_ORE } from '../../../shared/units.ts';
import { parcelId } from '../../../shared/world.ts';
import { EASY_MINING, mineOn, refusal, useChainWorld } from '../../../testing/chain-world.ts';
import { PLAYER_KEYS } from '../../../testing/keys.ts';
import { claimParcel } from '../../../testing/test-chain.ts';

describe('rig actions on a real chain', () => {
  const id = parcelId(70, -20);
  // A owns parcel 70,-20 (its starter rig is level 1)
  const world = useChainWorld(EASY_MINING, async ({ chain }) => {
    await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[0], 70, -20);
  });

  it('builds a rig with ORE, and says so when the ORE or the parcel is missing', async () => {
    const { b, provider } = world;
    const poor = world.actionsOf(Wallet.createRandom(provider));
    expect(refusal(await poor.buildRig(id))).toMatch(/insufficient funds|not enough ETH|Not enough tokens/i);
    expect(refusal(await b.actions.buildRig(id))).toMatch(/^Not enough tokens: you have 0, 1 needed/);
    expect(refusal(await b.actions.buildRig(parcelId(-99, 99)))).toBe(
      'Parcel -99,99 is unclaimed: it has no rig.',
    );

    // B mines on A's parcel: half of the level-1 reward (5 ORE) is B's
    expect((await mineOn(world, id, b.wallet)).kind).toBe('mined');
    const ore = await b.actions.oreBalance(b.address);
    expect(ore).toBe(5n * ONE_ORE);
    expect(await b.actions.buildRig(id)).toMatchObject({ ok: true, value: 2 });
    expect(await b.actions.oreBalance(b.address)).toBe(ore - ONE_ORE);
  });
});
