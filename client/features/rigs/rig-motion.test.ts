import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FLASH_SECONDS, flashGlow, MAX_TURNS_PER_SECOND, rotorSpeed } from './rig-motion.ts';

describe('rotorSpeed', () => {
  it('stands still without hashes and turns once a second at 1 kH/s, twice at 1 MH/s', () => {
    expect(rotorSpeed(0)).toBe(0);
    expect(rotorSpeed(-5)).toBe(0);
    expect(rotorSpeed(Number.NaN)).toBe(0);
    expect(rotorSpeed(999)).toBeCloseTo(2 * Math.PI, 2);
    expect(rotorSpeed(999_999)).toBeCloseTo(4 * Math.PI, 2);
  });

  it('grows with the hash rate and stays under the cap', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 1e15, noNaN: true }),
        fc.double({ min: 0, max: 1e15, noNaN: true }),
        (a, b) => {
          const [low, high] = a <= b ? [a, b] : [b, a];
          expect(rotorSpeed(low)).toBeLessThanOrEqual(rotorSpeed(high));
          expect(rotorSpeed(high)).toBeLessThanOrEqual(MAX_TURNS_PER_SECOND * 2 * Math.PI);
        },
      ),
    );
  });
});

describe('flashGlow', () => {
  it('starts full, fades linearly and ends', () => {
    expect(flashGlow(10, 10)).toBe(1);
    expect(flashGlow(10, 10 + FLASH_SECONDS / 2)).toBeCloseTo(0.5);
    expect(flashGlow(10, 10 + FLASH_SECONDS)).toBe(0);
    expect(flashGlow(10, 9)).toBe(0);
    expect(flashGlow(Number.NEGATIVE_INFINITY, 0)).toBe(0);
  });
});
