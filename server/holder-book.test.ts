import { getAddress, ZeroAddress } from 'ethers';
import { describe, expect, it } from 'vitest';
import * as abi from '../shared/contracts.ts';
import { encodeTopHolders, largestHolders } from '../shared/structures.ts';
import { ONE_SHARE } from '../shared/units.ts';
import { parcelId } from '../shared/world.ts';
import { fakeDeployment, logOf } from '../testing/test-logs.ts';
import { applyLog, emptyWorld } from './chain-events.ts';
import { HolderBook } from './holder-book.ts';

const deployment = fakeDeployment();
/** The n-th holder: a distinct checksummed address. */
const holderAt = (n: number) => getAddress(`0x${(n + 1).toString(16).padStart(40, '0')}`);

/** The top holders by sorting every balance: what the book must agree with. */
function reference(balances: Map<string, bigint>, vault: string): string {
  const entries = [...balances].map(([address, balance]) => ({ address, balance }));
  const held = entries.reduce((sum, entry) => sum + (entry.balance > 0n ? entry.balance : 0n), 0n);
  return encodeTopHolders(largestHolders(entries, held, new Set([vault])));
}

/** A small deterministic pseudo-random sequence (the test repeats exactly). */
function randoms(seed: number) {
  let state = seed;
  return (below: number) => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state % below;
  };
}

describe('holder book', () => {
  it('keeps the top holders of a vault with 10,000 holders through 30,000 transfers, as sorting all of them says', () => {
    const world = emptyWorld();
    const id = parcelId(4, 4);
    const vault = holderAt(1_000_000);
    const curator = holderAt(0);
    const supply = 10_000_000n * ONE_SHARE;
    const holders = 10_000;
    const book = new Map<string, bigint>();
    const move = (from: string, to: string, amount: bigint) => {
      applyLog(world, deployment, logOf(abi.shareVaultAbi, vault, 'Transfer', [from, to, amount]));
      for (const [who, delta] of [
        [from, -amount],
        [to, amount],
      ] as const) {
        if (who === ZeroAddress) continue;
        const balance = (book.get(who) ?? 0n) + delta;
        if (balance === 0n) book.delete(who);
        else book.set(who, balance);
      }
    };
    applyLog(
      world,
      deployment,
      logOf(abi.landRegistryAbi, deployment.addresses.LandRegistry, 'Transfer', [ZeroAddress, curator, id]),
    );
    applyLog(
      world,
      deployment,
      logOf(abi.fractionalizerAbi, deployment.addresses.Fractionalizer, 'ParcelFractionalized', [
        id,
        vault,
        curator,
        supply,
        1n,
        1n,
        supply / 2n,
      ]),
    );
    book.set(curator, supply / 2n);
    book.set(vault, supply / 2n);
    const topHolders = () => world.parcels.get(id)?.topHolders;
    expect(topHolders()).toBe(reference(book, vault));
    const next = randoms(17);
    // the offering sells to every holder, then they trade: large holders sell down, small ones
    // buy up, some sell out, and the vault's unsold shares never get a band
    for (let n = 1; n <= holders; n++) move(vault, holderAt(n), BigInt(1 + next(200)) * ONE_SHARE);
    expect(topHolders()).toBe(reference(book, vault));
    for (let i = 0; i < 20_000; i++) {
      const from = i % 7 === 0 ? curator : holderAt(1 + next(holders));
      const to = holderAt(1 + next(holders));
      const balance = book.get(from) ?? 0n;
      if (balance === 0n || from === to) continue;
      // every fifth transfer moves a whole balance: holders leave the book
      move(from, to, i % 5 === 0 ? balance : balance / BigInt(2 + next(5)));
      if (i % 1_999 === 0) expect(topHolders()).toBe(reference(book, vault));
    }
    expect(topHolders()).toBe(reference(book, vault));
    expect(world.holdings.get(vault)?.balanceOf(curator)).toBe(book.get(curator) ?? 0n);
  }, 120_000);

  it('recounts when a top holder goes down and someone outside the list now ranks above', () => {
    const vault = holderAt(99);
    const book = new HolderBook(vault);
    const [a, b, c, d] = [1, 2, 3, 4].map(holderAt) as [string, string, string, string];
    book.add(vault, 1_000n); // no band, but part of the supply
    book.add(a, 400n);
    book.add(b, 300n);
    book.add(c, 200n);
    book.add(d, 100n);
    const parts = (...entries: [string, bigint][]) =>
      encodeTopHolders(
        largestHolders(
          entries.map(([address, balance]) => ({ address, balance })),
          2_000n,
        ),
      );
    expect(book.topHolders()).toBe(parts([a, 400n], [b, 300n], [c, 200n]));
    book.add(a, -350n); // d (100) now outranks a (50)
    book.add(vault, 350n);
    expect(book.topHolders()).toBe(parts([b, 300n], [c, 200n], [d, 100n]));
    book.add(d, -100n); // d sells out: a is back in the list
    book.add(ZeroAddress, 100n); // the burn side is nobody
    expect(book.topHolders()).toBe(
      encodeTopHolders(
        largestHolders(
          [
            { address: b, balance: 300n },
            { address: c, balance: 200n },
            { address: a, balance: 50n },
          ],
          1_900n,
        ),
      ),
    );
  });
});
