import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockOf, DISTRICTS, districtOf, RoadSide, roadSides, STREET_SPACING, streetAfter } from './city.ts';
import { CENTRE_RING, INNER_RING, parcelRing, WORLD_RADIUS } from './world.ts';

const coordinate = fc.integer({ min: -WORLD_RADIUS, max: WORLD_RADIUS });

describe('streets', () => {
  it('run along the edges at ±10.5, ±20.5 … ±140.5 and nowhere else', () => {
    const edges: number[] = [];
    for (let c = -WORLD_RADIUS - 1; c <= WORLD_RADIUS; c++) if (streetAfter(c)) edges.push(c + 0.5);
    const positive = Array.from({ length: 14 }, (_, k) => (k + 1) * STREET_SPACING + 0.5);
    expect(edges).toEqual([...positive.map((edge) => -edge).reverse(), ...positive]);
  });

  it('never cross the plaza: its inside has no street edge, its border is a ring road', () => {
    for (let x = -CENTRE_RING; x <= CENTRE_RING; x++)
      for (let y = -CENTRE_RING; y <= CENTRE_RING; y++) {
        const sides = roadSides(x, y);
        const expected =
          (x === -CENTRE_RING ? RoadSide.West : 0) |
          (x === CENTRE_RING ? RoadSide.East : 0) |
          (y === -CENTRE_RING ? RoadSide.South : 0) |
          (y === CENTRE_RING ? RoadSide.North : 0);
        expect(sides).toBe(expected);
      }
  });

  it('agree across an edge: a parcel has a street on its east side exactly when its east neighbour has one on its west', () => {
    fc.assert(
      fc.property(coordinate, fc.integer({ min: -WORLD_RADIUS, max: WORLD_RADIUS - 1 }), (y, x) => {
        expect((roadSides(x, y) & RoadSide.East) !== 0).toBe((roadSides(x + 1, y) & RoadSide.West) !== 0);
        expect((roadSides(y, x) & RoadSide.North) !== 0).toBe((roadSides(y, x + 1) & RoadSide.South) !== 0);
      }),
    );
  });

  it('are symmetric under mirroring and swapping the axes', () => {
    fc.assert(
      fc.property(coordinate, coordinate, (x, y) => {
        const sides = roadSides(x, y);
        const mirrored = roadSides(-x, y);
        expect((sides & RoadSide.West) !== 0).toBe((mirrored & RoadSide.East) !== 0);
        const swapped = roadSides(y, x);
        expect((sides & RoadSide.North) !== 0).toBe((swapped & RoadSide.East) !== 0);
      }),
    );
  });

  it('refuses a parcel off the map', () => {
    expect(() => roadSides(WORLD_RADIUS + 1, 0)).toThrow(RangeError);
    expect(() => districtOf(0, -WORLD_RADIUS - 1)).toThrow(RangeError);
  });
});

describe('districts', () => {
  it('are the plaza and sixteen named compass sectors, each with its own name', () => {
    expect(DISTRICTS).toHaveLength(17);
    expect(new Set(DISTRICTS.map((district) => district.name)).size).toBe(17);
    expect(DISTRICTS.map((district) => district.id)).toEqual([...DISTRICTS.keys()]);
  });

  it('put the plaza at the centre and follow the price zones', () => {
    expect(districtOf(0, 0).zone).toBe('plaza');
    expect(districtOf(CENTRE_RING, -CENTRE_RING).zone).toBe('plaza');
    expect(districtOf(CENTRE_RING + 1, 0).zone).toBe('inner');
    expect(districtOf(0, INNER_RING).zone).toBe('inner');
    expect(districtOf(0, INNER_RING + 1).zone).toBe('outer');
    fc.assert(
      fc.property(coordinate, coordinate, (x, y) => {
        const ring = parcelRing(x, y);
        const zone = ring <= CENTRE_RING ? 'plaza' : ring <= INNER_RING ? 'inner' : 'outer';
        expect(districtOf(x, y).zone).toBe(zone);
      }),
    );
  });

  it('name the sectors by compass direction: east of the plaza is sector 0, north (+y) sector 2', () => {
    expect(districtOf(30, 0).sector).toBe(0);
    expect(districtOf(0, 30).sector).toBe(2);
    expect(districtOf(-30, 0).sector).toBe(4);
    expect(districtOf(0, -30).sector).toBe(6);
    expect(districtOf(100, 100).sector).toBe(1);
    expect(districtOf(100, 100).zone).toBe('outer');
  });

  it('hold whole blocks: every parcel of a block between streets is in one district', () => {
    fc.assert(
      fc.property(coordinate, coordinate, coordinate, coordinate, (x1, y1, x2, y2) => {
        if (blockOf(x1) === blockOf(x2) && blockOf(y1) === blockOf(y2))
          expect(districtOf(x1, y1)).toBe(districtOf(x2, y2));
      }),
    );
  });

  it('change only across a street', () => {
    fc.assert(
      fc.property(coordinate, fc.integer({ min: -WORLD_RADIUS, max: WORLD_RADIUS - 1 }), (y, x) => {
        if (districtOf(x, y) !== districtOf(x + 1, y)) expect(streetAfter(x)).toBe(true);
      }),
    );
  });
});
