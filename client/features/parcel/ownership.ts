import type { HolderRow } from '../../../shared/market-api.ts';
import { formatAmount } from '../wallet/format.ts';

/**
 * A fractionalized parcel's owners in one line, from the market history's cap table: "Co-owned ·
 * 3 holders · you hold 50 shares (5 %)". Players only: the unsold offering and the pool's shares
 * are no holders; a player's staked shares count as theirs (the table includes them).
 */
export function ownershipLine(holders: readonly HolderRow[], address: string | null): string {
  const players = holders.filter((row) => row.kind === 'holder' && BigInt(row.amount) > 0n);
  const count = `${players.length} ${players.length === 1 ? 'holder' : 'holders'}`;
  const mine = address
    ? players.find((row) => row.holder.toLowerCase() === address.toLowerCase())
    : undefined;
  if (!mine) return `Co-owned · ${count}`;
  // percent of the supply, 3 significant digits at most (12.5 %, 0.1 %)
  const percent = Number((mine.ofSupply * 100).toPrecision(3));
  return `Co-owned · ${count} · you hold ${formatAmount(BigInt(mine.amount))} shares (${percent} %)`;
}
