import { computeAddress, JsonRpcProvider, parseEther } from 'ethers';
import { describe, expect, it } from 'vitest';
import { shareVaultAbi } from '../../../shared/contracts.ts';
import { typedContract } from '../../../shared/typed-contract.ts';
import { ONE_SHARE } from '../../../shared/units.ts';
import { VaultState } from '../../../shared/vault-state.ts';
import { claimPriceWei, parcelId } from '../../../shared/world.ts';
import {
  type ChainWorld,
  EASY_MINING,
  fractionalized,
  mineOn,
  must,
  useChainWorld,
} from '../../../testing/chain-world.ts';
import { PLAYER_KEYS } from '../../../testing/keys.ts';
import { claimParcel, startTestChain } from '../../../testing/test-chain.ts';
import { defaultTerms } from './chain-actions.ts';
import { createFootprintScanner } from './holder-logs.ts';

const [boughtOutParcel, redeemedParcel] = [parcelId(70, -20), parcelId(72, -20)];
const redeemedTerms = { ...defaultTerms(claimPriceWei(72, -20)), offerAmount: 10n * ONE_SHARE };

/**
 * The story the portfolio reads: A's vault of 70,-20 with a pool A seeded, bought out by B after
 * C was outbid (A cashed out and took its refunds, C has not); A's vault of 72,-20, where A bought
 * the offering back and redeemed the parcel.
 */
async function story(world: ChainWorld): Promise<{ boughtOut: string; redeemed: string }> {
  const { a, b, c, provider } = world;
  const boughtOut = await fractionalized(world, [70, -20]);
  must(await b.actions.buyShares(boughtOut, 100n * ONE_SHARE));
  must(await a.actions.addLiquidity(boughtOut, 100n * ONE_SHARE, parseEther('0.1'), 50));
  const { reservePrice } = await a.actions.position(boughtOut, a.address);
  must(await a.actions.startBuyout(boughtOut, reservePrice));
  must(await c.actions.bid(boughtOut, reservePrice * 2n));
  must(await b.actions.bid(boughtOut, reservePrice * 4n));
  await provider.send('evm_increaseTime', [60 * 60]);
  must(await b.actions.endBuyout(boughtOut));
  must(await a.actions.cash(boughtOut));
  must(await a.actions.withdrawPayments(boughtOut));

  const redeemed = await fractionalized(world, [72, -20], redeemedTerms);
  must(await a.actions.buyShares(redeemed, redeemedTerms.offerAmount));
  must(await a.actions.redeem(redeemed));
  return { boughtOut, redeemed };
}

describe('holdings read from a real chain', () => {
  let vaults = { boughtOut: '', redeemed: '' };
  const world = useChainWorld(EASY_MINING, async (w) => {
    vaults = await story(w);
  });
  const sharesOf = (address: string) =>
    typedContract(vaults.boughtOut, shareVaultAbi, world.provider).balanceOf(address);

  it("reads each player's portfolio from logs: a vault the parcel has left stays while anything is left there", async () => {
    const { a, b, c } = world;
    const { boughtOut, redeemed } = vaults;
    const holdingsA = await a.actions.holdings(a.address);
    // A lost 70,-20 in the buyout and took 72,-20 back whole
    expect(holdingsA.parcels).toEqual([redeemedParcel]);
    // in the bought-out vault A cashed its shares and withdrew its refunds but still has pool
    // tokens (to remove, then cash); in the redeemed one A is owed what it paid its own offering
    expect(holdingsA.positions.map((p) => [p.vault, p.state])).toEqual([
      [boughtOut, VaultState.Ended],
      [redeemed, VaultState.Redeemed],
    ]);
    expect(holdingsA.positions[0]).toMatchObject({ shares: 0n, refunds: 0n });
    expect(holdingsA.positions[0]?.lp).toBeGreaterThan(0n);
    expect(holdingsA.positions[1]).toMatchObject({
      shares: 0n,
      lp: 0n,
      refunds: 10n * redeemedTerms.offerPrice,
    });
    expect(holdingsA.ore).toBe(await a.actions.oreBalance(a.address));

    const holdingsB = await b.actions.holdings(b.address);
    expect(holdingsB.parcels).toEqual([boughtOutParcel]);
    expect(holdingsB.positions).toHaveLength(1);
    expect(holdingsB.positions[0]).toMatchObject({
      vault: boughtOut,
      state: VaultState.Ended,
      shares: 100n * ONE_SHARE, // B can still cash out
    });

    // C never held a share: the refund it is owed is found by its PaymentCredited log
    const holdingsC = await c.actions.holdings(c.address);
    expect(holdingsC.parcels).toEqual([]);
    expect(holdingsC.positions.map((p) => [p.vault, p.shares, p.refunds > 0n])).toEqual([
      [boughtOut, 0n, true],
    ]);
    must(await c.actions.withdrawPayments(boughtOut));
    expect((await c.actions.holdings(c.address)).positions).toEqual([]);
  });

  it('finds the same footprint whatever the page size of its log scan', async () => {
    const { provider, chain, a } = world;
    // scanned in pages of 3 blocks from the deployment block, or 2,000: the same footprint
    const paged = await createFootprintScanner(provider, chain.deployment, a.address, 3).scan();
    const whole = await createFootprintScanner(provider, chain.deployment, a.address).scan();
    expect(paged).toEqual(whole);
    expect(whole.vaults).toEqual(
      new Map([
        [vaults.boughtOut, boughtOutParcel],
        [vaults.redeemed, redeemedParcel],
      ]),
    );
    expect(() => createFootprintScanner(provider, chain.deployment, a.address, 0)).toThrow(/pageBlocks/);
  });

  it('tells from one log query whether new blocks touched a position or a portfolio', async () => {
    const { a, b, c, chain, provider } = world;
    const { boughtOut } = vaults;
    const position = await b.actions.position(boughtOut, b.address);
    const held = await b.actions.holdings(b.address);
    const blocks = async (act: () => Promise<unknown>) => {
      const from = (await provider.getBlockNumber()) + 1;
      await act();
      return [from, await provider.getBlockNumber()] as const;
    };
    // a claim elsewhere, and ORE mined on A's parcel (minted to A): nothing of B's moved
    const elsewhere = await blocks(async () => {
      await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[2], 90, 90);
      expect((await mineOn(world, redeemedParcel, a.wallet)).kind).toBe('mined');
    });
    expect(await b.actions.positionChanged(position, ...elsewhere)).toBe(false);
    expect(await b.actions.holdingsChanged(b.address, held, ...elsewhere)).toBe(false);

    // B gives C a share of the vault: both B's position and portfolio moved
    const gift = await blocks(async () => {
      const shares = typedContract(boughtOut, shareVaultAbi, b.wallet);
      await (await shares.transfer(c.address, ONE_SHARE)).wait();
    });
    expect(await b.actions.positionChanged(position, ...gift)).toBe(true);
    expect(await b.actions.holdingsChanged(b.address, held, ...gift)).toBe(true);
    expect(await sharesOf(b.address)).toBe(99n * ONE_SHARE);
    const heldC = await c.actions.holdings(c.address);
    expect(heldC.positions.map((p) => [p.vault, p.shares])).toEqual([[boughtOut, ONE_SHARE]]);
  });
});

describe('holdings across a chain restart', () => {
  it('scans a restarted chain again from the start, trusting nothing it scanned before', async () => {
    // a chain of its own: a restart leaves nothing a snapshot could go back to
    const chain = await startTestChain();
    const provider = new JsonRpcProvider(chain.rpcUrl, chain.deployment.chainId, {
      staticNetwork: true,
      cacheTimeout: -1,
    });
    try {
      await claimParcel(chain.rpcUrl, chain.deployment, PLAYER_KEYS[1], 5, 5);
      const scanner = createFootprintScanner(provider, chain.deployment, computeAddress(PLAYER_KEYS[1]));
      expect((await scanner.scan()).parcels).toEqual(new Set([parcelId(5, 5)]));
      await chain.restart(); // an empty chain: no contracts, no logs
      expect(await scanner.scan()).toEqual({ vaults: new Map(), parcels: new Set() });
    } finally {
      provider.destroy();
      await chain.stop();
    }
  });
});
