import { districtOf, roadSides } from '../../../shared/city.ts';
import { PARCEL_COUNT, parcelCoords } from '../../../shared/world.ts';

/**
 * The city layout of shared/city.ts for every parcel, computed once per page (it never changes):
 * the ground texels and the minimap read it for each parcel they resolve.
 */
export interface CityLayout {
  /** District id of each parcel id. */
  district: Uint8Array;
  /** RoadSide bits of each parcel id. */
  roads: Uint8Array;
}

function layOut(): CityLayout {
  const district = new Uint8Array(PARCEL_COUNT);
  const roads = new Uint8Array(PARCEL_COUNT);
  for (let id = 0; id < PARCEL_COUNT; id++) {
    const { x, y } = parcelCoords(id);
    district[id] = districtOf(x, y).id;
    roads[id] = roadSides(x, y);
  }
  return { district, roads };
}

export const CITY: CityLayout = layOut();
