import { describe, expect, it } from 'vitest';
import type { HolderRow } from '../../../shared/market-api.ts';
import { ONE_SHARE } from '../../../shared/units.ts';
import { ownershipLine } from './ownership.ts';

const A = '0x70997970C51812dc3A010C7d01b50e0d17dc79C8';
const B = '0x3C44CdDdB6a900fa2b585dd299e03d12FA4293BC';
const row = (
  holder: string,
  shares: bigint,
  ofSupply: number,
  kind: HolderRow['kind'] = 'holder',
): HolderRow => ({
  holder,
  amount: String(shares * ONE_SHARE),
  ofSupply,
  kind,
});

describe('ownershipLine', () => {
  const table = [
    row(A, 600n, 0.6),
    row(B, 50n, 0.05),
    row('0xvault', 300n, 0.3, 'offering'),
    row('0xpair', 50n, 0.05, 'pool'),
  ];

  it('counts players only and says what the viewer holds', () => {
    expect(ownershipLine(table, B.toLowerCase())).toBe('Co-owned · 2 holders · you hold 50 shares (5 %)');
    expect(ownershipLine(table, A)).toBe('Co-owned · 2 holders · you hold 600 shares (60 %)');
  });

  it('leaves the viewer out when they hold nothing (or sold everything)', () => {
    expect(ownershipLine(table, null)).toBe('Co-owned · 2 holders');
    expect(ownershipLine([row(A, 1000n, 1), row(B, 0n, 0)], B)).toBe('Co-owned · 1 holder');
  });
});
