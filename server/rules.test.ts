import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_HEADING, MAX_WALK_SPEED } from '../shared/protocol.ts';
import { cleanText, defaultName, isWalkable, normalizeHeading, playerColor } from './rules.ts';

describe('isWalkable', () => {
  it('allows walking speed and refuses teleports', () => {
    expect(isWalkable({ x: 0, z: 0 }, { x: MAX_WALK_SPEED, z: 0 }, 1_000)).toBe(true);
    expect(isWalkable({ x: 0, z: 0 }, { x: MAX_WALK_SPEED * 2, z: 0 }, 1_000)).toBe(false);
    expect(isWalkable({ x: 0, z: 0 }, { x: 100, z: 100 }, 0)).toBe(false);
  });

  it('never refuses a move at or under walking speed, whatever the timing', () => {
    fc.assert(
      fc.property(
        fc.double({ min: 0, max: 2 * Math.PI, noNaN: true }),
        fc.integer({ min: 100, max: 10_000 }),
        (angle, ms) => {
          const distance = (MAX_WALK_SPEED * ms) / 1000;
          return isWalkable(
            { x: 0, z: 0 },
            { x: Math.cos(angle) * distance, z: Math.sin(angle) * distance },
            ms,
          );
        },
      ),
    );
  });
});

describe('cleanText', () => {
  it('removes control and bidi characters and collapses whitespace', () => {
    expect(cleanText('  hi\u0000\u0007 there\u202e\u200b\n\tyou ')).toBe('hi there you');
    expect(cleanText('\u0000\u0001')).toBe('');
    expect(cleanText('ok: 0x1234 ✓')).toBe('ok: 0x1234 ✓');
  });
});

describe('names and colours', () => {
  it('shortens addresses and keeps guest ids', () => {
    expect(defaultName('0x70997970C51812dc3A010C7d01b50e0d17dc79C8')).toBe('0x7099…79C8');
    expect(defaultName('guest-abc')).toBe('guest-abc');
    expect(playerColor('0xabc')).toMatch(/^hsl\(\d+, 70%, 55%\)$/);
    expect(playerColor('0xabc')).toBe(playerColor('0xABC'));
  });
});

describe('normalizeHeading', () => {
  it('maps every finite heading the protocol allows into [-π, π), the same direction', () => {
    fc.assert(
      fc.property(fc.double({ min: -MAX_HEADING, max: MAX_HEADING, noNaN: true }), (heading) => {
        const stored = normalizeHeading(heading);
        expect(stored).toBeGreaterThanOrEqual(-Math.PI);
        expect(stored).toBeLessThan(Math.PI);
        expect(Math.cos(stored)).toBeCloseTo(Math.cos(heading), 6);
        expect(Math.sin(stored)).toBeCloseTo(Math.sin(heading), 6);
      }),
    );
  });
});
