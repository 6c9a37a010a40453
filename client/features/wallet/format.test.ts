import { describe, expect, it } from 'vitest';
import { ONE_ETH } from '../../../shared/units.ts';
import { formatEth, shortAddress } from './format.ts';

describe('formatEth', () => {
  it('prints wei as ETH with trimmed decimals', () => {
    expect(formatEth(40_000_000_000_000_000n)).toBe('0.04');
    expect(formatEth(ONE_ETH * 10_000n)).toBe('10000');
    expect(formatEth(0n)).toBe('0');
    expect(formatEth(123_456_789_000_000_000n)).toBe('0.1235');
    expect(formatEth(-5n * 10n ** 17n)).toBe('-0.5');
    expect(formatEth(1n)).toBe('0');
  });
});

describe('shortAddress', () => {
  it('shortens addresses and leaves guest ids alone', () => {
    expect(shortAddress('0x70997970C51812dc3A010C7d01b50e0d17dc79C8')).toBe('0x7099…79C8');
    expect(shortAddress('guest-abc')).toBe('guest-abc');
  });
});
