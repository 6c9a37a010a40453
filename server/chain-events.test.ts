import { ZeroAddress } from 'ethers';
import { describe, expect, it } from 'vitest';
import * as abi from '../shared/contracts.ts';
import { ONE_SHARE } from '../shared/units.ts';
import { ParcelStatus, parcelId } from '../shared/world.ts';
import { fakeDeployment, logOf, randomAddress } from '../testing/test-logs.ts';
import { applyLog, emptyWorld, HANDLED_TOPICS, type RawLog } from './chain-events.ts';

const address = randomAddress;
const deployment = fakeDeployment();

const alice = address();
const bob = address();
const vault = address();
const id = parcelId(2, 3);
const land = (event: string, values: unknown[]) =>
  logOf(abi.landRegistryAbi, deployment.addresses.LandRegistry, event, values);

describe('applyLog', () => {
  it('follows a parcel through claim, fractionalization, buyout and back', () => {
    const world = emptyWorld();
    const apply = (log: RawLog) => applyLog(world, deployment, log);

    expect(apply(land('Transfer', [ZeroAddress, alice, id])).changed).toEqual([id]);
    expect(apply(land('ParcelClaimed', [id, alice, 2, 3, 10n ** 16n])).feed?.kind).toBe('claim');
    expect(world.parcels.get(id)).toMatchObject({ status: ParcelStatus.Owned, owner: alice, rigLevel: 1 });

    apply(logOf(abi.oreMinerAbi, deployment.addresses.OreMiner, 'RigBuilt', [id, alice, 3n, 5n]));
    expect(world.parcels.get(id)?.rigLevel).toBe(3);

    const split = apply(
      logOf(abi.fractionalizerAbi, deployment.addresses.Fractionalizer, 'ParcelFractionalized', [
        id,
        vault,
        alice,
        1000n * ONE_SHARE,
        1n,
        1n,
        1n,
      ]),
    );
    expect(split.feed?.text).toMatch(/split into 1,000 shares$/);
    apply(land('Transfer', [alice, vault, id]));
    expect(world.parcels.get(id)).toMatchObject({ status: ParcelStatus.Fractional, owner: vault, vault });

    apply(logOf(abi.shareVaultAbi, vault, 'BuyoutStarted', [bob, 5n, 1_900_000_000n]));
    expect(world.parcels.get(id)).toMatchObject({ status: ParcelStatus.Buyout, auctionEnd: 1_900_000_000 });
    apply(logOf(abi.shareVaultAbi, vault, 'BidPlaced', [alice, 6n, 1_900_000_600n]));
    expect(world.parcels.get(id)?.auctionEnd).toBe(1_900_000_600);

    expect(apply(logOf(abi.shareVaultAbi, vault, 'BuyoutWon', [alice, 6n])).feed?.kind).toBe('buyout-won');
    apply(land('Transfer', [vault, alice, id]));
    expect(world.parcels.get(id)).toMatchObject({
      status: ParcelStatus.Owned,
      owner: alice,
      vault: '',
      auctionEnd: 0,
      rigLevel: 3,
    });
  });

  it("totals the current vault's staked shares, and forgets them when the parcel is whole again", () => {
    const world = emptyWorld();
    const apply = (log: RawLog) => applyLog(world, deployment, log);
    const staking = (event: string, from: string, staker: string, amount: bigint) =>
      apply(logOf(abi.parcelStakingAbi, deployment.addresses.ParcelStaking, event, [from, staker, amount]));
    apply(land('Transfer', [ZeroAddress, alice, id]));
    apply(
      logOf(abi.fractionalizerAbi, deployment.addresses.Fractionalizer, 'ParcelFractionalized', [
        id,
        vault,
        alice,
        1000n,
        1n,
        1n,
        1n,
      ]),
    );
    apply(land('Transfer', [alice, vault, id]));
    // the indexer asks the chain for these topics
    const stakedTopic = logOf(abi.parcelStakingAbi, vault, 'Staked', [vault, alice, 1n]).topics[0];
    expect(HANDLED_TOPICS).toContain(stakedTopic);
    expect(staking('Staked', vault, alice, 600n * ONE_SHARE).changed).toEqual([id]);
    staking('Staked', vault, bob, 250n * ONE_SHARE);
    staking('Withdrawn', vault, alice, 100n * ONE_SHARE);
    expect(world.parcels.get(id)?.staked).toBe(750n * ONE_SHARE);
    // another vault's stakes are not this parcel's
    expect(staking('Staked', address(), bob, ONE_SHARE)).toEqual({ changed: [], feed: null });
    expect(world.parcels.get(id)?.staked).toBe(750n * ONE_SHARE);

    apply(logOf(abi.shareVaultAbi, vault, 'BuyoutWon', [bob, 6n]));
    apply(land('Transfer', [vault, bob, id]));
    expect(world.parcels.get(id)?.staked).toBe(0n);
    // stakers leaving the old vault's pool later change nothing on the parcel
    expect(staking('Withdrawn', vault, alice, 500n * ONE_SHARE).changed).toEqual([]);
    expect(world.parcels.get(id)?.staked).toBe(0n);
  });

  it('ignores logs of other contracts, including ERC-20 transfers with the same topic', () => {
    const world = emptyWorld();
    const erc20 = logOf(abi.oreTokenAbi, deployment.addresses.OreToken, 'Transfer', [alice, bob, 5n]);
    expect(HANDLED_TOPICS).toContain(erc20.topics[0]);
    expect(applyLog(world, deployment, erc20)).toEqual({ changed: [], feed: null });
    const stranger = logOf(abi.landRegistryAbi, address(), 'Transfer', [ZeroAddress, alice, id]);
    expect(applyLog(world, deployment, stranger)).toEqual({ changed: [], feed: null });
    const unknownVault = logOf(abi.shareVaultAbi, address(), 'BuyoutStarted', [bob, 5n, 1n]);
    expect(applyLog(world, deployment, unknownVault)).toEqual({ changed: [], feed: null });
    expect(world.parcels.size).toBe(0);
  });

  it("tells the mining pool a parcel's next challenge after a solution, and a retargeted chain target", () => {
    const world = emptyWorld();
    const next = `0x${'ab'.repeat(32)}`;
    const solved = applyLog(
      world,
      deployment,
      logOf(abi.oreMinerAbi, deployment.addresses.OreMiner, 'SolutionAccepted', [
        id,
        alice,
        `0x${'01'.repeat(32)}`,
        10n,
        next,
      ]),
    );
    expect(solved.mining).toEqual({ kind: 'challenge', parcelId: id, challenge: next });
    const retargeted = applyLog(
      world,
      deployment,
      logOf(abi.oreMinerAbi, deployment.addresses.OreMiner, 'TargetRetargeted', [1000n, 500n, 60n]),
    );
    expect(retargeted.mining).toEqual({ kind: 'target', target: 500n });
  });

  it('drops a burnt parcel', () => {
    const world = emptyWorld();
    applyLog(world, deployment, land('Transfer', [ZeroAddress, alice, id]));
    applyLog(world, deployment, land('Transfer', [alice, ZeroAddress, id]));
    expect(world.parcels.has(id)).toBe(false);
  });
});
