import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PARCEL_COUNT, parcelCoords, parcelId, WORLD_RADIUS, WORLD_SIDE } from '../../../shared/world.ts';
import {
  parcelIdAtUv,
  parcelIdAtWorld,
  parcelOfTexel,
  texelOfParcel,
  uvOfParcel,
  worldOfParcel,
} from './grid.ts';

const anyParcelId = fc.integer({ min: 0, max: PARCEL_COUNT - 1 });
const inCell = fc.double({ min: -0.499, max: 0.499, noNaN: true });

describe('grid mapping', () => {
  it('maps every parcel id to a texel and back, with the texel index equal to the id', () => {
    for (let id = 0; id < PARCEL_COUNT; id++) {
      const { col, row } = texelOfParcel(id);
      expect(row * WORLD_SIDE + col).toBe(id);
      expect(parcelOfTexel(col, row)).toBe(id);
    }
  });

  it('maps every parcel id to its uv centre and back', () => {
    for (let id = 0; id < PARCEL_COUNT; id++) {
      const { u, v } = uvOfParcel(id);
      expect(parcelIdAtUv(u, v)).toBe(id);
    }
  });

  it('resolves any point inside a parcel, in world units and in uv, to that parcel', () => {
    fc.assert(
      fc.property(anyParcelId, inCell, inCell, (id, dx, dz) => {
        const centre = worldOfParcel(id);
        expect(parcelIdAtWorld(centre.x + dx, centre.z + dz)).toBe(id);
        const { u, v } = uvOfParcel(id);
        expect(parcelIdAtUv(u + dx / WORLD_SIDE, v - dz / WORLD_SIDE)).toBe(id);
      }),
      { numRuns: 20_000 },
    );
  });

  it('puts parcel (x, y) at world (x, y) and agrees with the shared id formula', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: -WORLD_RADIUS, max: WORLD_RADIUS }),
        fc.integer({ min: -WORLD_RADIUS, max: WORLD_RADIUS }),
        (x, y) => {
          const id = parcelId(x, y);
          expect(worldOfParcel(id)).toEqual({ x, z: y });
          expect(parcelCoords(id)).toEqual({ x, y });
          expect(texelOfParcel(id)).toEqual({ col: y + WORLD_RADIUS, row: x + WORLD_RADIUS });
        },
      ),
    );
  });

  it('answers null off the map and throws a RangeError for bad ids', () => {
    const edge = WORLD_RADIUS + 0.5;
    expect(parcelIdAtWorld(edge + 0.01, 0)).toBeNull();
    expect(parcelIdAtWorld(0, -edge - 0.01)).toBeNull();
    expect(parcelIdAtWorld(Number.NaN, 0)).toBeNull();
    expect(parcelIdAtUv(-0.01, 0.5)).toBeNull();
    expect(parcelIdAtUv(0.5, 1.01)).toBeNull();
    expect(parcelIdAtUv(Number.NaN, 0.5)).toBeNull();
    expect(parcelIdAtUv(1, 0)).toBe(parcelId(WORLD_RADIUS, WORLD_RADIUS));
    expect(parcelIdAtUv(0, 1)).toBe(parcelId(-WORLD_RADIUS, -WORLD_RADIUS));
    expect(() => texelOfParcel(PARCEL_COUNT)).toThrow(RangeError);
    expect(() => texelOfParcel(-1)).toThrow(RangeError);
    expect(() => worldOfParcel(1.5)).toThrow(RangeError);
    expect(() => parcelOfTexel(WORLD_SIDE, 0)).toThrow(RangeError);
  });
});
