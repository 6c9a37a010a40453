import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { WALK_LIMIT } from '../../../shared/protocol.ts';
import { cameraShift, clampWalk, stepTowards, walkStep } from './follow.ts';

const coordinate = fc.double({ min: -WALK_LIMIT, max: WALK_LIMIT, noNaN: true });

describe('walkStep', () => {
  it('walks along the view: W away from the camera, D to its right, the distance asked', () => {
    // camera looking towards -z (the default view)
    const forward = { x: 0, z: -1 };
    expect(walkStep({ x: 0, z: 0 }, forward, 1, 0, 2)).toMatchObject({ x: 0, z: -2 });
    const right = walkStep({ x: 0, z: 0 }, forward, 0, 1, 2);
    expect(right?.x).toBeCloseTo(2);
    expect(right?.z).toBeCloseTo(0);
    const diagonal = walkStep({ x: 0, z: 0 }, { x: 0, z: -5 }, 1, 1, 1) as { x: number; z: number };
    expect(Math.hypot(diagonal.x, diagonal.z)).toBeCloseTo(1);
    expect(walkStep({ x: 0, z: 0 }, forward, 1, 0, 1)?.heading).toBeCloseTo(Math.PI);
  });

  it('stands still when the keys cancel out and never leaves the walkable map', () => {
    expect(walkStep({ x: 1, z: 1 }, { x: 0, z: -1 }, 0, 0, 1)).toBeNull();
    expect(walkStep({ x: WALK_LIMIT, z: 0 }, { x: 1, z: 0 }, 1, 0, 5)).toMatchObject({ x: WALK_LIMIT, z: 0 });
  });
});

describe('stepTowards', () => {
  it('walks the distance asked towards the goal and arrives exactly on it', () => {
    const first = stepTowards({ x: 0, z: 0 }, { x: 3, z: 4 }, 2);
    expect(first).toMatchObject({ arrived: false });
    expect(first.x).toBeCloseTo(1.2);
    expect(first.z).toBeCloseTo(1.6);
    expect(stepTowards(first, { x: 3, z: 4 }, 5)).toMatchObject({ x: 3, z: 4, arrived: true });
  });

  it('never overshoots and always gets closer (or arrives)', () => {
    fc.assert(
      fc.property(
        coordinate,
        coordinate,
        coordinate,
        coordinate,
        fc.double({ min: 0.01, max: 5, noNaN: true }),
        (fx, fz, tx, tz, distance) => {
          const before = Math.hypot(tx - fx, tz - fz);
          const step = stepTowards({ x: fx, z: fz }, { x: tx, z: tz }, distance);
          const after = Math.hypot(tx - step.x, tz - step.z);
          if (step.arrived) expect(after).toBe(0);
          else expect(after).toBeCloseTo(before - distance, 6);
          expect(Math.hypot(step.x - fx, step.z - fz)).toBeLessThanOrEqual(distance + 1e-9);
        },
      ),
    );
  });
});

describe('cameraShift', () => {
  it('moves the camera with the avatar while following, so the view keeps its angle and zoom', () => {
    expect(cameraShift('follow', { x: 1, z: 2 }, { x: 4, z: -2 })).toEqual({ x: 3, z: -4 });
  });

  it('never moves the free map view when the avatar walks or is sent back', () => {
    fc.assert(
      fc.property(coordinate, coordinate, coordinate, coordinate, (bx, bz, ax, az) => {
        expect(cameraShift('map', { x: bx, z: bz }, { x: ax, z: az })).toEqual({ x: 0, z: 0 });
      }),
    );
  });
});

describe('clampWalk', () => {
  it('keeps points on the walkable map', () => {
    expect(clampWalk(1e6, -1e6)).toEqual({ x: WALK_LIMIT, z: -WALK_LIMIT });
    expect(clampWalk(3, -4)).toEqual({ x: 3, z: -4 });
  });
});
