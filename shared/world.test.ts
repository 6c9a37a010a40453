import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  BASE_CLAIM_PRICE_WEI,
  claimPriceWei,
  isOnMap,
  ownerHue,
  PARCEL_COUNT,
  parcelCoords,
  parcelId,
  parseCoords,
  WORLD_RADIUS,
  WORLD_SIDE,
} from './world.ts';

const onMap = fc.integer({ min: -WORLD_RADIUS, max: WORLD_RADIUS });

describe('parcel ids', () => {
  it('round-trips every coordinate pair through its id', () => {
    fc.assert(
      fc.property(onMap, onMap, (x, y) => {
        const id = parcelId(x, y);
        expect(id).toBeGreaterThanOrEqual(0);
        expect(id).toBeLessThan(PARCEL_COUNT);
        expect(parcelCoords(id)).toEqual({ x, y });
      }),
    );
  });

  it('numbers the grid column by column from the south-west corner', () => {
    expect(parcelId(-WORLD_RADIUS, -WORLD_RADIUS)).toBe(0);
    expect(parcelId(-WORLD_RADIUS, -WORLD_RADIUS + 1)).toBe(1);
    expect(parcelId(-WORLD_RADIUS + 1, -WORLD_RADIUS)).toBe(WORLD_SIDE);
    expect(parcelId(0, 0)).toBe((PARCEL_COUNT - 1) / 2);
    expect(parcelId(WORLD_RADIUS, WORLD_RADIUS)).toBe(PARCEL_COUNT - 1);
  });

  it('refuses coordinates and ids off the map', () => {
    expect(() => parcelId(WORLD_RADIUS + 1, 0)).toThrow(RangeError);
    expect(() => parcelId(0, -WORLD_RADIUS - 1)).toThrow(RangeError);
    expect(() => parcelId(0.5, 0)).toThrow(RangeError);
    expect(() => parcelCoords(PARCEL_COUNT)).toThrow(RangeError);
    expect(() => parcelCoords(-1)).toThrow(RangeError);
    expect(isOnMap(Number.NaN, 0)).toBe(false);
  });
});

describe('claim prices', () => {
  it('charges 4× within ring 10, 2× within ring 50 and 1× beyond', () => {
    expect(claimPriceWei(0, 0)).toBe(4n * BASE_CLAIM_PRICE_WEI);
    expect(claimPriceWei(-10, 7)).toBe(4n * BASE_CLAIM_PRICE_WEI);
    expect(claimPriceWei(11, 0)).toBe(2n * BASE_CLAIM_PRICE_WEI);
    expect(claimPriceWei(3, -50)).toBe(2n * BASE_CLAIM_PRICE_WEI);
    expect(claimPriceWei(51, 51)).toBe(BASE_CLAIM_PRICE_WEI);
    expect(claimPriceWei(-150, 150)).toBe(BASE_CLAIM_PRICE_WEI);
  });

  it('never rises going outwards', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: WORLD_RADIUS - 1 }), (ring) => {
        expect(claimPriceWei(ring + 1, 0)).toBeLessThanOrEqual(claimPriceWei(ring, 0));
      }),
    );
  });
});

describe('parseCoords', () => {
  it('reads what players type and refuses the rest', () => {
    expect(parseCoords('-150,150')).toEqual({ x: -150, y: 150 });
    expect(parseCoords(' 3 , -4 ')).toEqual({ x: 3, y: -4 });
    expect(parseCoords('151,0')).toBeNull();
    expect(parseCoords('a,b')).toBeNull();
    expect(parseCoords('')).toBeNull();
  });
});

describe('ownerHue', () => {
  it('is stable, case-blind and spreads owners over the wheel', () => {
    const address = '0xAbCdEf0123456789abcdef0123456789ABCDEF01';
    expect(ownerHue(address)).toBe(ownerHue(address.toLowerCase()));
    const hues = new Set<number>();
    for (let i = 0; i < 64; i++) hues.add(ownerHue(`0x${i.toString(16).padStart(40, '0')}`));
    expect(hues.size).toBeGreaterThan(32);
  });
});
