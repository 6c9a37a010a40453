import { CENTRE_RING, INNER_RING, isOnMap, parcelRing, WORLD_RADIUS } from './world.ts';

/**
 * The city's one layout, a pure function of the coordinates (the same on every client, the
 * server and the tests): a plaza at the centre, streets on a grid, and named districts.
 *
 * - The plaza is the 4×-price centre, rings 0…CENTRE_RING: no street crosses it.
 * - Streets run along parcel edges (roads are not parcels: every parcel stays claimable), on the
 *   edge between |c| = k·STREET_SPACING and k·STREET_SPACING + 1 for k ≥ 1, so the plaza's own
 *   border is the first ring road and a block is STREET_SPACING parcels wide.
 * - A district is a set of whole blocks: the plaza, then eight compass sectors of the inner rings
 *   (CENTRE_RING < ring ≤ INNER_RING, 2× price) and eight of the outer rings (1× price), each
 *   block assigned by its centre, so district borders follow streets and price zones.
 */

/** Parcels between two parallel streets. */
export const STREET_SPACING = 10;

/** Bits of `roadSides`: which edges of a parcel a street runs along. */
export const RoadSide = {
  /** The edge towards −x. */
  West: 1,
  /** The edge towards +x. */
  East: 2,
  /** The edge towards −y. */
  South: 4,
  /** The edge towards +y. */
  North: 8,
} as const;

/**
 * True when a street runs along the edge between coordinate `c` and `c + 1` (either axis): at
 * |edge| = k·STREET_SPACING + ½ for k ≥ 1, and never past the map's border.
 */
export function streetAfter(c: number): boolean {
  const edge = Math.abs(c + 0.5) - 0.5; // k·SPACING for a street edge on either side of 0
  return edge >= STREET_SPACING && edge < WORLD_RADIUS && edge % STREET_SPACING === 0;
}

/** Edges of parcel (x, y) with a street along them (RoadSide bits). */
export function roadSides(x: number, y: number): number {
  if (!isOnMap(x, y)) throw new RangeError(`parcel ${x},${y} is off the map`);
  // Street edges lie at |c| ≥ CENTRE_RING + ½: the plaza's border is a ring road, its inside has none.
  return (
    (streetAfter(x - 1) ? RoadSide.West : 0) |
    (streetAfter(x) ? RoadSide.East : 0) |
    (streetAfter(y - 1) ? RoadSide.South : 0) |
    (streetAfter(y) ? RoadSide.North : 0)
  );
}

/** Block index of a coordinate along one axis: 0 for the plaza's band, ±k for the k-th block out. */
export function blockOf(c: number): number {
  const out = Math.abs(c);
  const k = out <= CENTRE_RING ? 0 : Math.floor((out - CENTRE_RING - 1) / STREET_SPACING) + 1;
  return c < 0 ? -k : k;
}

/** Centre coordinate of block `k` along one axis (0 for the plaza's band). */
function blockCentre(k: number): number {
  if (k === 0) return 0;
  return Math.sign(k) * (CENTRE_RING + (Math.abs(k) - 1) * STREET_SPACING + (STREET_SPACING + 1) / 2);
}

export type DistrictZone = 'plaza' | 'inner' | 'outer';

export interface District {
  /** 0 = the plaza, 1–8 the inner sectors (east, then counter-clockwise), 9–16 the outer ones. */
  readonly id: number;
  readonly name: string;
  readonly zone: DistrictZone;
  /** Compass sector 0–7 (0 = +x, counter-clockwise in 45° steps); -1 for the plaza. */
  readonly sector: number;
}

const SECTORS = 8;
const INNER_NAMES = [
  'Mint Row',
  'Hashgate',
  'Ledger Hill',
  'Vault Quarter',
  'Lantern Market',
  'Rotor Yards',
  'Share Street',
  'Foundry Lane',
] as const;
const OUTER_NAMES = [
  'Copper Marsh',
  'Windmill Flats',
  'Northern Claims',
  'Far Orchards',
  'Quarry Fields',
  'Dust Reach',
  'Southern Claims',
  'Signal Heights',
] as const;

/** Every district, indexed by id. */
export const DISTRICTS: readonly District[] = [
  { id: 0, name: 'Genesis Plaza', zone: 'plaza', sector: -1 },
  ...INNER_NAMES.map((name, sector) => ({ id: 1 + sector, name, zone: 'inner' as const, sector })),
  ...OUTER_NAMES.map((name, sector) => ({ id: 1 + SECTORS + sector, name, zone: 'outer' as const, sector })),
];

/** The district of parcel (x, y), by the centre of its block. */
export function districtOf(x: number, y: number): District {
  if (!isOnMap(x, y)) throw new RangeError(`parcel ${x},${y} is off the map`);
  const bx = blockCentre(blockOf(x));
  const by = blockCentre(blockOf(y));
  if (bx === 0 && by === 0) return DISTRICTS[0] as District;
  const turn = Math.atan2(by, bx) / (2 * Math.PI); // −½ … ½
  const sector = (Math.round(turn * SECTORS) + SECTORS) % SECTORS;
  const inner = parcelRing(bx, by) <= INNER_RING;
  return DISTRICTS[(inner ? 1 : 1 + SECTORS) + sector] as District;
}
