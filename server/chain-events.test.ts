import { ZeroAddress } from 'ethers';
import { describe, expect, it } from 'vitest';
import * as abi from '../shared/contracts.ts';
import { largestHolders } from '../shared/structures.ts';
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
/** Alice's parcel `id` split into `supply` shares in `vault`, `offered` of them in its offering. */
const fractionalizedLog = (supply: bigint, offered = 1n) =>
  logOf(abi.fractionalizerAbi, deployment.addresses.Fractionalizer, 'ParcelFractionalized', [
    id,
    vault,
    alice,
    supply,
    1n,
    1n,
    offered,
  ]);

describe('applyLog', () => {
  it('follows a parcel through claim, fractionalization, buyout and back', () => {
    const world = emptyWorld();
    const apply = (log: RawLog) => applyLog(world, deployment, log);

    expect(apply(land('Transfer', [ZeroAddress, alice, id])).changed).toEqual([id]);
    expect(apply(land('ParcelClaimed', [id, alice, 2, 3, 10n ** 16n])).feed?.kind).toBe('claim');
    expect(world.parcels.get(id)).toMatchObject({ status: ParcelStatus.Owned, owner: alice, rigLevel: 1 });

    apply(logOf(abi.oreMinerAbi, deployment.addresses.OreMiner, 'RigBuilt', [id, alice, 3n, 5n]));
    expect(world.parcels.get(id)?.rigLevel).toBe(3);

    const split = apply(fractionalizedLog(1000n * ONE_SHARE));
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
    apply(fractionalizedLog(1000n));
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

  it("follows the style on chain, the open style vote, and the vault's top holders (stakes stay their staker's)", () => {
    const world = emptyWorld();
    const apply = (log: RawLog) => applyLog(world, deployment, log);
    const shares = (from: string, to: string, amount: bigint) =>
      apply(logOf(abi.shareVaultAbi, vault, 'Transfer', [from, to, amount * ONE_SHARE]));
    apply(land('Transfer', [ZeroAddress, alice, id]));
    expect(apply(land('ParcelStyled', [id, alice, 2n, 4n])).feed?.text).toBe('2,3 restyled: Striped, Jade');
    expect(world.parcels.get(id)).toMatchObject({ style: 2, palette: 4, topHolders: '' });
    apply(fractionalizedLog(1000n * ONE_SHARE, 400n * ONE_SHARE));
    apply(land('Transfer', [alice, vault, id]));
    const hue = (holder: string) => largestHolders([{ address: holder, balance: 1n }])[0]?.hue;
    // the 400 offered stay in the vault (no band), the curator holds 600
    expect(world.parcels.get(id)?.topHolders).toBe(`${hue(alice)}:6000`);
    expect(shares(vault, bob, 300n).changed).toEqual([id]);
    expect(world.parcels.get(id)?.topHolders).toBe(`${hue(alice)}:6000,${hue(bob)}:3000`);
    // a stake moves the shares to staking, not away from the staker
    expect(shares(bob, deployment.addresses.ParcelStaking, 200n).changed).toEqual([]);
    expect(shares(alice, bob, 400n).changed).toEqual([id]);
    expect(world.parcels.get(id)?.topHolders).toBe(`${hue(bob)}:7000,${hue(alice)}:2000`);

    const proposed = apply(
      logOf(abi.shareVaultAbi, vault, 'StyleProposed', [1n, bob, 3n, 5n, 1_900_000_000n]),
    );
    expect(proposed.feed?.text).toMatch(/proposed Crowned, Teal for 2,3$/);
    expect(world.parcels.get(id)?.styleVoteEnd).toBe(1_900_000_000);
    apply(logOf(abi.shareVaultAbi, vault, 'StyleSettled', [1n, true, 700n, 0n]));
    apply(land('ParcelStyled', [id, vault, 3n, 5n]));
    expect(world.parcels.get(id)).toMatchObject({ style: 3, palette: 5, styleVoteEnd: 0 });

    // whole again: the style stays with the parcel, the old vault's holders and votes do not
    apply(logOf(abi.shareVaultAbi, vault, 'StyleProposed', [2n, bob, 1n, 1n, 1_900_000_000n]));
    apply(land('Transfer', [vault, bob, id]));
    expect(world.parcels.get(id)).toMatchObject({ style: 3, palette: 5, styleVoteEnd: 0, topHolders: '' });
    expect(shares(bob, alice, 1n).changed).toEqual([]);
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
