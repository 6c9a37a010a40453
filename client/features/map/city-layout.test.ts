import { describe, expect, it } from 'vitest';
import { districtOf, roadSides } from '../../../shared/city.ts';
import { PARCEL_COUNT, parcelCoords } from '../../../shared/world.ts';
import { CITY } from './city-layout.ts';

describe('CITY', () => {
  it('has shared/city.ts’s district and streets for every parcel', () => {
    let wrong = 0;
    for (let id = 0; id < PARCEL_COUNT; id++) {
      const { x, y } = parcelCoords(id);
      if (CITY.district[id] !== districtOf(x, y).id || CITY.roads[id] !== roadSides(x, y)) wrong++;
    }
    expect(wrong).toBe(0);
  });
});
