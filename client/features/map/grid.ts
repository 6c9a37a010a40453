import { PARCEL_SIZE } from '../../../shared/protocol.ts';
import { isParcelId, parcelCoords, parcelId, WORLD_RADIUS, WORLD_SIDE } from '../../../shared/world.ts';

/**
 * Where parcels sit in the 3D world, on the ground quad's uv, and in the map texture.
 *
 * World: parcel (x, y) is centred at world (X, Z) = (x, y) · PARCEL_SIZE on the ground plane Y = 0,
 * the same units the server's `move` positions use.
 * Ground uv: the quad is a PlaneGeometry of side WORLD_SIDE · PARCEL_SIZE laid flat
 * (rotateX(-π/2)), so u grows with X and v grows towards -Z.
 * Texture: texel (col, row) = (y + R, x + R), so the texel index row · WORLD_SIDE + col equals the
 * parcel id and the texel's bytes sit at id · 4 in the RGBA8 data.
 */

/** Side of the ground quad in world units. */
export const GROUND_SIZE = WORLD_SIDE * PARCEL_SIZE;

export interface WorldPoint {
  readonly x: number;
  readonly z: number;
}

export interface Uv {
  readonly u: number;
  readonly v: number;
}

export interface Texel {
  readonly col: number;
  readonly row: number;
}

/** Grid cell index (0 … WORLD_SIDE - 1) of a position along one axis in parcel units, or -1 off the map. */
function cellOf(parcelUnits: number): number {
  const cell = Math.floor(parcelUnits + WORLD_RADIUS + 0.5);
  return cell >= 0 && cell < WORLD_SIDE ? cell : -1;
}

/** Parcel id under world point (x, z), or null off the map. */
export function parcelIdAtWorld(x: number, z: number): number | null {
  const row = cellOf(x / PARCEL_SIZE);
  const col = cellOf(z / PARCEL_SIZE);
  if (row < 0 || col < 0) return null;
  return row * WORLD_SIDE + col;
}

/** Centre of parcel `id` in world units. Throws RangeError for an id off the map. */
export function worldOfParcel(id: number): WorldPoint {
  const { x, y } = parcelCoords(id);
  return { x: x * PARCEL_SIZE, z: y * PARCEL_SIZE };
}

/** Parcel id at ground uv (u, v) ∈ [0, 1]², or null outside the quad. */
export function parcelIdAtUv(u: number, v: number): number | null {
  if (!(u >= 0 && u <= 1 && v >= 0 && v <= 1)) return null;
  // u = 1 or v = 0 is the far edge of the last cell, not a cell beyond it.
  const row = Math.min(Math.floor(u * WORLD_SIDE), WORLD_SIDE - 1);
  const col = Math.min(Math.floor((1 - v) * WORLD_SIDE), WORLD_SIDE - 1);
  return row * WORLD_SIDE + col;
}

/** Ground uv of the centre of parcel `id`. Throws RangeError for an id off the map. */
export function uvOfParcel(id: number): Uv {
  const { row, col } = texelOfParcel(id);
  return { u: (row + 0.5) / WORLD_SIDE, v: 1 - (col + 0.5) / WORLD_SIDE };
}

/** Texel of parcel `id` in the map texture. Throws RangeError for an id off the map. */
export function texelOfParcel(id: number): Texel {
  if (!isParcelId(id)) throw new RangeError(`parcel id ${id} is off the map`);
  return { col: id % WORLD_SIDE, row: Math.floor(id / WORLD_SIDE) };
}

/** Parcel id of texel (col, row). Throws RangeError outside the texture. */
export function parcelOfTexel(col: number, row: number): number {
  return parcelId(row - WORLD_RADIUS, col - WORLD_RADIUS);
}

/** Clamps a world point to the map (camera targets and go-to destinations stay over land). */
export function clampToMap(x: number, z: number): WorldPoint {
  const limit = WORLD_RADIUS * PARCEL_SIZE;
  return { x: Math.max(-limit, Math.min(limit, x)), z: Math.max(-limit, Math.min(limit, z)) };
}
