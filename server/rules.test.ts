import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MAX_HEADING, MAX_WALK_SPEED, VIEW_RADIUS } from '../shared/protocol.ts';
import {
  cleanText,
  defaultName,
  fullBucket,
  InterestGrid,
  isWalkable,
  normalizeHeading,
  playerColor,
  takeToken,
} from './rules.ts';

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

describe('takeToken', () => {
  it('allows a burst, then the sustained rate', () => {
    const bucket = fullBucket(3, 0);
    expect([1, 2, 3, 4].map(() => takeToken(bucket, 0, 2, 3))).toEqual([true, true, true, false]);
    expect(takeToken(bucket, 499, 2, 3)).toBe(false); // 0.998 tokens
    expect(takeToken(bucket, 500, 2, 3)).toBe(true);
    expect(takeToken(bucket, 100_000, 2, 3)).toBe(true); // refills up to the burst only
    expect(bucket.tokens).toBe(2);
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

describe('InterestGrid', () => {
  it('finds exactly the keys within VIEW_RADIUS, also across cell borders and after moves', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            x: fc.double({ min: -150, max: 150, noNaN: true }),
            z: fc.double({ min: -150, max: 150, noNaN: true }),
          }),
          {
            minLength: 1,
            maxLength: 60,
          },
        ),
        fc.record({
          x: fc.double({ min: -150, max: 150, noNaN: true }),
          z: fc.double({ min: -150, max: 150, noNaN: true }),
        }),
        (points, probe) => {
          const grid = new InterestGrid<number>();
          const at = new Map<number, { x: number; z: number }>();
          points.forEach((p, i) => {
            grid.place(i, { x: 0, z: 0 }); // then move: the grid must follow
            grid.place(i, p);
            at.set(i, p);
          });
          grid.remove(0);
          at.delete(0);
          const found = [...grid.near(probe, (k) => at.get(k), new Set([-1]))].sort((a, b) => a - b);
          const expected = [...at]
            .filter(([, p]) => Math.hypot(p.x - probe.x, p.z - probe.z) <= VIEW_RADIUS)
            .map(([k]) => k);
          expect(found).toEqual(expected);
        },
      ),
    );
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
