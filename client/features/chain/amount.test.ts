import { describe, expect, it } from 'vitest';
import { ONE_SHARE } from '../../../shared/units.ts';
import { parseAmount } from './amount.ts';

describe('parseAmount', () => {
  it('reads decimals as 18-decimal units', () => {
    expect(parseAmount('12.5', 'Shares')).toBe(12_500_000_000_000_000_000n);
    expect(parseAmount(' 0.000000000000000001 ', 'ETH')).toBe(1n);
    expect(parseAmount('100', 'Shares')).toBe(100n * ONE_SHARE);
  });

  it('refuses what is not a plain non-negative decimal, naming the field', () => {
    for (const bad of ['', '-1', '1e3', '0.0000000000000000001', 'abc', '1.2.3']) {
      expect(() => parseAmount(bad, 'Bid (ETH)')).toThrow('Bid (ETH): enter a number such as 12.5');
    }
  });
});
