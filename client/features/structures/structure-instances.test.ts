import { describe, expect, it } from 'vitest';
import { MAX_BANDS } from '../../../shared/structures.ts';
import { type BandAttributes, RESELECT_DISTANCE, withinReach, writeBands } from './structure-instances.ts';

/** The band the structure shader picks for a floor at height fraction `level`. */
function bandAt(top: Float32Array, i: number, level: number): number {
  let band = 0;
  for (let slot = 0; slot < MAX_BANDS - 1; slot++) if (level >= (top[i * MAX_BANDS + slot] as number)) band++;
  return band;
}

const attributes = (instances: number): BandAttributes => ({
  red: new Float32Array(instances * MAX_BANDS),
  green: new Float32Array(instances * MAX_BANDS),
  blue: new Float32Array(instances * MAX_BANDS),
  top: new Float32Array(instances * MAX_BANDS),
});

describe('writeBands', () => {
  it('writes each band as a linear colour and where it ends, into the instance slot', () => {
    const out = attributes(2);
    writeBands(
      [
        { hue: 0, lightness: 0.5, share: 0.5 }, // #cc3333: red at the owner saturation
        { hue: 0, lightness: 1, share: 0.3 }, // white
        { hue: 128, lightness: 0, share: 0.2 }, // black
      ],
      out,
      1,
    );
    const channel = (array: Float32Array) => [...array.slice(4)].map((c) => Math.round(c * 1000) / 1000);
    expect(channel(out.red)).toEqual([0.604, 1, 0, 0]);
    expect(channel(out.green)).toEqual([0.033, 1, 0, 0]);
    expect(channel(out.blue)).toEqual([0.033, 1, 0, 0]);
    expect([...out.top.slice(4)]).toEqual([0.5, expect.closeTo(0.8), 1, 1]);
    expect([...out.red.slice(0, 4)]).toEqual([0, 0, 0, 0]);
    expect([0.1, 0.6, 0.9].map((level) => bandAt(out.top, 1, level))).toEqual([0, 1, 2]);
  });

  it('gives a one-band structure that band at every height', () => {
    const out = attributes(1);
    writeBands([{ hue: 10, lightness: 0.5, share: 1 }], out, 0);
    expect([...out.top]).toEqual([1, 1, 1, 1]);
    expect([0, 0.5, 0.99].map((level) => bandAt(out.top, 0, level))).toEqual([0, 0, 0]);
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
