import { describe, expect, it } from 'vitest';
import { landRegistryAbi, shareVaultAbi } from '../../../shared/contracts.ts';
import { typedContract } from '../../../shared/typed-contract.ts';
import { ONE_ETH, ONE_SHARE } from '../../../shared/units.ts';
import { VaultState } from '../../../shared/vault-state.ts';
import { claimPriceWei, parcelId } from '../../../shared/world.ts';
import {
  type ChainWorld,
  fractionalized,
  must,
  refusal,
  useChainWorld,
} from '../../../testing/chain-world.ts';
import { defaultTerms } from './chain-actions.ts';

const ownerOf = (world: ChainWorld, id: number) =>
  typedContract(world.chain.deployment.addresses.LandRegistry, landRegistryAbi, world.provider).ownerOf(
    BigInt(id),
  );

describe('buyout actions on a real chain', () => {
  const [x, y] = [70, -20];
  const id = parcelId(x, y);
  const terms = defaultTerms(claimPriceWei(x, y));
  // A's vault of parcel 70,-20 with the default terms; B bought 100 of its offered shares
  let vault = '';
  const world = useChainWorld(undefined, async (w) => {
    vault = await fractionalized(w, [x, y], terms);
    must(await w.b.actions.buyShares(vault, 100n * ONE_SHARE));
  });

  it('runs a buyout: vote, start, outbid, end, cash out; every wrong step is refused in words', async () => {
    const { a, b, c, provider } = world;
    expect(refusal(await b.actions.voteReserve(vault, terms.reservePrice * 6n))).toMatch(
      /^A reserve vote of 0\.12 ETH is out of range/,
    );
    must(await b.actions.voteReserve(vault, terms.reservePrice * 2n));
    const reserve = (await a.actions.position(vault, a.address)).reservePrice;
    expect(reserve).toBeGreaterThan(terms.reservePrice);

    expect(refusal(await a.actions.startBuyout(vault, reserve - 1n))).toMatch(/is below the reserve price/);
    // more ETH than the wallet holds (10,000 on a test account): said before anything is sent
    const sent = await world.provider.getTransactionCount(a.address);
    expect(refusal(await a.actions.startBuyout(vault, 100_000n * ONE_ETH))).toMatch(
      /failed: you need 100,000 ETH for this and gas; you have [\d,.]+ ETH$/,
    );
    expect(await world.provider.getTransactionCount(a.address)).toBe(sent);
    must(await a.actions.startBuyout(vault, reserve));
    expect((await a.actions.position(vault, a.address)).state).toBe(VaultState.Live);
    expect(refusal(await c.actions.bid(vault, reserve + 1n))).toMatch(/^Bid too low/);
    expect(refusal(await a.actions.cash(vault))).toMatch(/vault is in a buyout auction/);
    expect(refusal(await b.actions.endBuyout(vault))).toMatch(/cannot be ended or cashed yet/);
    // C outbids A, B outbids C: C holds no shares, only a refund
    const raise = (bid: bigint) => (bid * 105n + 99n) / 100n;
    must(await c.actions.bid(vault, raise(reserve)));
    const outbid = raise(raise(reserve));
    must(await b.actions.bid(vault, outbid));
    // A is owed its outbid bid and what B paid for 100 offered shares
    expect((await a.actions.position(vault, a.address)).refunds).toBe(reserve + 100n * terms.offerPrice);
    expect((await c.actions.position(vault, c.address)).refunds).toBe(raise(reserve));

    // The clock moves past the end and no block follows: the latest block still has the auction
    // running, as on an idle chain. Actions simulate on the pending block, at the clock's time.
    await provider.send('evm_increaseTime', [60 * 60]);
    expect(refusal(await b.actions.bid(vault, outbid * 2n))).toMatch(/The auction ended at/);
    must(await b.actions.endBuyout(vault));
    expect(await ownerOf(world, id)).toBe(b.address);

    const shares = typedContract(vault, shareVaultAbi, provider);
    const { totalSupply, livePrice, state } = await a.actions.position(vault, a.address);
    expect(state).toBe(VaultState.Ended);
    const [aShares, before] = [await shares.balanceOf(a.address), await provider.getBalance(a.address)];
    const cashed = await a.actions.cash(vault);
    if (!cashed.ok) throw new Error(cashed.message);
    const receipt = await provider.getTransactionReceipt(cashed.txHash);
    const gas = (receipt?.gasUsed ?? 0n) * (receipt?.gasPrice ?? 0n);
    expect(await provider.getBalance(a.address)).toBe(before + (livePrice * aShares) / totalSupply - gas);
    expect(await shares.balanceOf(a.address)).toBe(0n);
    must(await a.actions.withdrawPayments(vault));
    expect((await a.actions.position(vault, a.address)).refunds).toBe(0n);
  });

  it('redeems a parcel held at 100 %, and refuses with less', async () => {
    const { a } = world;
    const [rx, ry] = [72, -20];
    const redeemable = await fractionalized(world, [rx, ry], {
      ...defaultTerms(claimPriceWei(rx, ry)),
      offerAmount: 10n * ONE_SHARE,
    });
    expect(refusal(await a.actions.redeem(redeemable))).toBe(
      'Redeeming needs every share: you hold 990 shares of 1,000 shares.',
    );
    must(await a.actions.buyShares(redeemable, 10n * ONE_SHARE));
    must(await a.actions.redeem(redeemable));
    expect(await ownerOf(world, parcelId(rx, ry))).toBe(a.address);
    expect((await a.actions.position(redeemable, a.address)).state).toBe(VaultState.Redeemed);
  });
});

describe('an auction on an idle chain', () => {
  // the extension may not exceed the length (ShareVault refuses InvalidAuctionTimes)
  const world = useChainWorld({ auctionLengthSec: 2, auctionExtensionSec: 1 });

  it('ends as soon as the clock passes its end, with no other block mined since it started', async () => {
    const { a, b, provider } = world;
    const vault = await fractionalized(world, [40, 40]);
    const { reservePrice } = await b.actions.position(vault, b.address);
    must(await b.actions.startBuyout(vault, reservePrice));
    const { auctionEnd } = await b.actions.position(vault, b.address);
    const started = await provider.getBlockNumber();
    // what the countdown does: wait for the clock, not for a block
    while (Date.now() / 1000 < auctionEnd) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await provider.getBlockNumber()).toBe(started);
    expect((await provider.getBlock('latest'))?.timestamp).toBeLessThan(auctionEnd);
    must(await b.actions.endBuyout(vault));
    must(await a.actions.cash(vault));
    expect(await ownerOf(world, parcelId(40, 40))).toBe(b.address);
  });
});
