import { describe, expect, it } from 'vitest';
import { MAX_BANDS } from '../../../shared/structures.ts';
import { RESELECT_DISTANCE, withinReach, writeBands } from './structure-instances.ts';

/** The band the structure shader picks for a floor at height fraction `level`. */
function bandAt(top: Float32Array, i: number, level: number): number {
  let band = 0;
  for (let slot = 0; slot < MAX_BANDS - 1; slot++) if (level >= (top[i * MAX_BANDS + slot] as number)) band++;
  return band;
}

describe('writeBands', () => {
  it('writes each band as hue, lightness and where it ends, into the instance slot', () => {
    const hue = new Float32Array(2 * MAX_BANDS);
    const light = new Float32Array(2 * MAX_BANDS);
    const top = new Float32Array(2 * MAX_BANDS);
    writeBands(
      [
        { hue: 128, lightness: 0.5, share: 0.5 },
        { hue: 64, lightness: 0.72, share: 0.3 },
        { hue: 32, lightness: 0.5, share: 0.2 },
      ],
      hue,
      light,
      top,
      1,
    );
    expect([...hue.slice(4)]).toEqual([0.5, 0.25, 0.125, 0.125]);
    expect([...light.slice(4)].map((l) => Math.round(l * 100))).toEqual([50, 72, 50, 50]);
    expect([...top.slice(4)]).toEqual([0.5, expect.closeTo(0.8), 1, 1]);
    expect([...hue.slice(0, 4)]).toEqual([0, 0, 0, 0]);
    expect([0.1, 0.6, 0.9].map((level) => bandAt(top, 1, level))).toEqual([0, 1, 2]);
  });

  it('gives a one-band structure that band at every height', () => {
    const hue = new Float32Array(MAX_BANDS);
    const light = new Float32Array(MAX_BANDS);
    const top = new Float32Array(MAX_BANDS);
    writeBands([{ hue: 10, lightness: 0.5, share: 1 }], hue, light, top, 0);
    expect([...top]).toEqual([1, 1, 1, 1]);
    expect([0, 0.5, 0.99].map((level) => bandAt(top, 0, level))).toEqual([0, 0, 0]);
  });
});

describe('withinReach', () => {
  it('keeps structures within the reach plus the reselect margin, by distance from the camera', () => {
    expect(withinReach(0, 0, 0, 50, 0, 60)).toBe(true);
    expect(withinReach(0, 60 + RESELECT_DISTANCE, 0, 0, 0, 60)).toBe(true);
    expect(withinReach(0, 61 + RESELECT_DISTANCE, 0, 0, 0, 60)).toBe(false);
    // high above, nothing is in reach however close below
    expect(withinReach(0, 0, 0, 100, 0, 60)).toBe(false);
  });
});
