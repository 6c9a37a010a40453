import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { VIEW_RADIUS } from '../shared/protocol.ts';
import { InterestGrid } from './interest-grid.ts';

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
          const found = [...grid.near(probe, new Set([-1]))].sort((a, b) => a - b);
          const expected = [...at]
            .filter(([, p]) => Math.hypot(p.x - probe.x, p.z - probe.z) <= VIEW_RADIUS)
            .map(([k]) => k);
          expect(found).toEqual(expected);
        },
      ),
    );
  });
});
