import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { advanceStride, BOB, type Gait, MAX_STEP, STRIDE_LENGTH, type Stride, SWING } from './stride.ts';

describe('advanceStride', () => {
  it('swings the legs with the distance walked: a quarter stride is the full swing forward', () => {
    const stride: Stride = { x: 0, z: 0, phase: 0 };
    const gait: Gait = { swing: 0, bob: 0 };
    advanceStride(stride, STRIDE_LENGTH / 4, 0, gait);
    expect(gait.swing).toBeCloseTo(SWING);
    expect(gait.bob).toBeCloseTo(BOB);
    advanceStride(stride, STRIDE_LENGTH / 2, 0, gait);
    expect(gait.swing).toBeCloseTo(0);
    advanceStride(stride, STRIDE_LENGTH / 2, STRIDE_LENGTH / 4, gait);
    expect(gait.swing).toBeCloseTo(-SWING);
  });

  it('stands straight when not moving and takes no steps on a jump', () => {
    const stride: Stride = { x: 0, z: 0, phase: 1 };
    const gait: Gait = { swing: 0.3, bob: 0.1 };
    advanceStride(stride, 0, 0, gait);
    expect(gait).toEqual({ swing: 0, bob: 0 });
    advanceStride(stride, MAX_STEP + 1, 0, gait);
    expect(gait).toEqual({ swing: 0, bob: 0 });
    expect(stride).toMatchObject({ x: MAX_STEP + 1, z: 0, phase: 1 });
  });

  it('keeps the swing and the bob within their bounds', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: -2, max: 2, noNaN: true }), { maxLength: 30 }), (moves) => {
        const stride: Stride = { x: 0, z: 0, phase: 0 };
        const gait: Gait = { swing: 0, bob: 0 };
        let x = 0;
        for (const dx of moves) {
          x += dx;
          advanceStride(stride, x, 0, gait);
          expect(Math.abs(gait.swing)).toBeLessThanOrEqual(SWING);
          expect(gait.bob).toBeGreaterThanOrEqual(0);
          expect(gait.bob).toBeLessThanOrEqual(BOB);
        }
      }),
    );
  });
});
