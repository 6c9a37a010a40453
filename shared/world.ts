/**
 * The world grid: parcels at integer coordinates x, y in [-WORLD_RADIUS, WORLD_RADIUS].
 * The parcel id is the ERC-721 token id, the texel index of the client's map texture and the
 * key in server state. `contracts/src/LandRegistry.sol` uses the same formula.
 */

/** Half the side of the map, in parcels (Decentraland's Genesis City size). */
export const WORLD_RADIUS = 150;
/** Parcels along one side of the map. */
export const WORLD_SIDE = 2 * WORLD_RADIUS + 1;
/** Every parcel of the map: 90,601 at the default radius. */
export const PARCEL_COUNT = WORLD_SIDE * WORLD_SIDE;

export interface ParcelCoords {
  readonly x: number;
  readonly y: number;
}

/** True when (x, y) are integers on the map. */
export function isOnMap(x: number, y: number): boolean {
  return (
    Number.isInteger(x) && Number.isInteger(y) && Math.abs(x) <= WORLD_RADIUS && Math.abs(y) <= WORLD_RADIUS
  );
}

/** True when `id` is the id of a parcel on the map. */
export function isParcelId(id: number): boolean {
  return Number.isInteger(id) && id >= 0 && id < PARCEL_COUNT;
}

/** Parcel id of (x, y): `(x + R) * (2R + 1) + (y + R)`. Throws RangeError off the map. */
export function parcelId(x: number, y: number): number {
  if (!isOnMap(x, y)) throw new RangeError(`parcel ${x},${y} is off the map (|x|, |y| ≤ ${WORLD_RADIUS})`);
  return (x + WORLD_RADIUS) * WORLD_SIDE + (y + WORLD_RADIUS);
}

/** Coordinates of parcel `id`. Throws RangeError for an id that is not on the map. */
export function parcelCoords(id: number): ParcelCoords {
  if (!isParcelId(id)) throw new RangeError(`parcel id ${id} is off the map (0 ≤ id < ${PARCEL_COUNT})`);
  return { x: Math.floor(id / WORLD_SIDE) - WORLD_RADIUS, y: (id % WORLD_SIDE) - WORLD_RADIUS };
}

/** Ring of a parcel: its Chebyshev distance from the centre, `max(|x|, |y|)`. */
export function parcelRing(x: number, y: number): number {
  return Math.max(Math.abs(x), Math.abs(y));
}

/** Price of an unclaimed parcel at ring ≥ 51, in wei (0.01 ETH). */
export const BASE_CLAIM_PRICE_WEI = 10_000_000_000_000_000n;

/** Rings up to this (inclusive) cost 4× base. */
export const CENTRE_RING = 10;
/** Rings up to this (inclusive) cost 2× base. */
export const INNER_RING = 50;

/** Price multiplier of a ring: 4× within 10 of the centre, 2× within 50, 1× beyond. */
export function ringMultiplier(ring: number): bigint {
  if (ring <= CENTRE_RING) return 4n;
  if (ring <= INNER_RING) return 2n;
  return 1n;
}

/** Price in wei to claim the unclaimed parcel (x, y). */
export function claimPriceWei(x: number, y: number, basePriceWei: bigint = BASE_CLAIM_PRICE_WEI): bigint {
  if (!isOnMap(x, y)) throw new RangeError(`parcel ${x},${y} is off the map`);
  return basePriceWei * ringMultiplier(parcelRing(x, y));
}

/** "x,y" as players write it. */
export function formatCoords({ x, y }: ParcelCoords): string {
  return `${x},${y}`;
}

/** Parses "x,y" (spaces allowed); null when it is not a parcel on the map. */
export function parseCoords(text: string): ParcelCoords | null {
  const match = /^\s*(-?\d{1,4})\s*[,;\s]\s*(-?\d{1,4})\s*$/.exec(text);
  if (!match) return null;
  const x = Number(match[1]);
  const y = Number(match[2]);
  return isOnMap(x, y) ? { x, y } : null;
}

/** What a parcel is now, as server state carries it and the map texture encodes it. */
export const ParcelStatus = {
  Unclaimed: 0,
  Owned: 1,
  Fractional: 2,
  Buyout: 3,
} as const;
export type ParcelStatus = (typeof ParcelStatus)[keyof typeof ParcelStatus];

/** A stable hue (0–255) for an owner address, so each owner's land has its own colour. */
export function ownerHue(address: string): number {
  const hex = address.toLowerCase().replace(/^0x/, '');
  let hash = 0x811c9dc5; // FNV-1a over the hex digits
  for (let i = 0; i < hex.length; i++) {
    hash ^= hex.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return (hash >>> 0) % 256;
}
