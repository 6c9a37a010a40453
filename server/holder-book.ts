import { ZeroAddress } from 'ethers';
import { BANDED_HOLDERS, encodeTopHolders, type Holding, largestHolders } from '../shared/structures.ts';

/**
 * One vault's share balances and its largest holders, kept as transfers come. A transfer costs
 * O(1) plus a sort of the few top holders; only a top holder's balance going down makes the next
 * `topHolders()` look at every holder once (someone else may now rank above). So replaying the
 * transfers of a vault with tens of thousands of holders stays linear, where sorting every
 * holder after every transfer was quadratic.
 */
export class HolderBook {
  readonly #balances = new Map<string, bigint>();
  /** What the holders with a positive balance hold together (the supply the parts are of). */
  #held = 0n;
  /**
   * The BANDED_HOLDERS largest holders but `skip`, largest first (ties by address); all of them
   * when fewer. Null when it must be counted again.
   */
  #top: Holding[] | null = [];

  /** `skip`: the vault itself (its unsold offering counts in the supply but has no band). */
  constructor(readonly skip: string) {}

  balanceOf(holder: string): bigint {
    return this.#balances.get(holder) ?? 0n;
  }

  /** Moves `holder`'s balance by `delta` (the zero address, mint and burn side, is nobody). */
  add(holder: string, delta: bigint): void {
    if (holder === ZeroAddress || delta === 0n) return;
    const before = this.balanceOf(holder);
    const balance = before + delta;
    if (balance === 0n) this.#balances.delete(holder);
    else this.#balances.set(holder, balance);
    this.#held += positive(balance) - positive(before);
    if (holder !== this.skip && this.#top) this.#top = this.#moved(this.#top, holder, balance, delta);
  }

  /** The top holders as the room sends them (shared/structures.ts encodeTopHolders). */
  topHolders(): string {
    this.#top ??= this.#count();
    return encodeTopHolders(largestHolders(this.#top, this.#held));
  }

  /** The top list after `holder`'s balance moved by `delta` to `balance`; null to count again. */
  #moved(top: Holding[], holder: string, balance: bigint, delta: bigint): Holding[] | null {
    const rest = top.filter((entry) => entry.address !== holder);
    const wasTop = rest.length < top.length;
    // a top holder going down may fall below someone outside the list, unless nobody is outside
    if (wasTop && delta < 0n && top.length >= BANDED_HOLDERS) return null;
    if (!wasTop && delta < 0n) return top;
    if (balance > 0n) rest.push({ address: holder, balance });
    return rest.sort(byBalance).slice(0, BANDED_HOLDERS);
  }

  /** The top list from every balance, in one pass. */
  #count(): Holding[] {
    const top: Holding[] = [];
    for (const [address, balance] of this.#balances) {
      if (address === this.skip || balance <= 0n) continue;
      const last = top[BANDED_HOLDERS - 1];
      if (last && byBalance({ address, balance }, last) >= 0) continue;
      top.push({ address, balance });
      top.sort(byBalance);
      top.length = Math.min(top.length, BANDED_HOLDERS);
    }
    return top;
  }
}

const positive = (amount: bigint) => (amount > 0n ? amount : 0n);

/** Largest first, ties by address (as shared/structures.ts largestHolders orders them). */
function byBalance(a: Holding, b: Holding): number {
  if (a.balance === b.balance) return a.address.localeCompare(b.address);
  return a.balance > b.balance ? -1 : 1;
}
