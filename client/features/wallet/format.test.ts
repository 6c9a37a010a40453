import { describe, expect, it } from 'vitest';
import { ONE_ETH } from '../../../shared/units.ts';
import { amountInput, formatAmount, shortAddress } from './format.ts';

const units = (whole: number) => BigInt(Math.round(whole * 1e6)) * 10n ** 12n;

describe('formatAmount', () => {
  it('shows whole amounts whole, without a trailing ".0"', () => {
    expect(formatAmount(400n * ONE_ETH)).toBe('400');
    expect(formatAmount(0n)).toBe('0');
    expect(formatAmount(ONE_ETH)).toBe('1');
  });

  it('separates thousands and keeps a long whole part whole', () => {
    expect(formatAmount(10_000n * ONE_ETH)).toBe('10,000');
    expect(formatAmount(1_234_567n * ONE_ETH + ONE_ETH / 3n)).toBe('1,234,567');
    expect(formatAmount(units(1234.5))).toBe('1,235');
  });

  it('keeps four significant digits of small amounts', () => {
    expect(formatAmount(units(0.04))).toBe('0.04');
    expect(formatAmount(123_456_789_000_000_000n)).toBe('0.1235');
    expect(formatAmount(12_345_000_000_000n)).toBe('0.00001235');
    expect(formatAmount(1n)).toBe('0.000000000000000001');
    expect(formatAmount(units(12.3456))).toBe('12.35');
  });

  it('carries a rounding into the whole part and signs negatives', () => {
    expect(formatAmount(999_996_000_000_000_000n)).toBe('1');
    expect(formatAmount(-5n * 10n ** 17n)).toBe('-0.5');
  });
});

describe('amountInput', () => {
  it('pre-fills six significant digits without separators', () => {
    expect(amountInput(2500n * ONE_ETH)).toBe('2500');
    expect(amountInput(10n ** 16n / 3n)).toBe('0.00333333');
  });

  it('rounds the way the box needs: a least bid up, a most-allowed down', () => {
    const least = ONE_ETH + 1n;
    expect(amountInput(least, 'up')).toBe('1.00001');
    expect(amountInput(least, 'down')).toBe('1');
    expect(amountInput(1_999_999_900_000_000_000n, 'down')).toBe('1.99999');
  });
});

describe('shortAddress', () => {
  it('shortens addresses and leaves guest ids alone', () => {
    expect(shortAddress('0x70997970C51812dc3A010C7d01b50e0d17dc79C8')).toBe('0x7099…79C8');
    expect(shortAddress('guest-abc')).toBe('guest-abc');
  });
});
