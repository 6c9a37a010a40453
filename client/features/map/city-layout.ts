import { blockOf, districtOf, RoadSide, roadSides } from '../../../shared/city.ts';
import { PARCEL_COUNT, parcelId, WORLD_RADIUS, WORLD_SIDE } from '../../../shared/world.ts';

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

const X_SIDES = RoadSide.West | RoadSide.East;
const Y_SIDES = RoadSide.South | RoadSide.North;

/**
 * Built before the world's first frame, so without calling shared/city.ts per parcel: a parcel's
 * west/east streets depend on its x alone and its south/north ones on its y alone, and its
 * district on its two blocks alone (districtOf goes by the block's centre) — one call per
 * coordinate and per pair of blocks, the same answers.
 */
function layOut(): CityLayout {
  const district = new Uint8Array(PARCEL_COUNT);
  const roads = new Uint8Array(PARCEL_COUNT);
  const xRoads = new Uint8Array(WORLD_SIDE);
  const yRoads = new Uint8Array(WORLD_SIDE);
  const blocks = new Int16Array(WORLD_SIDE);
  for (let c = -WORLD_RADIUS; c <= WORLD_RADIUS; c++) {
    xRoads[c + WORLD_RADIUS] = roadSides(c, 0) & X_SIDES;
    yRoads[c + WORLD_RADIUS] = roadSides(0, c) & Y_SIDES;
    blocks[c + WORLD_RADIUS] = blockOf(c);
  }
  const outermost = blockOf(WORLD_RADIUS);
  const span = 2 * outermost + 1;
  const districtOfBlocks = new Int16Array(span * span).fill(-1);
  for (let x = -WORLD_RADIUS; x <= WORLD_RADIUS; x++) {
    const bx = (blocks[x + WORLD_RADIUS] as number) + outermost;
    for (let y = -WORLD_RADIUS; y <= WORLD_RADIUS; y++) {
      const pair = bx * span + (blocks[y + WORLD_RADIUS] as number) + outermost;
      let id = districtOfBlocks[pair] as number;
      if (id < 0) {
        id = districtOf(x, y).id;
        districtOfBlocks[pair] = id;
      }
      const parcel = parcelId(x, y);
      district[parcel] = id;
      roads[parcel] = (xRoads[x + WORLD_RADIUS] as number) | (yRoads[y + WORLD_RADIUS] as number);
    }
  }
  return { district, roads };
}

export const CITY: CityLayout = layOut();
