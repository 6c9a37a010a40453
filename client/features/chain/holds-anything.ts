import type { VaultPosition } from './holdings-reads.ts';

/**
 * True while the holder has anything left in the vault: shares, a stake, ORE, refunds, pool
 * tokens. A module of its own: panels in the initial bundle use it without loading ethers.
 */
export function holdsAnything(p: VaultPosition): boolean {
  return p.shares + p.staked + p.earned + p.refunds + p.lp > 0n;
}
