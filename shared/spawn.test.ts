import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { districtOf } from './city.ts';
import { SPAWN_POINTS, SPAWN_RADIUS, SPAWN_SPACING, spawnPoint } from './spawn.ts';

describe('spawnPoint', () => {
  it('places every join on Genesis Plaza, within the spawn radius', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e9, max: 1e9 }), (n) => {
        const { x, z } = spawnPoint(n);
        expect(Math.hypot(x, z)).toBeLessThanOrEqual(SPAWN_RADIUS);
        expect(districtOf(Math.round(x), Math.round(z)).zone).toBe('plaza');
      }),
    );
  });

  it('spreads the players out: no two of a round of joins stand closer than most of the spacing', () => {
    const points = Array.from({ length: SPAWN_POINTS }, (_, n) => spawnPoint(n));
    let closest = Number.POSITIVE_INFINITY;
    for (const [i, a] of points.entries())
      for (const b of points.slice(i + 1)) closest = Math.min(closest, Math.hypot(a.x - b.x, a.z - b.z));
    expect(closest).toBeGreaterThan(SPAWN_SPACING * 0.6);
    expect(SPAWN_POINTS).toBeGreaterThanOrEqual(20);
  });

  it('is deterministic, starts near the centre and starts over after a full round', () => {
    expect(spawnPoint(7)).toEqual(spawnPoint(7));
    expect(spawnPoint(SPAWN_POINTS + 3)).toEqual(spawnPoint(3));
    expect(Math.hypot(spawnPoint(0).x, spawnPoint(0).z)).toBeLessThan(SPAWN_SPACING);
    expect(Math.hypot(spawnPoint(1).x, spawnPoint(1).z)).toBeLessThan(2 * SPAWN_SPACING);
  });

  it('faces each player away from the centre', () => {
    for (let n = 1; n < 10; n++) {
      const { x, z, heading } = spawnPoint(n);
      // heading h faces (sin h, cos h) in (x, z), as the client's walking sets it
      expect(Math.sin(heading) * x + Math.cos(heading) * z).toBeCloseTo(Math.hypot(x, z), 6);
    }
  });
});
